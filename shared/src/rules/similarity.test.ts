import { DUPLICATE_THRESHOLD, normalizeText, similarity } from './similarity';
import { SimilarityIndex } from './similarity-index';

// August highlight works of seed 000, and rewrites of them from bench/similarity/sources.json.
const traffic = {
  title: '全力开展汛期防汛救灾工作',
  summary: '在接到上级强降雨预警信号通知后,交通局积极采取措施,对所辖干线进行水毁调查和修复,清理淤泥垃圾6350立方,疏通城区外环边沟、排水沟17公里,投入抢险1100工日,全力以赴保障人民群众生命安全。',
};
const trafficReworded = {
  title: '交通局全力抢修水毁道路保畅通',
  summary: '接到强降雨预警后,交通局迅速行动,对所辖干线公路开展水毁调查和修复,共清理淤泥垃圾6350立方米,疏通城区外环边沟、排水沟17公里,投入抢险1100个工日,保障群众出行安全。',
};
const trafficInWords = {
  title: '全力开展汛期防汛救灾工作',
  summary: '在接到上级强降雨预警信号通知后，交通局积极采取措施，对所辖干线进行水毁调查和修复，清理淤泥垃圾六千三百五十立方米，疏通城区外环边沟、排水沟十七公里，投入抢险一千一百工日。',
};
const greening = {
  title: '实施绿化美化工程,建设美丽小镇',
  summary: '积极启动北环迎宾路绿化补植工作,打造宜居的生活环境,提升街道整体形象。此次补植采取对缺块、缺株栽植的方法,进行全面补植。10多名专业栽种人员紧张工作,共补植卫矛70000余株。',
};
// Two different works of one unit (县委宣传部).
const chunya = {
  title: '春芽工程帮助贫困大学生圆“大学梦”',
  summary: '“春芽工程”作为盐山道德建设的品牌工程,自2004年启动以来,每年有万余名社会各界参与。今年8月份共资助贫困大学生24名,对盐山县考入“211工程”的13名大学生进行了奖励,共发放资助资金34.6万元。“春芽工程”管理委员会对申请救助的大学生信息进行了详细登记,并建立微信群,及时解决他们学习生活中遇到的困难。',
};
const chunyaSeptember = {
  title: '“春芽工程”9月继续资助贫困大学生',
  summary: '“春芽工程”作为盐山道德建设的品牌工程,9月份又资助贫困大学生11名,本年度累计资助35名,发放资助资金共计48.2万元。管理委员会通过微信群持续跟踪受助学生的学习生活情况。',
};
const film = {
  title: '公益电影《温暖的寒冬》举办首映式',
  summary: '8月26日,举行电影《温暖的寒冬》全国公映盐山首映式,该片是由北京空山新雨影视文化有限公司和盐山县委宣传部联合拍摄的一部主题鲜明的公益电影,该片融入了盐山本土文化元素,凸显了盐山人文特色,是2017年度盐山县推进文化“走出去”战略,扩大对外宣传的重大精品力作。',
};
const STOCK = '该项工作得到了县委、县政府主要领导同志的批示肯定,被多家媒体宣传报道,在全县具有示范推广意义。';

describe('normalizeText', () => {
  it('folds full-width characters, drops punctuation and spacing, keeps digits and letters', () => {
    expect(normalizeText('（ＡＰＰ） 手机客户端，１７公里！')).toBe('app手机客户端17公里');
    expect(normalizeText('H5作品《盐山》、 浏览量近5万')).toBe('h5作品盐山浏览量近50000');
  });
  it('writes the same figure one way, however the report wrote it', () => {
    expect(normalizeText('六千三百五十立方')).toBe(normalizeText('6350立方'));
    expect(normalizeText('二〇一八年')).toBe('2018年');
    expect(normalizeText('34.6万元')).toBe('346000元');
    expect(normalizeText('七万余株')).toBe(normalizeText('70000余株'));
    expect(normalizeText('十多名')).toBe('10多名');
    expect(normalizeText('一百三十万元')).toBe(normalizeText('130万元'));
  });
  it('leaves 百万/千万 as words', () => {
    expect(normalizeText('百万警进千万家')).toBe('百万警进千万家');
  });
});

describe('similarity', () => {
  it('is 1 for the same text, whatever the punctuation, and symmetric', () => {
    expect(similarity(traffic, { ...traffic })).toBeCloseTo(1, 12);
    expect(similarity(traffic, { title: traffic.title + '。', summary: traffic.summary.replace(/,/g, '，') })).toBeCloseTo(1, 12);
    expect(similarity(traffic, greening)).toBe(similarity(greening, traffic));
  });

  it('puts the same work reworded above the threshold, and a different work far below', () => {
    const same = similarity(traffic, trafficReworded);
    expect(same).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(similarity(traffic, greening)).toBeLessThan(0.1);
    expect(same).toBeGreaterThan(4 * similarity(traffic, greening));
  });

  it('sees through figures written in Chinese numerals and full-width punctuation', () => {
    expect(similarity(traffic, trafficInWords)).toBeGreaterThan(0.6);
  });

  it('links the same work reported again the next month', () => {
    expect(similarity(chunya, chunyaSeptember)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('keeps two different works of the same unit apart', () => {
    expect(similarity(chunya, film)).toBeLessThan(DUPLICATE_THRESHOLD / 2);
  });

  it('does not let a stock sentence shared by two different works make them duplicates', () => {
    const a = { ...traffic, summary: traffic.summary + STOCK };
    const b = { ...greening, summary: greening.summary + STOCK };
    const shared = (2 * STOCK.length) / (a.summary.length + b.summary.length);
    // a third of the characters are identical, yet the score stays under the threshold: the
    // register's words weigh little
    expect(shared).toBeGreaterThan(0.3);
    expect(similarity(a, b)).toBeLessThan(DUPLICATE_THRESHOLD);
    // while the same sentence added to a true duplicate keeps it one
    expect(similarity(traffic, { ...trafficReworded, summary: trafficReworded.summary + STOCK })).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('scores 0 when either side has nothing left to compare', () => {
    expect(similarity({ title: '', summary: '' }, traffic)).toBe(0);
    expect(similarity({ title: '', summary: null }, { title: '' })).toBe(0);
    expect(similarity({ title: '，。！？……——  ', summary: '《》“”' }, { title: '，。！' })).toBe(0);
  });

  it('handles very short titles without a summary', () => {
    expect(similarity({ title: '防汛' }, { title: '防汛' })).toBeCloseTo(1, 12);
    expect(similarity({ title: '防汛' }, { title: '征迁' })).toBe(0);
    expect(similarity({ title: '汛' }, { title: '防汛' })).toBeGreaterThan(0);
    expect(similarity({ title: '汛' }, { title: '防汛' })).toBeLessThan(1);
  });

  it('stays within [0, 1]', () => {
    for (const a of [traffic, trafficReworded, greening, chunya, film, { title: 'x' }]) {
      for (const b of [traffic, trafficInWords, chunyaSeptember, { title: 'x' }]) {
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('SimilarityIndex', () => {
  const ledger = { traffic, greening, chunya, film };
  const build = () => {
    const index = new SimilarityIndex<string>();
    for (const [id, item] of Object.entries(ledger)) index.add(id, item);
    return index;
  };

  it('finds the earlier entry of a reworded item, with the score of similarity()', () => {
    const [first, ...rest] = build().query(trafficReworded, { minScore: 0 });
    expect(first.id).toBe('traffic');
    expect(first.score).toBeCloseTo(similarity(trafficReworded, traffic), 12);
    expect(rest.every((m) => m.score < DUPLICATE_THRESHOLD && m.score <= first.score)).toBe(true);
  });

  it('returns only matches at or above minScore (default DUPLICATE_THRESHOLD), at most limit', () => {
    const index = build();
    expect(index.query(chunyaSeptember).map((m) => m.id)).toEqual(['chunya']);
    expect(index.query(greening, { minScore: 0, limit: 2 })).toHaveLength(2);
    expect(index.query(greening, { limit: 0 })).toEqual([]);
    expect(index.query({ title: '征地拆迁' })).toEqual([]);
  });

  it('forgets removed entries and replaces an entry added again under its id', () => {
    const index = build();
    expect(index.remove('traffic')).toBe(true);
    expect(index.remove('traffic')).toBe(false);
    expect(index.query(trafficReworded)).toEqual([]);
    index.add('film', traffic);
    expect(index.size).toBe(3);
    expect(index.query(trafficReworded).map((m) => m.id)).toEqual(['film']);
  });

  it('answers nothing for an empty index or an empty item', () => {
    expect(new SimilarityIndex().query(traffic)).toEqual([]);
    expect(build().query({ title: '。。', summary: '' }, { minScore: 0 })).toEqual([]);
  });

  it('gives the same answers after removals compact it', () => {
    const index = new SimilarityIndex<number>();
    for (let i = 0; i < 300; i++) index.add(i, i % 2 ? greening : { title: `第${i}项`, summary: film.summary.slice(i % 50) });
    index.add(1000, traffic);
    for (let i = 0; i < 300; i++) if (i % 3) index.remove(i);
    expect(index.size).toBe(101);
    const matches = index.query(trafficReworded, { minScore: 0, limit: 200 });
    expect(matches[0]).toEqual({ id: 1000, score: expect.closeTo(similarity(trafficReworded, traffic), 12) });
    expect(matches.every((m) => m.id === 1000 || m.id % 3 === 0)).toBe(true);
  });
});
