import { trimmedMean } from './trimmed-mean';
import { qExact, rational } from './rational';

const vals = (...xs: number[]) => xs.map((x, i) => ({ id: i + 1, value: rational(x) }));

describe('trimmed mean', () => {
  it('keeps all of 4 scores', () => {
    const t = trimmedMean(vals(90, 80, 70, 10));
    expect(qExact(t.mean!)).toBe('125/2');
    expect(t.dropped).toBeNull();
    expect(t.kept).toHaveLength(4);
    expect(t.explanation[0]).toMatchObject({ step: 'trim', text: '共4个评分，不足5个，全部计入' });
  });

  it('drops exactly one highest and one lowest of 5 scores', () => {
    const t = trimmedMean(vals(90, 80, 70, 10, 100));
    expect(qExact(t.mean!)).toBe('80');
    expect(t.dropped).toEqual({ lowest: { id: 4, value: rational(10) }, highest: { id: 5, value: rational(100) } });
    expect(t.explanation.map((s) => s.text)).toEqual(['共5个评分，去掉一个最高分100.00和一个最低分10.00', '3个有效评分的平均分为80.00']);
  });

  it('drops one of several equal highest, the same one whatever the order', () => {
    const a = trimmedMean(vals(90, 90, 90, 60, 60, 60));
    const b = trimmedMean([...vals(90, 90, 90, 60, 60, 60)].reverse());
    expect(qExact(a.mean!)).toBe('75');
    expect(a.kept).toHaveLength(4);
    expect(a.dropped).toEqual(b.dropped);
    expect(a.dropped!.highest.id).toBe(3);
    expect(a.dropped!.lowest.id).toBe(4);
  });

  it('handles no score and one score', () => {
    expect(trimmedMean([])).toMatchObject({ mean: null, kept: [], dropped: null });
    expect(trimmedMean([]).explanation[0].text).toBe('尚无评分');
    expect(qExact(trimmedMean(vals(42)).mean!)).toBe('42');
  });

  it('keeps the mean exact', () => {
    expect(qExact(trimmedMean(vals(1, 1, 2)).mean!)).toBe('4/3');
  });
});
