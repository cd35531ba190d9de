import { DEFAULT_RUBRIC, type Rubric, checkRubric, checkScores, scoreSheet, weightedTotal } from './rubric';
import { qExact } from './rational';

const full = { distinctive: 10, organised: 10, influence: 10, breakthrough: 10, leaderPraise: 10 };

describe('quarterly rubric', () => {
  it('has the five criteria of the selection standard, weights summing to 100', () => {
    expect(DEFAULT_RUBRIC.criteria.map((c) => c.label)).toEqual([
      '特色创新先导性', '工作安排有力有序走在前列', '市省全国影响力', '突破难点应对热点创造亮点', '领导批示表扬',
    ]);
    expect(DEFAULT_RUBRIC.criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
    expect(checkRubric(DEFAULT_RUBRIC)).toBeNull();
  });

  it('weighs each line as weight × score / max and explains every line', () => {
    const sheet = scoreSheet(DEFAULT_RUBRIC, { distinctive: 8.5, organised: 9, influence: 7, breakthrough: 8, leaderPraise: 6.5 });
    // 25·8.5/10 + 20·9/10 + 20·7/10 + 20·8/10 + 15·6.5/10 = 21.25 + 18 + 14 + 16 + 9.75
    expect(sheet.total).toEqual({ exact: '79', display: '79.00' });
    expect(sheet.outOf).toBe(100);
    expect(sheet.lines.map((l) => l.points.display)).toEqual(['21.25', '18.00', '14.00', '16.00', '9.75']);
    expect(sheet.explanation).toHaveLength(6);
    expect(sheet.explanation[0]).toMatchObject({ step: 'weight', input: { weight: 25, score: 8.5, max: 10 } });
    expect(sheet.explanation[0].text).toBe('「特色创新先导性」8.5分（满分10）× 权重25 ÷ 10 = 21.25');
    expect(sheet.explanation[5]).toMatchObject({ step: 'sum', output: { exact: '79' } });
    expect(scoreSheet(DEFAULT_RUBRIC, full).total.exact).toBe('100');
  });

  it('keeps thirds exact with uneven weights', () => {
    const r: Rubric = { criteria: [{ key: 'a', label: '甲', weight: 10, max: 3, step: 1 }, { key: 'b', label: '乙', weight: 20, max: 3, step: 1 }] };
    expect(qExact(weightedTotal(r, { a: 1, b: 1 }))).toBe('10');
    expect(qExact(weightedTotal(r, { a: 1, b: 0 }))).toBe('10/3');
  });

  it('names the criterion of a score outside the range, off the step, missing or unknown', () => {
    expect(checkScores(DEFAULT_RUBRIC, full)).toEqual({ ok: true });
    expect(checkScores(DEFAULT_RUBRIC, { ...full, influence: 12 })).toEqual({
      ok: false, code: 'SCORE_OUT_OF_RANGE', criterion: 'influence', message: '「市省全国影响力」得分12超出范围，应为0至10分',
    });
    expect(checkScores(DEFAULT_RUBRIC, { ...full, organised: -0.5 })).toMatchObject({ code: 'SCORE_OUT_OF_RANGE', criterion: 'organised' });
    expect(checkScores(DEFAULT_RUBRIC, { ...full, organised: Number.NaN })).toMatchObject({ code: 'SCORE_OUT_OF_RANGE' });
    expect(checkScores(DEFAULT_RUBRIC, { ...full, breakthrough: 7.3 })).toMatchObject({ code: 'SCORE_OFF_STEP', criterion: 'breakthrough' });
    const { leaderPraise: _, ...missing } = full;
    expect(checkScores(DEFAULT_RUBRIC, missing)).toMatchObject({ code: 'SCORE_MISSING', criterion: 'leaderPraise', message: '请为「领导批示表扬」打分' });
    expect(checkScores(DEFAULT_RUBRIC, { ...full, beauty: 3 })).toMatchObject({ code: 'SCORE_UNKNOWN_CRITERION', criterion: 'beauty' });
    expect(() => scoreSheet(DEFAULT_RUBRIC, { ...full, influence: 12 })).toThrow('「市省全国影响力」得分12超出范围');
  });

  it('accepts decimal steps exactly (0.1 is not a binary fraction)', () => {
    const r: Rubric = { criteria: [{ key: 'a', label: '甲', weight: 100, max: 1, step: 0.1 }] };
    expect(checkRubric(r)).toBeNull();
    expect(checkScores(r, { a: 0.3 })).toEqual({ ok: true });
    expect(qExact(weightedTotal(r, { a: 0.3 }))).toBe('30');
  });

  it('refuses unusable rubric settings', () => {
    const c = DEFAULT_RUBRIC.criteria[0];
    expect(checkRubric({ criteria: [] })).not.toBeNull();
    expect(checkRubric({ criteria: [c, c] })).toContain('重复');
    expect(checkRubric({ criteria: [{ ...c, weight: 2.5 }] })).toContain('权重');
    expect(checkRubric({ criteria: [{ ...c, max: 0 }] })).toContain('满分');
    expect(checkRubric({ criteria: [{ ...c, step: 3 }] })).toContain('步长');
  });
});
