import { DEFAULT_QUARTERLY_SETTINGS, type QuarterlyItem, quarterlyRanking } from './quarterly';

/** A sheet with the same score on every criterion: its weighted total is 10 × score. */
const even = (assessorId: number, score: number) => ({
  assessorId,
  scores: { distinctive: score, organised: score, influence: score, breakthrough: score, leaderPraise: score },
});
const item = (entryId: number, ...scores: number[]): QuarterlyItem => ({ entryId, sheets: scores.map((s, i) => even(i + 1, s)) });

describe('quarterly ranking', () => {
  it('ranks by the trimmed mean of the weighted totals and selects the top seats', () => {
    const r = quarterlyRanking([item(1, 9, 9, 9, 9, 1), item(2, 10, 8, 8, 8, 8), item(3, 7, 7, 7)], { ...DEFAULT_QUARTERLY_SETTINGS, seats: 2 });
    // item 1: 90 90 90 90 10 → drop 90 and 10 → 90; item 2: drop 100 and 80 → 80; item 3: 70
    expect(r.rows.map((x) => [x.entryId, x.score!.display, x.rank, x.status])).toEqual([
      [1, '90.00', 1, 'selected'], [2, '80.00', 2, 'selected'], [3, '70.00', 3, 'out'],
    ]);
    expect(r.selected).toEqual([1, 2]);
    expect(r.tie).toBeNull();
    // of the four equal highest, the one with the highest id is dropped (any would give the same mean)
    expect(r.rows[0].sheets.filter((s) => s.dropped)).toEqual([
      { assessorId: 4, total: { exact: '90', display: '90.00' }, dropped: 'highest' },
      { assessorId: 5, total: { exact: '10', display: '10.00' }, dropped: 'lowest' },
    ]);
    expect(r.rows[0].explanation.map((s) => s.step)).toEqual(['trim', 'mean', 'rank', 'cutOff']);
    expect(r.rows[2].explanation.at(-1)!.text).toBe('未入选季度前2名');
  });

  it('a 5th score switches the trimming on (4 vs 5 scores)', () => {
    const four = quarterlyRanking([item(1, 10, 6, 6, 2)]).rows[0];
    const five = quarterlyRanking([item(1, 10, 6, 6, 2, 6)]).rows[0];
    expect(four.score!.exact).toBe('60');
    expect(four.sheets.every((s) => s.dropped === null)).toBe(true);
    expect(five.score!.exact).toBe('60');
    expect(five.sheets.filter((s) => s.dropped).length).toBe(2);
  });

  it('hands equal means at the cut-off to the office', () => {
    const r = quarterlyRanking([item(1, 9), item(2, 8), item(3, 8), item(4, 5)], { ...DEFAULT_QUARTERLY_SETTINGS, seats: 2 });
    expect(r.selected).toEqual([1]);
    expect(r.tie).toEqual({ entryIds: [2, 3], seats: 1 });
    expect(r.rows.map((x) => x.rank)).toEqual([1, 2, 2, 4]);
    expect(r.rows[1].explanation.at(-1)!.text).toBe('2项并列于入选线，剩余1个名额由亮点办决定');
    expect(r.rows[1].explanation.find((s) => s.step === 'rank')!.text).toBe('平均分80.00，与1项并列第2名');
  });

  it('lists unscored items last, unranked and never selected', () => {
    const r = quarterlyRanking([{ entryId: 9, sheets: [] }, item(1, 5)]);
    expect(r.rows.map((x) => [x.entryId, x.rank, x.status])).toEqual([[1, 1, 'selected'], [9, null, 'unscored']]);
    expect(r.selected).toEqual([1]);
    expect(r.rows[1].explanation[0].text).toBe('尚无评分');
    expect(quarterlyRanking([])).toMatchObject({ rows: [], selected: [], tie: null });
  });

  it('selects the top 10 of the quarter by default', () => {
    const r = quarterlyRanking(Array.from({ length: 12 }, (_, i) => item(i + 1, 10 - i * 0.5)));
    expect(r.selected).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.rows[0].explanation.at(-1)!.text).toBe('入选季度十大亮点工作');
  });

  it('refuses a score out of range and an assessor who scored twice', () => {
    expect(() => quarterlyRanking([item(1, 11)])).toThrow('超出范围');
    expect(() => quarterlyRanking([{ entryId: 1, sheets: [even(4, 5), even(4, 6)] }])).toThrow('评分人4对条目1重复评分');
  });
});
