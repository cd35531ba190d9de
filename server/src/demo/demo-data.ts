import type { Role, UnitType } from '@liangdian/shared';

/**
 * Demo data from seed 000 (shared/seeds): the units that reported in August and their highlight
 * works, plus one demo user per role with a fixed openid for the development login. The seed is a
 * machine translation in places; unit names follow the issue (公共关系部 → 宣传部, 扶农办 → 扶贫办).
 */
export const DEMO_MONTH = '2018-08';

export const DEMO_UNITS: { code: string; name: string; type: UnitType }[] = [
  {
    "code": "XCB",
    "name": "宣传部",
    "type": "department"
  },
  {
    "code": "CGJ",
    "name": "城管局",
    "type": "department"
  },
  {
    "code": "GAJ",
    "name": "公安局",
    "type": "department"
  },
  {
    "code": "FXB",
    "name": "县防汛抗旱指挥部办公室",
    "type": "organ"
  },
  {
    "code": "ZYY",
    "name": "中医院",
    "type": "department"
  },
  {
    "code": "FPB",
    "name": "扶贫办",
    "type": "department"
  },
  {
    "code": "JTJ",
    "name": "交通局",
    "type": "department"
  },
  {
    "code": "CZX",
    "name": "常庄乡",
    "type": "township"
  },
  {
    "code": "QYZ",
    "name": "庆云镇",
    "type": "township"
  },
  {
    "code": "SFZ",
    "name": "圣佛镇",
    "type": "township"
  },
  {
    "code": "XWB",
    "name": "县委办公室",
    "type": "organ"
  }
];

export interface DemoUser {
  openid: string;
  name: string;
  phone: string;
  unitCode: string | null;
  unitName: string | null;
  roles: Role[];
}

const unitName = (code: string) => DEMO_UNITS.find((u) => u.code === code)!.name;
const user = (openid: string, name: string, phone: string, unitCode: string | null, roles: Role[]): DemoUser => ({
  openid,
  name,
  phone,
  unitCode,
  unitName: unitCode ? unitName(unitCode) : null,
  roles,
});

export const DEMO_USERS: DemoUser[] = [
  user('demo-reporter', '李明', '13800000001', 'XCB', ['reporter']),
  user('demo-unithead', '张华', '13800000002', 'XCB', ['unitHead']),
  user('demo-reporter-cgj', '赵强', '13800000003', 'CGJ', ['reporter']),
  user('demo-unithead-cgj', '孙伟', '13800000004', 'CGJ', ['unitHead']),
  user('demo-reporter-czx', '周丽', '13800000005', 'CZX', ['reporter']),
  user('demo-office', '王静', '13800000006', 'XWB', ['office']),
  user('demo-leader', '刘建国', '13800000007', null, ['groupLeader', 'leadingGroup', 'committee']),
  user('demo-member-2', '黄涛', '13800000012', null, ['leadingGroup']),
  user('demo-member-3', '吴敏', '13800000013', null, ['leadingGroup']),
  user('demo-assessor', '陈平', '13800000008', null, ['assessor']),
  user('demo-committee', '杨帆', '13800000009', null, ['committee']),
  user('demo-admin', '系统管理员', '13800000010', null, ['admin']),
  user('demo-public', '群众甲', '13800000011', null, []),
];

export const DEMO_WORKS: { unitCode: string; title: string; summary: string }[] = [
  {
    "unitCode": "XCB",
    "title": "“春芽工程”帮助贫困大学生圆“大学梦”",
    "summary": "“春芽工程”作为盐山道德建设的品牌工程,自2004年启动以来,每年有万余名社会各界参与。今年8月份共资助贫困大学生24名,对盐山县考入“211工程”的13名大学生进行了奖励,共发放资助资金34.6万元。“春芽工程”管理委员会对申请救助的大学生信息进行了详细登记,并建立微信群,及时解决他们学习生活中遇到的困难。"
  },
  {
    "unitCode": "XCB",
    "title": "公益电影《温暖的寒冬》举办首映式",
    "summary": "8月26日,举行电影《温暖的寒冬》全国公映盐山首映式,该片是由北京空山新雨影视文化有限公司和盐山县委宣传部联合拍摄的一部主题鲜明的公益电影,该片融入了盐山本土文化元素,凸显了盐山人文特色,是2017年度盐山县推进文化“走出去”战略,扩大对外宣传的重大精品力作。该片荣获“2018年沧州市文艺精品创作生产项目奖”。"
  },
  {
    "unitCode": "XCB",
    "title": "全媒体凝聚防汛救灾正能量",
    "summary": "组织策划了组合拳式的全媒体报道,推送10多条预警信息,单条信息阅读量9800多次。通过视频、图文、H5等形式多平台、多角度推送、报道,H5作品《盐山49万人民众志成城斗“摩羯”》,浏览量近5万人,《河北盐山:消防一晚救援转移被困人员50多人次》在中央电视台刊播;即时推送雨情快报、各级领导亲临一线督查、各乡镇党委政府连夜组织召开防汛会议画面信息,共发布微博50多条,图片800多张,视频20余条,总阅读量6万多人次;及时发布灾害农业技术信息、保障学生安全等信息,通过信息发布,号召全县广大人民及时做好灾后自救工作。"
  },
  {
    "unitCode": "CGJ",
    "title": "“创建文明示范街区”活动取得阶段性成效",
    "summary": "为进一步提升城市管理水平,创建优美、整洁、文明、和谐的城市环境,自5月1日起,在城区开展文明街区创建活动,以提升城市形象为主线,以城市净化、美化、规范化为重点,打造美丽宜居城市环境,围绕占道经营、游商小贩、交通秩序、环境卫生等方面开展整治活动,着力解决城市管理存在的“脏、乱、差”的突出问题。通过建立常态化管理机制,日日监管,严格执法,城区环境得到明显改善,交通秩序良好,门店基本实现退店经营,自行车停放有序,城市容貌得到较大改观。"
  },
  {
    "unitCode": "GAJ",
    "title": "城区全面取缔电动三(四)轮车工作成效明显",
    "summary": "自2018年7月27日起,在城区范围内开展为期70天的非法客运三轮车、四轮车集中取缔统一行动。成立5个打击阻碍执法组,设置13个劝导卡口,确定12个城区重点部位、11个城区重点路段,实行大兵团作战,逢车必查,逢违必究,逢患必除,彻底消除非法客运三轮车、四轮车的通行空间。截至目前,发放宣传材料6000余份,收缴车辆495辆,查处违法载人24起、无证驾驶50起,整治活动取得突出战果。"
  },
  {
    "unitCode": "FXB",
    "title": "合力防汛救灾,保护人民群众生命财产安全",
    "summary": "受副热带高压和台风“摩羯”影响,8月14日-15日,盐山遭遇特大暴雨天气,强降雨造成全县低洼区域内道路、房屋、农田出现严重内涝。县委、县政府主要领导多次作出批示指示并一线查看汛情灾情,县防汛抗旱指挥部启动三级应急响应,各级各部门分工协作,动员一切力量、动用一切设备,采取一切办法,排除积水,转移受灾群众,全力保障全县人民生命财产安全。通过科学指挥、积极应对,全县防汛抢险救灾工作取得了阶段性胜利。"
  },
  {
    "unitCode": "ZYY",
    "title": "深入落实“先诊疗后付费”政策,巩固脱贫成效",
    "summary": "为方便贫困患者就医,优化服务流程,助推全县精准扶贫工作,寿甫中医院决定在2018至2020年,利用三年时间继续推行贫困住院患者“先诊疗后付费”健康扶贫政策,为所有贫困住院患者开通生命“绿色通道”,确保贫困病人在第一时间内得到安全有效的治疗,尽最大努力减轻贫困住院患者的经济负担,从根本上解决贫困住院患者“看病难看病贵”的实际问题。"
  },
  {
    "unitCode": "FPB",
    "title": "拓展大数据中心功能,助力精准扶贫精准脱贫",
    "summary": "在全省率先建设县级“精准扶贫精准脱贫数据中心”,并配套建设“盐山县精准扶贫精准脱贫”APP手机客户端,设立“盐山扶贫”微信公众平台,围绕贫困户识别、帮扶、退出全过程,着眼精准记录、精准管理、精准施策,全力打造动态管理、指挥调度、监督检查、群众反馈“四大平台”,推动全县精准开展脱贫攻坚工作。在省评估、考核、验收以及国家专项评估中,得到了国务院扶贫办和省市领导的充分认可与肯定,并先后被沧州日报、河北日报刊发报道。"
  },
  {
    "unitCode": "JTJ",
    "title": "全力开展汛期防汛救灾工作",
    "summary": "在接到上级强降雨预警信号通知后,交通局积极采取措施,对所辖干线进行水毁调查和修复,清理淤泥垃圾6350立方,疏通城区外环边沟、排水沟17公里,投入抢险1100工日,全力以赴保障人民群众生命安全。"
  },
  {
    "unitCode": "CZX",
    "title": "连续三年争取革命老区项目促进乡村道路提档升级",
    "summary": "借助革命老区项目提升全乡道路建设水平:2016年争取资金90万元修建富民路;2017年争取资金130万元,修建大卢通火龙店龙兴路及前闫通崔家枣园路;2018年争取资金180万元,修建中闫村内1公里及中闫通大卢公路,公路连接孟店乡坊子村,打通了常庄通中心公路连接线。"
  },
  {
    "unitCode": "QYZ",
    "title": "文庙争创国家3A级旅游景区",
    "summary": "庆云文庙历经2年多已修缮完工,目前庆云镇投资210万元实施配套工程,争创国家3A级旅游景区。一期工程仿明清式建设正在施工;二期工程计划恢复大成殿和东、西庑里面部分展陈及戟门、乡贤祠和名宦祠等。"
  },
  {
    "unitCode": "SFZ",
    "title": "实施绿化美化工程,建设美丽小镇",
    "summary": "积极启动北环迎宾路绿化补植工作,打造宜居的生活环境,提升街道整体形象。此次补植采取对缺块、缺株栽植的方法,进行全面补植。10多名专业栽种人员紧张工作,共补植卫矛70000余株。"
  }
];
