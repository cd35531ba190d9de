import { type AnnualCandidate, annualRanking } from './annual';

const cands = (...rows: [number, number, number][]): AnnualCandidate[] => rows.map(([entryId, committee, pub]) => ({ entryId, committee, public: pub }));
const ranks = (r: ReturnType<typeof annualRanking>) => r.rows.map((x) => [x.entryId, x.score.display, x.rank]);

describe('annual ranking', () => {
  it('scores 60·c/c_max + 40·p/p_max by default and explains each part', () => {
    const r = annualRanking(cands([1, 30, 1000], [2, 20, 2000], [3, 10, 500]));
    // 1: 60 + 20 = 80; 2: 40 + 40 = 80 → equal; item 1 has more committee votes
    expect(ranks(r)).toEqual([[1, '80.00', 1], [2, '80.00', 2], [3, '30.00', 3]]);
    const [first, second] = r.rows;
    expect(first.entryId).toBe(1);
    expect(second.entryId).toBe(2);
    expect(first.explanation.map((s) => s.step)).toEqual(['normalise', 'normalise', 'combine', 'tieBreak', 'rank', 'cutOff']);
    expect(first.explanation[0].text).toBe('委员投票30票 ÷ 最高票30票 × 60 = 60.00');
    expect(first.explanation[1].text).toBe('群众网络投票1000票 ÷ 最高票2000票 × 40 = 20.00');
    expect(first.explanation[2].text).toBe('综合得分 = 60.00 + 20.00 = 80.00');
    expect(first.explanation[3].text).toBe('与1项得分相同（80.00），按委员票（30票）、再按群众票（1000票）排序');
    expect(r.explanation.map((s) => s.text)).toEqual([
      '委员投票最高票30票', '群众网络投票最高票2000票', '委员投票占60%，群众网络投票占40%；得分相同时依次比较委员票、群众票，仍相同的由亮点办决定',
    ]);
  });

  it('breaks an exact tie that floating point would split the wrong way', () => {
    // 60·2/3 + 40·1/6 and 60·1/3 + 40·4/6 are both 140/3; in doubles the second comes out larger.
    expect(60 * 1 / 3 + 40 * 4 / 6).toBeGreaterThan(60 * 2 / 3 + 40 * 1 / 6);
    const r = annualRanking(cands([1, 3, 0], [2, 0, 6], [3, 2, 1], [4, 1, 4]));
    const row = (id: number) => r.rows.find((x) => x.entryId === id)!;
    expect(row(3).score).toEqual({ exact: '140/3', display: '46.67' });
    expect(row(4).score).toEqual(row(3).score);
    expect([row(3).rank, row(4).rank]).toEqual([2, 3]);
  });

  it('breaks on public votes when committee votes are equal too, and leaves a full tie to the office', () => {
    const share = annualRanking(cands([1, 5, 10], [2, 5, 10], [3, 5, 10], [4, 6, 0]), { normalisation: 'share', seats: 2, committeeWeight: 50, publicWeight: 50 });
    // 4: 50·6/21 = 100/7; 1–3: 50·5/21 + 50·10/30 = 250/21 + 50/3 = 600/21 = 200/7
    expect(share.rows.map((x) => [x.entryId, x.score.exact, x.rank])).toEqual([[1, '200/7', 1], [2, '200/7', 1], [3, '200/7', 1], [4, '100/7', 4]]);
    expect(share.selected).toEqual([]);
    expect(share.tie).toEqual({ entryIds: [1, 2, 3], seats: 2 });
    expect(share.rows[0].explanation.find((s) => s.step === 'tieBreak')).toMatchObject({ output: 'office', input: { fullTie: [2, 3] } });
    expect(share.rows[0].explanation.at(-1)!.text).toBe('3项并列于入选线，剩余2个名额由亮点办决定');

    const byPublic = annualRanking(cands([1, 4, 0], [2, 2, 10], [3, 3, 5]), { normalisation: 'share', committeeWeight: 1, publicWeight: 0 });
    expect(byPublic.rows.map((x) => x.entryId)).toEqual([1, 3, 2]);
    const publicBreaks = annualRanking(cands([1, 2, 3], [2, 2, 7]), { committeeWeight: 100, publicWeight: 0 });
    expect(publicBreaks.rows.map((x) => [x.entryId, x.rank])).toEqual([[2, 1], [1, 2]]);
  });

  it('gives 0 in a channel where nobody voted (c_max = 0), and ties everyone when nobody voted at all', () => {
    const noCommittee = annualRanking(cands([1, 0, 10], [2, 0, 40]));
    expect(ranks(noCommittee)).toEqual([[2, '40.00', 1], [1, '10.00', 2]]);
    expect(noCommittee.explanation[0].text).toBe('委员投票无人投票，该项均计0分');
    expect(noCommittee.rows[0].explanation[0].text).toBe('委员投票无人投票，计0分');

    for (const normalisation of ['max', 'share', 'rankPoints'] as const) {
      const none = annualRanking(cands(...Array.from({ length: 12 }, (_, i) => [i + 1, 0, 0] as [number, number, number])), { normalisation });
      expect(none.rows.every((x) => x.score.exact === '0' && x.rank === 1)).toBe(true);
      expect(none.selected).toEqual([]);
      expect(none.tie).toEqual({ entryIds: Array.from({ length: 12 }, (_, i) => i + 1), seats: 10 });
    }
  });

  it('ranks one candidate first and selects it; no candidates gives an empty ranking', () => {
    const one = annualRanking(cands([7, 3, 9]));
    expect(ranks(one)).toEqual([[7, '100.00', 1]]);
    expect(one.selected).toEqual([7]);
    expect(annualRanking([])).toMatchObject({ rows: [], selected: [], tie: null });
    expect(annualRanking(cands([7, 3, 9]), { normalisation: 'rankPoints' }).rows[0].score.exact).toBe('100');
  });

  it('rank points: (N − r + 1)/N of the weight per channel, 0 votes earn nothing', () => {
    const r = annualRanking(cands([1, 10, 0], [2, 10, 50], [3, 5, 80], [4, 0, 20]), { normalisation: 'rankPoints' });
    // committee ranks 1,1,3,– → 60, 60, 30, 0; public ranks –,2,1,3 → 0, 30, 40, 20
    expect(r.rows.map((x) => [x.entryId, x.committeePoints.exact, x.publicPoints.exact, x.score.exact, x.rank])).toEqual([
      [2, '60', '30', '90', 1], [3, '30', '40', '70', 2], [1, '60', '0', '60', 3], [4, '0', '20', '20', 4],
    ]);
    expect(r.rows[0].explanation[0].text).toBe('委员投票10票，第1名，60 × (4 − 1 + 1) ÷ 4 = 60.00');
    expect(r.rows[3].explanation[0].text).toBe('委员投票0票，不得分');
  });

  it('refuses bad input', () => {
    expect(() => annualRanking(cands([1, 1, 1], [1, 2, 2]))).toThrow('重复');
    expect(() => annualRanking(cands([1, -1, 1]))).toThrow('非负整数');
    expect(() => annualRanking(cands([1, 1.5, 1]))).toThrow('非负整数');
    expect(() => annualRanking(cands([1, 1, 1]), { normalisation: 'median' as never })).toThrow('未知的计分方式');
  });
});
