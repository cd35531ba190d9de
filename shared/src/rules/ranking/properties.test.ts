// Properties of the engine over random inputs (fast-check): more votes or a higher score never lowers
// an item's rank; results do not depend on input order; weights are applied exactly.
import * as fc from 'fast-check';
import { type AnnualCandidate, type Normalisation, annualRanking } from './annual';
import { type UnitCounts, unitAssessment } from './assessment';
import { type QuarterlyItem, quarterlyRanking } from './quarterly';
import { DEFAULT_RUBRIC } from './rubric';

const modes: Normalisation[] = ['max', 'share', 'rankPoints'];
const count = fc.integer({ min: 0, max: 60 });
const candidates = fc
  .uniqueArray(fc.record({ entryId: fc.integer({ min: 1, max: 500 }), committee: count, public: fc.integer({ min: 0, max: 5000 }) }), {
    minLength: 1, maxLength: 16, selector: (c) => c.entryId,
  });
const rankOf = (rows: { entryId: number; rank: number | null }[], id: number) => rows.find((r) => r.entryId === id)!.rank!;
const shuffled = <T>(xs: T[]) => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });

const keys = DEFAULT_RUBRIC.criteria.map((c) => c.key);
const sheet = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 5 }).map((halves) => Object.fromEntries(keys.map((k, i) => [k, halves[i] / 2])));
const items = fc.uniqueArray(
  fc.record({
    entryId: fc.integer({ min: 1, max: 500 }),
    sheets: fc.array(sheet, { minLength: 1, maxLength: 7 }).map((ss) => ss.map((scores, i) => ({ assessorId: i + 1, scores }))),
  }),
  { minLength: 1, maxLength: 12, selector: (i) => i.entryId },
);

describe('ranking properties', () => {
  it('annual: one more committee or public vote never lowers the item’s rank', () => {
    fc.assert(
      fc.property(candidates, fc.nat(), fc.constantFrom(...modes), fc.constantFrom('committee' as const, 'public' as const), (cs, pick, normalisation, ch) => {
        const target = cs[pick % cs.length];
        const before = rankOf(annualRanking(cs, { normalisation }).rows, target.entryId);
        const more = cs.map((c) => (c === target ? { ...c, [ch]: c[ch] + 1 } : c));
        const after = rankOf(annualRanking(more, { normalisation }).rows, target.entryId);
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('quarterly: raising one score of one sheet never lowers the item’s rank', () => {
    fc.assert(
      fc.property(items, fc.nat(), fc.nat(), fc.nat(), (its, pick, sheetPick, keyPick) => {
        const target = its[pick % its.length];
        const s = target.sheets[sheetPick % target.sheets.length];
        const key = keys[keyPick % keys.length];
        fc.pre(s.scores[key] < 10);
        const before = rankOf(quarterlyRanking(its).rows, target.entryId);
        const raised: QuarterlyItem[] = its.map((it) =>
          it !== target ? it : { ...it, sheets: it.sheets.map((x) => (x !== s ? x : { ...x, scores: { ...x.scores, [key]: x.scores[key] + 0.5 } })) },
        );
        expect(rankOf(quarterlyRanking(raised).rows, target.entryId)).toBeLessThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('unit assessment: one more item at any level never lowers the unit’s rank', () => {
    const units = fc.uniqueArray(fc.record({ unitId: fc.integer({ min: 1, max: 99 }), annual: fc.nat(5), quarterly: fc.nat(8), monthly: fc.nat(12) }), {
      minLength: 1, maxLength: 10, selector: (u) => u.unitId,
    });
    fc.assert(
      fc.property(units, fc.nat(), fc.constantFrom('annual' as const, 'quarterly' as const, 'monthly' as const), (us, pick, level) => {
        const target = us[pick % us.length];
        const rank = (xs: UnitCounts[]) => unitAssessment(xs).rows.find((r) => r.unitId === target.unitId)!.rank;
        expect(rank(us.map((u) => (u === target ? { ...u, [level]: u[level] + 1 } : u)))).toBeLessThanOrEqual(rank(us));
      }),
    );
  });

  it('results do not depend on the order of the input', () => {
    fc.assert(
      fc.property(candidates.chain((cs) => fc.tuple(fc.constant(cs), shuffled(cs))), fc.constantFrom(...modes), fc.integer({ min: 1, max: 12 }), ([cs, perm], normalisation, seats) => {
        expect(annualRanking(perm, { normalisation, seats })).toEqual(annualRanking(cs, { normalisation, seats }));
      }),
    );
    fc.assert(
      fc.property(
        items.chain((its) => fc.tuple(fc.constant(its), shuffled(its).chain((p) => fc.tuple(...p.map((it) => shuffled(it.sheets).map((sheets) => ({ ...it, sheets }))))))),
        ([its, perm]) => {
          expect(quarterlyRanking(perm)).toEqual(quarterlyRanking(its));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('max normalisation: scaling every count by k changes no score and no rank', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 2, max: 1000 }), (cs, k) => {
        const scaled = cs.map((c) => ({ ...c, committee: c.committee * k, public: c.public * k }));
        const strip = (r: ReturnType<typeof annualRanking>) => r.rows.map((x) => [x.entryId, x.score.exact, x.rank]);
        expect(strip(annualRanking(scaled))).toEqual(strip(annualRanking(cs)));
      }),
    );
  });

  it('weights are applied exactly: the score is (w_c·c·p_max + w_p·p·c_max) / (c_max·p_max) in lowest terms', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 0, max: 100 }), (cs, wc) => {
        const wp = 100 - wc;
        const r = annualRanking(cs, { committeeWeight: wc, publicWeight: wp });
        const cMax = BigInt(Math.max(...cs.map((c) => c.committee)));
        const pMax = BigInt(Math.max(...cs.map((c) => c.public)));
        for (const row of r.rows) {
          const part = (w: number, x: number, max: bigint): [bigint, bigint] => (max === 0n ? [0n, 1n] : [BigInt(w) * BigInt(x), max]);
          const [a, b] = part(wc, row.committee, cMax);
          const [c, d] = part(wp, row.public, pMax);
          let n = a * d + c * b;
          let den = b * d;
          const g = gcd(n, den);
          [n, den] = [n / g, den / g];
          expect(row.score.exact).toBe(den === 1n ? String(n) : `${n}/${den}`);
        }
      }),
    );
  });

  it('mathematically equal scores tie exactly and go to the committee tie-break', () => {
    // With c_max = 3m and p_max = 2mr, 60c/c_max + 40p/p_max = (20/m)(c + p/r): equal when p2 = p1 + r(c1 − c2).
    const equalPair = fc
      .record({ m: fc.integer({ min: 1, max: 30 }), r: fc.integer({ min: 1, max: 200 }) })
      .chain(({ m, r }) =>
        fc.integer({ min: 1, max: 2 * m }).chain((gap) =>
          fc.record({ m: fc.constant(m), r: fc.constant(r), gap: fc.constant(gap), c2: fc.integer({ min: 0, max: 3 * m - gap }), p1: fc.integer({ min: 0, max: 2 * m * r - r * gap }) }),
        ),
      );
    fc.assert(
      fc.property(equalPair, ({ m, r, gap, c2, p1 }) => {
        const cs: AnnualCandidate[] = [
          { entryId: 1, committee: 3 * m, public: 0 },
          { entryId: 2, committee: 0, public: 2 * m * r },
          { entryId: 3, committee: c2 + gap, public: p1 },
          { entryId: 4, committee: c2, public: p1 + r * gap },
        ];
        const rows = annualRanking(cs).rows;
        const a = rows.find((x) => x.entryId === 3)!;
        const b = rows.find((x) => x.entryId === 4)!;
        expect(a.score.exact).toBe(b.score.exact);
        // item 3 has more committee votes; an anchor may share their score too, but nothing ranks between them
        expect(a.rank).toBeLessThan(b.rank);
        expect(rows.filter((x) => x.rank > a.rank && x.rank < b.rank)).toEqual([]);
        expect(b.explanation.find((s) => s.step === 'tieBreak')!.input.sameScore).toContain(3);
      }),
    );
  });
});

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a || 1n;
}
