// The worked example of docs/ranking-example.md, read from the page itself: the office reads the same
// numbers the engine produces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annualRanking } from './annual';
import { unitAssessment } from './assessment';
import { quarterlyRanking } from './quarterly';
import { DEFAULT_RUBRIC } from './rubric';

const doc = readFileSync(join(__dirname, '../../../../docs/ranking-example.md'), 'utf8');

/** The body rows of the table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function table(name: string): string[][] {
  const m = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
  if (!m) throw new Error(`table ${name} not found`);
  const lines = m[1].trim().split('\n').slice(2);
  return lines.map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

describe('docs/ranking-example.md', () => {
  const annual = table('annual-example');
  const candidates = annual.map((r) => ({ entryId: Number(r[1]), committee: Number(r[4]), public: Number(r[5]) }));

  it('has at least 12 annual candidates', () => {
    expect(annual.length).toBeGreaterThanOrEqual(12);
  });

  it('annual table: every part, score, rank and result is the engine’s', () => {
    const r = annualRanking(candidates);
    const expected = annual.map((x) => ({
      rank: Number(x[0]), entryId: Number(x[1]), committeePoints: x[6], publicPoints: x[7], score: x[8], selected: x[9] === '入选',
    }));
    const actual = r.rows.map((x) => ({
      rank: x.rank, entryId: x.entryId, committeePoints: x.committeePoints.display, publicPoints: x.publicPoints.display,
      score: x.score.display, selected: x.status === 'selected',
    }));
    expect(actual).toEqual(expected);
    expect(r.tie).toBeNull();
    expect(r.explanation[0].output).toBe(30);
    expect(r.explanation[1].output).toBe(5000);
    expect(r.rows.find((x) => x.entryId === 10)!.explanation.map((s) => s.text)).toEqual([
      '委员投票20票 ÷ 最高票30票 × 60 = 40.00',
      '群众网络投票2500票 ÷ 最高票5000票 × 40 = 20.00',
      '综合得分 = 40.00 + 20.00 = 60.00',
      '与1项得分相同（60.00），按委员票（20票）、再按群众票（2500票）排序',
      '排第10名',
      '入选年度全县十大亮点工作',
    ]);
  });

  it('normalisation table: max, share and rank points', () => {
    const rows = table('normalisation-example');
    const byMode = (normalisation: 'max' | 'share' | 'rankPoints') => {
      const r = annualRanking(candidates, { normalisation });
      return new Map(r.rows.map((x) => [x.entryId, [x.score.display, String(x.rank)]]));
    };
    const max = byMode('max');
    const share = byMode('share');
    const points = byMode('rankPoints');
    for (const [id, ...cells] of rows) {
      const n = Number(id);
      expect([id, ...max.get(n)!, ...share.get(n)!, ...points.get(n)!]).toEqual([id, ...cells]);
    }
    const s = annualRanking(candidates, { normalisation: 'share' });
    expect(s.explanation.slice(0, 2).map((x) => x.output)).toEqual([269, 45200]);
    expect(s.rows.filter((x) => [10, 11].includes(x.entryId)).map((x) => x.score.exact)).toEqual(['202850/30397', '202740/30397']);
    const rp = annualRanking(candidates, { normalisation: 'rankPoints' });
    expect(rp.rows.filter((x) => x.score.exact === '320/7').map((x) => x.entryId)).toEqual([10, 11, 7]);
  });

  it('quarterly table: weighted totals, trimming and the score 79.75', () => {
    const rows = table('quarterly-example');
    const keys = DEFAULT_RUBRIC.criteria.map((c) => c.key);
    const sheets = rows.map((x) => ({ assessorId: Number(x[0]), scores: Object.fromEntries(keys.map((k, i) => [k, Number(x[i + 1])])) }));
    const row = quarterlyRanking([{ entryId: 1, sheets }]).rows[0];
    const label = { highest: '去掉最高分', lowest: '去掉最低分' } as const;
    expect(row.sheets.map((s) => [String(s.assessorId), s.total.display, s.dropped ? label[s.dropped] : '计入'])).toEqual(rows.map((x) => [x[0], x[6], x[7]]));
    expect(row.score).toEqual({ exact: '319/4', display: '79.75' });
    expect(doc).toContain('**79.75**');
  });

  it('assessment table: each level’s points, the sum and the rank', () => {
    const rows = table('assessment-example');
    const r = unitAssessment(rows.map((x, i) => ({ unitId: i + 1, annual: Number(x[2]), quarterly: Number(x[3]), monthly: Number(x[4]) })));
    expect(r.maxima).toEqual({ annual: 2, quarterly: 3, monthly: 6 });
    expect(r.rows.map((x) => [String(x.rank), rows[x.unitId - 1][1], ...x.levels.map((l) => l.points.display), x.score.display])).toEqual(
      rows.map((x) => [x[0], x[1], x[5], x[6], x[7], x[8]]),
    );
  });
});
