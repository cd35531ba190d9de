/**
 * Annual selection (domain.md step 7): the quarters' top-10s are the candidates; the committee vote
 * counts 60% and the public online vote 40%. Each channel's count is normalised, then weighted:
 * - `max` (default): count / the channel's highest count → 60·c/c_max + 40·p/p_max;
 * - `share`: count / the channel's total → 60·c/Σc + 40·p/Σp;
 * - `rankPoints`: the channel's competition rank r among N candidates earns (N − r + 1)/N of the
 *   weight (first place the whole weight, each place below 1/N less); no votes earn nothing, so a
 *   candidate nobody voted for is not lifted by its place.
 * A channel where nobody voted gives everyone 0 in it. Ties break on committee votes, then public
 * votes; what is still equal shares a rank, and at the cut-off goes to the office.
 * Arithmetic is exact (rationals): equal scores compare equal, and only the display is rounded.
 */
import { type ExplanationStep, type ScoreValue, scoreValue, explainStep } from './explain';
import { type CutOff, type SelectionStatus, competitionRanks, cutOff, cutOffStatus, statusStep } from './rank';
import { type Rational, Q_ZERO, rational, qAdd, qCmp, qDiv, qEq, qFromDecimal, qMul } from './rational';

export type Normalisation = 'max' | 'share' | 'rankPoints';
export const NORMALISATIONS: readonly Normalisation[] = ['max', 'share', 'rankPoints'];

export interface AnnualSettings {
  /** The committee vote's weight (default 60). */
  committeeWeight: number;
  /** The public online vote's weight (default 40). */
  publicWeight: number;
  normalisation: Normalisation;
  /** How many candidates the year selects (default 10). */
  seats: number;
}

export const DEFAULT_ANNUAL_SETTINGS: AnnualSettings = { committeeWeight: 60, publicWeight: 40, normalisation: 'max', seats: 10 };

export interface AnnualCandidate {
  entryId: number;
  /** Committee votes (县委委员). */
  committee: number;
  /** Public online votes (群众网络投票), after the office's recorded exclusions. */
  public: number;
}

export interface AnnualRow extends AnnualCandidate {
  committeePoints: ScoreValue;
  publicPoints: ScoreValue;
  score: ScoreValue;
  rank: number;
  status: Exclude<SelectionStatus, 'unscored'>;
  explanation: ExplanationStep[];
}

export interface AnnualRanking extends CutOff {
  settings: AnnualSettings;
  rows: AnnualRow[];
  explanation: ExplanationStep[];
}

type Channel = 'committee' | 'public';
const CHANNEL = { committee: { label: '委员投票', x: 'c' }, public: { label: '群众网络投票', x: 'p' } } as const;

interface ChannelResult {
  points: Map<number, Rational>;
  /** Per candidate: the normalise step. */
  steps: Map<number, ExplanationStep>;
  /** The channel's reference figure (c_max, Σc), for the ranking's explanation. */
  summary: ExplanationStep;
}

function normaliseChannel(cands: readonly AnnualCandidate[], ch: Channel, weightSetting: number, mode: Normalisation): ChannelResult {
  const { label, x } = CHANNEL[ch];
  const weight = qFromDecimal(weightSetting);
  const w = String(weightSetting);
  const points = new Map<number, Rational>();
  const steps = new Map<number, ExplanationStep>();
  let summary: ExplanationStep;
  if (mode === 'rankPoints') {
    const n = cands.length;
    const ranked = competitionRanks(cands, (a, b) => b[ch] - a[ch], (c) => c.entryId);
    summary = explainStep('rankPoints', `${w} × (N − r_${x} + 1) / N; 0 votes → 0`, { N: n }, n, `${label}按名次计分：第1名得${w}分，每低一名少${w}/${n}分，0票不得分`);
    for (const { item, rank } of ranked) {
      const p = item[ch] > 0 ? qDiv(qMul(weight, rational(n - rank + 1)), rational(n)) : Q_ZERO;
      const v = scoreValue(p);
      points.set(item.entryId, p);
      steps.set(item.entryId, explainStep('normalise', `${w} × (N − r_${x} + 1) / N`, { [x]: item[ch], [`r_${x}`]: rank, N: n, weight: w }, v,
        item[ch] > 0 ? `${label}${item[ch]}票，第${rank}名，${w} × (${n} − ${rank} + 1) ÷ ${n} = ${v.display}` : `${label}0票，不得分`));
    }
    return { points, steps, summary };
  }
  const isMax = mode === 'max';
  const ref = isMax ? Math.max(0, ...cands.map((c) => c[ch])) : cands.reduce((s, c) => s + c[ch], 0);
  const refName = isMax ? `${x}_max` : `Σ${x}`;
  const refLabel = isMax ? '最高票' : '总票数';
  summary = explainStep(isMax ? 'maximum' : 'total', isMax ? `${x}_max = max ${x}` : `Σ${x} = sum of ${x}`, { [refName]: ref }, ref,
    ref === 0 ? `${label}无人投票，该项均计0分` : `${label}${refLabel}${ref}票`);
  for (const c of cands) {
    const p = ref === 0 ? Q_ZERO : qDiv(qMul(weight, rational(c[ch])), rational(ref));
    const v = scoreValue(p);
    points.set(c.entryId, p);
    steps.set(c.entryId, explainStep('normalise', `${w} × ${x} / ${refName}`, { [x]: c[ch], [refName]: ref, weight: w }, v,
      ref === 0 ? `${label}无人投票，计0分` : `${label}${c[ch]}票 ÷ ${refLabel}${ref}票 × ${w} = ${v.display}`));
  }
  return { points, steps, summary };
}

function checkCandidates(cands: readonly AnnualCandidate[], s: AnnualSettings): void {
  const ids = new Set<number>();
  for (const c of cands) {
    if (ids.has(c.entryId)) throw new RangeError(`候选条目${c.entryId}重复`);
    ids.add(c.entryId);
    for (const n of [c.committee, c.public]) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`候选条目${c.entryId}的票数${n}不是非负整数`);
    }
  }
  if (!NORMALISATIONS.includes(s.normalisation)) throw new RangeError(`未知的计分方式：${s.normalisation}`);
  if (!(s.committeeWeight >= 0 && s.publicWeight >= 0)) throw new RangeError('权重须为非负数');
}

export function annualRanking(candidates: readonly AnnualCandidate[], settings: Partial<AnnualSettings> = {}): AnnualRanking {
  const s: AnnualSettings = { ...DEFAULT_ANNUAL_SETTINGS, ...settings };
  checkCandidates(candidates, s);
  const com = normaliseChannel(candidates, 'committee', s.committeeWeight, s.normalisation);
  const pub = normaliseChannel(candidates, 'public', s.publicWeight, s.normalisation);
  const scored = candidates.map((c) => ({ c, score: qAdd(com.points.get(c.entryId)!, pub.points.get(c.entryId)!) }));
  type S = (typeof scored)[number];
  const cmp = (a: S, b: S) => qCmp(b.score, a.score) || b.c.committee - a.c.committee || b.c.public - a.c.public;
  const idOf = (x: S) => x.c.entryId;
  const ranked = competitionRanks(scored, cmp, idOf);
  const cut = cutOff(ranked, s.seats, idOf);
  const what = s.seats === 10 ? '年度全县十大亮点工作' : `年度前${s.seats}名`;

  const rows: AnnualRow[] = ranked.map(({ item: x, rank }) => {
    const id = x.c.entryId;
    const cp = scoreValue(com.points.get(id)!);
    const pp = scoreValue(pub.points.get(id)!);
    const score = scoreValue(x.score);
    const status = cutOffStatus(id, cut) as AnnualRow['status'];
    const explanation = [com.steps.get(id)!, pub.steps.get(id)!];
    explanation.push(explainStep('combine', 'score = committee points + public points', { committeePoints: cp.exact, publicPoints: pp.exact }, score,
      `综合得分 = ${cp.display} + ${pp.display} = ${score.display}`));
    const sameScore = ranked.filter((r) => r.item !== x && qEq(r.item.score, x.score)).map((r) => r.item);
    if (sameScore.length) explanation.push(tieBreakStep(x, sameScore, score));
    const ahead = ranked.filter((r) => r.rank < rank).length;
    explanation.push(explainStep('rank', 'rank = 1 + #{ahead by score, then c, then p}', { ahead }, rank, `排第${rank}名`));
    explanation.push(statusStep(status, rank, s.seats, what, cut));
    return { ...x.c, committeePoints: cp, publicPoints: pp, score, rank, status, explanation };
  });

  const wc = s.committeeWeight;
  const wp = s.publicWeight;
  const formula = {
    max: `score = ${wc} × c / c_max + ${wp} × p / p_max`,
    share: `score = ${wc} × c / Σc + ${wp} × p / Σp`,
    rankPoints: `score = ${wc} × (N − r_c + 1) / N + ${wp} × (N − r_p + 1) / N`,
  }[s.normalisation];
  const explanation = [
    com.summary,
    pub.summary,
    explainStep('combine', formula, { committeeWeight: wc, publicWeight: wp, normalisation: s.normalisation, candidates: candidates.length }, null,
      `委员投票占${wc}%，群众网络投票占${wp}%；得分相同时依次比较委员票、群众票，仍相同的由亮点办决定`),
  ];
  return { settings: s, rows, ...cut, explanation };
}

interface TieView {
  c: AnnualCandidate;
}

function tieBreakStep(x: TieView, same: TieView[], score: ScoreValue): ExplanationStep {
  const fullTie = same.filter((o) => o.c.committee === x.c.committee && o.c.public === x.c.public).map((o) => o.c.entryId);
  const input = { score: score.exact, sameScore: same.map((o) => o.c.entryId), committee: x.c.committee, public: x.c.public, fullTie };
  const text = fullTie.length
    ? `与${same.length}项得分相同（${score.display}），其中${fullTie.length}项委员票、群众票也相同，并列；如在入选线由亮点办决定`
    : `与${same.length}项得分相同（${score.display}），按委员票（${x.c.committee}票）、再按群众票（${x.c.public}票）排序`;
  return explainStep('tieBreak', 'equal score → more committee votes → more public votes → office', input, fullTie.length ? 'office' : 'broken', text);
}
