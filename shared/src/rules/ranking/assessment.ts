/**
 * The units' quantitative assessment (domain.md step 9, 单位量化考核): annual top-10 weighs 60,
 * quarterly top-10 30, monthly highlights 10. At each level a unit's count is divided by the highest
 * count of any unit at that level, then weighted; a level where no unit has anything gives everyone
 * 0. Which items count at which level (an annual top-10 item is usually also a quarterly one) is the
 * caller's: it passes the counts, and the explanation shows them. Equal scores share a rank; there is
 * no seat to fill, so no tie goes to the office.
 */
import { type ExplanationStep, type ScoreValue, scoreValue, explainStep } from './explain';
import { competitionRanks } from './rank';
import { type Rational, Q_ZERO, rational, qCmp, qFromDecimal, qMul, qSum } from './rational';

export type AssessmentLevel = 'annual' | 'quarterly' | 'monthly';
export const ASSESSMENT_LEVELS: readonly AssessmentLevel[] = ['annual', 'quarterly', 'monthly'];
export const ASSESSMENT_LEVEL_LABELS: Record<AssessmentLevel, string> = {
  annual: '年度十大亮点工作',
  quarterly: '季度十大亮点工作',
  monthly: '月度亮点工作',
};

export type AssessmentWeights = Record<AssessmentLevel, number>;
export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = { annual: 60, quarterly: 30, monthly: 10 };

/** How many of a unit's items made each level in the period. */
export interface UnitCounts {
  unitId: number;
  annual: number;
  quarterly: number;
  monthly: number;
}

export interface AssessmentLevelLine {
  level: AssessmentLevel;
  count: number;
  /** The highest count of any unit at this level. */
  max: number;
  /** count / max (0 when max is 0). */
  share: ScoreValue;
  weight: number;
  /** weight × share. */
  points: ScoreValue;
}

export interface AssessmentRow {
  unitId: number;
  levels: AssessmentLevelLine[];
  score: ScoreValue;
  rank: number;
  explanation: ExplanationStep[];
}

export interface UnitAssessment {
  weights: AssessmentWeights;
  maxima: Record<AssessmentLevel, number>;
  rows: AssessmentRow[];
  explanation: ExplanationStep[];
}

export function unitAssessment(units: readonly UnitCounts[], weights: AssessmentWeights = DEFAULT_ASSESSMENT_WEIGHTS): UnitAssessment {
  const ids = new Set<number>();
  for (const u of units) {
    if (ids.has(u.unitId)) throw new RangeError(`单位${u.unitId}重复`);
    ids.add(u.unitId);
    for (const l of ASSESSMENT_LEVELS) {
      if (!Number.isSafeInteger(u[l]) || u[l] < 0) throw new RangeError(`单位${u.unitId}的${ASSESSMENT_LEVEL_LABELS[l]}数${u[l]}不是非负整数`);
    }
  }
  for (const l of ASSESSMENT_LEVELS) if (!(weights[l] >= 0)) throw new RangeError(`${ASSESSMENT_LEVEL_LABELS[l]}的权重须为非负数`);

  const maxima = Object.fromEntries(ASSESSMENT_LEVELS.map((l) => [l, Math.max(0, ...units.map((u) => u[l]))])) as Record<AssessmentLevel, number>;
  const scored = units.map((u) => {
    const parts = ASSESSMENT_LEVELS.map((l) => {
      const share = maxima[l] === 0 ? Q_ZERO : rational(u[l], maxima[l]);
      return { l, share, points: qMul(qFromDecimal(weights[l]), share) };
    });
    return { u, parts, score: qSum(parts.map((p) => p.points)) as Rational };
  });
  type S = (typeof scored)[number];
  const ranked = competitionRanks(scored, (a: S, b: S) => qCmp(b.score, a.score), (s) => s.u.unitId);

  const rows = ranked.map(({ item: s, rank }) => {
    const levels: AssessmentLevelLine[] = s.parts.map((p) => ({
      level: p.l,
      count: s.u[p.l],
      max: maxima[p.l],
      share: scoreValue(p.share, 4),
      weight: weights[p.l],
      points: scoreValue(p.points),
    }));
    const score = scoreValue(s.score);
    const shared = ranked.filter((r) => r.rank === rank).length - 1;
    const explanation = levels.map((l) =>
      explainStep('normalise', 'weight × count / max', { level: l.level, count: l.count, max: l.max, weight: l.weight }, l.points,
        l.max === 0
          ? `${ASSESSMENT_LEVEL_LABELS[l.level]}：各单位均为0项，计0分`
          : `${ASSESSMENT_LEVEL_LABELS[l.level]}${l.count}项 ÷ 最多${l.max}项 × ${l.weight} = ${l.points.display}`),
    );
    explanation.push(explainStep('combine', 'score = Σ weight × count / max', { points: levels.map((l) => l.points.exact) }, score,
      `合计${levels.map((l) => l.points.display).join(' + ')} = ${score.display}分`));
    explanation.push(explainStep('rank', 'rank = 1 + #{units with a higher score}', { sharedWith: shared }, rank,
      shared ? `与${shared}个单位并列第${rank}名` : `排第${rank}名`));
    return { unitId: s.u.unitId, levels, score, rank, explanation };
  });

  const explanation = [
    ...ASSESSMENT_LEVELS.map((l) => explainStep('maximum', `max = highest ${l} count`, { level: l }, maxima[l],
      `${ASSESSMENT_LEVEL_LABELS[l]}：单个单位最多${maxima[l]}项`)),
    explainStep('combine', `score = ${weights.annual} × a / a_max + ${weights.quarterly} × q / q_max + ${weights.monthly} × m / m_max`, { ...weights }, null,
      `年度十大亮点占${weights.annual}%，季度十大亮点占${weights.quarterly}%，月度亮点占${weights.monthly}%，各级按最多的单位折算`),
  ];
  return { weights, maxima, rows, explanation };
}
