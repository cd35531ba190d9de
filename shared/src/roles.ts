/** Roles of domain.md. One person may hold several; grants live in the database. */
export const ROLES = [
  'public',
  'reporter',
  'unitHead',
  'groupLeader',
  'office',
  'leadingGroup',
  'assessor',
  'committee',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  public: '群众',
  reporter: '单位填报员',
  unitHead: '单位主要负责人',
  groupLeader: '县级领导（组长）',
  office: '亮点办',
  leadingGroup: '亮点工作领导小组成员',
  assessor: '季度观摩评分人',
  committee: '县委委员',
  admin: '系统管理员',
};

/** Roles that only make sense inside a unit: a user holding one must belong to a unit. */
export const UNIT_ROLES: readonly Role[] = ['reporter', 'unitHead'];

/** What each role can do, shown on the home page (the capabilities grow with each feature). */
export const ROLE_CAPABILITIES: Record<Role, string[]> = {
  public: ['参加年度亮点工作网络投票', '查看公布的评选结果'],
  reporter: ['填报本单位亮点工作', '上传现场照片和证明材料', '查看本单位申报状态'],
  unitHead: ['审核签发本单位申报的亮点工作', '退回需要修改的申报'],
  groupLeader: ['每月推荐不超过5项亮点工作', '填写推荐理由并提供证明材料'],
  office: ['管理亮点工作台账', '合并重复事项', '现场检查验证', '组织月度、季度、年度评选', '发布《督查通报》'],
  leadingGroup: ['对每月亮点工作目录投票'],
  assessor: ['季度现场观摩评分'],
  committee: ['参加年度亮点工作委员投票'],
  admin: ['导入单位和用户', '分配角色', '查看审计日志'],
};

export const UNIT_TYPES = ['department', 'township', 'organ'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  department: '县直部门',
  township: '乡镇',
  organ: '县级机关',
};
