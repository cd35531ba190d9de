import { unitAssessment } from './assessment';

describe('unit assessment', () => {
  it('weighs each level 60/30/10 against the unit with the most, and explains each level', () => {
    const r = unitAssessment([
      { unitId: 1, annual: 2, quarterly: 3, monthly: 6 },
      { unitId: 2, annual: 1, quarterly: 4, monthly: 3 },
      { unitId: 3, annual: 0, quarterly: 1, monthly: 9 },
    ]);
    expect(r.maxima).toEqual({ annual: 2, quarterly: 4, monthly: 9 });
    // 1: 60 + 22.5 + 6.67 = 89.17; 2: 30 + 30 + 3.33 = 63.33; 3: 0 + 7.5 + 10 = 17.5
    expect(r.rows.map((x) => [x.unitId, x.score.exact, x.score.display, x.rank])).toEqual([
      [1, '535/6', '89.17', 1], [2, '190/3', '63.33', 2], [3, '35/2', '17.50', 3],
    ]);
    expect(r.rows[0].levels[1]).toEqual({ level: 'quarterly', count: 3, max: 4, share: { exact: '3/4', display: '0.7500' }, weight: 30, points: { exact: '45/2', display: '22.50' } });
    expect(r.rows[0].explanation.map((s) => s.text)).toEqual([
      '年度十大亮点工作2项 ÷ 最多2项 × 60 = 60.00',
      '季度十大亮点工作3项 ÷ 最多4项 × 30 = 22.50',
      '月度亮点工作6项 ÷ 最多9项 × 10 = 6.67',
      '合计60.00 + 22.50 + 6.67 = 89.17分',
      '排第1名',
    ]);
  });

  it('gives 0 at a level where no unit has anything, and ties units with equal scores', () => {
    const r = unitAssessment([
      { unitId: 5, annual: 0, quarterly: 0, monthly: 2 },
      { unitId: 4, annual: 0, quarterly: 0, monthly: 2 },
      { unitId: 6, annual: 0, quarterly: 0, monthly: 0 },
    ]);
    expect(r.rows.map((x) => [x.unitId, x.score.display, x.rank])).toEqual([[4, '10.00', 1], [5, '10.00', 1], [6, '0.00', 3]]);
    expect(r.rows[0].explanation[0].text).toBe('年度十大亮点工作：各单位均为0项，计0分');
    expect(r.rows[0].explanation.at(-1)!.text).toBe('与1个单位并列第1名');
    expect(unitAssessment([]).rows).toEqual([]);
  });

  it('takes the weights as a setting and refuses bad counts', () => {
    const r = unitAssessment([{ unitId: 1, annual: 1, quarterly: 1, monthly: 1 }], { annual: 50, quarterly: 25, monthly: 25 });
    expect(r.rows[0].score.exact).toBe('100');
    expect(() => unitAssessment([{ unitId: 1, annual: -1, quarterly: 0, monthly: 0 }])).toThrow('非负整数');
    expect(() => unitAssessment([{ unitId: 1, annual: 0, quarterly: 0, monthly: 0 }, { unitId: 1, annual: 0, quarterly: 0, monthly: 0 }])).toThrow('重复');
  });
});
