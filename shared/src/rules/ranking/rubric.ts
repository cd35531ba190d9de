/**
 * The quarterly rubric (domain.md step 6): assessors score each of the quarter's monthly highlights on
 * site against the criteria of the selection standard. A rubric is a setting: criteria with integer
 * weights, each scored from 0 to `max` in steps of `step`. A line earns weight × score / max, so with
 * weights summing to 100 a sheet's total is out of 100. Default: each criterion 0–10 in half points,
 * because assessors on site mark like judges (8.5) and finer steps only add noise.
 */
import { type ExplanationStep, type ScoreValue, scoreValue, explainStep } from './explain';
import { type Rational, rational, qDiv, qFromDecimal, qIsInteger, qMul, qSum } from './rational';

export interface Criterion {
  key: string;
  label: string;
  /** A positive integer; the rubric's weights usually sum to 100. */
  weight: number;
  /** Highest score (positive integer); the lowest is 0. */
  max: number;
  /** Scores are whole multiples of this (a positive decimal dividing `max`, e.g. 0.5 or 1). */
  step: number;
}

export interface Rubric {
  criteria: Criterion[];
}

export const DEFAULT_RUBRIC: Rubric = {
  criteria: [
    { key: 'distinctive', label: '特色创新先导性', weight: 25, max: 10, step: 0.5 },
    { key: 'organised', label: '工作安排有力有序走在前列', weight: 20, max: 10, step: 0.5 },
    { key: 'influence', label: '市省全国影响力', weight: 20, max: 10, step: 0.5 },
    { key: 'breakthrough', label: '突破难点应对热点创造亮点', weight: 20, max: 10, step: 0.5 },
    { key: 'leaderPraise', label: '领导批示表扬', weight: 15, max: 10, step: 0.5 },
  ],
};

/** One assessor's scores, by criterion key. */
export type Scores = Record<string, number>;

/** Why a rubric setting is unusable, or null. For the admin's settings form. */
export function checkRubric(rubric: Rubric): string | null {
  if (rubric.criteria.length === 0) return '评分细则至少包含一项评分标准';
  const keys = new Set<string>();
  for (const c of rubric.criteria) {
    if (keys.has(c.key)) return `评分标准「${c.label}」重复`;
    keys.add(c.key);
    if (!Number.isSafeInteger(c.weight) || c.weight <= 0) return `评分标准「${c.label}」的权重须为正整数`;
    if (!Number.isSafeInteger(c.max) || c.max <= 0) return `评分标准「${c.label}」的满分须为正整数`;
    if (!(c.step > 0) || !qIsInteger(qDiv(rational(c.max), qFromDecimal(c.step)))) {
      return `评分标准「${c.label}」的评分步长须为正数且能整除满分`;
    }
  }
  return null;
}

export type ScoreProblemCode = 'SCORE_UNKNOWN_CRITERION' | 'SCORE_MISSING' | 'SCORE_OUT_OF_RANGE' | 'SCORE_OFF_STEP';

export type ScoreCheck = { ok: true } | { ok: false; code: ScoreProblemCode; criterion: string; message: string };

/**
 * Is this a complete sheet for the rubric? Names the first criterion at fault, so the server can
 * refuse with a clear error and the mini-program can point at the field.
 */
export function checkScores(rubric: Rubric, scores: Scores): ScoreCheck {
  const byKey = new Map(rubric.criteria.map((c) => [c.key, c]));
  for (const key of Object.keys(scores)) {
    if (!byKey.has(key)) return { ok: false, code: 'SCORE_UNKNOWN_CRITERION', criterion: key, message: `评分细则中没有「${key}」这一项` };
  }
  for (const c of rubric.criteria) {
    const s = scores[c.key];
    if (s === undefined || s === null) {
      return { ok: false, code: 'SCORE_MISSING', criterion: c.key, message: `请为「${c.label}」打分` };
    }
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > c.max) {
      return { ok: false, code: 'SCORE_OUT_OF_RANGE', criterion: c.key, message: `「${c.label}」得分${s}超出范围，应为0至${c.max}分` };
    }
    if (!qIsInteger(qDiv(qFromDecimal(s), qFromDecimal(c.step)))) {
      return { ok: false, code: 'SCORE_OFF_STEP', criterion: c.key, message: `「${c.label}」得分${s}须为${c.step}的整数倍` };
    }
  }
  return { ok: true };
}

/** weight × score / max for one criterion, exactly. */
const linePoints = (c: Criterion, score: number): Rational => qDiv(qMul(rational(c.weight), qFromDecimal(score)), rational(c.max));

/** A valid sheet's weighted total, exactly. Throws RangeError on a sheet `checkScores` refuses. */
export function weightedTotal(rubric: Rubric, scores: Scores): Rational {
  const check = checkScores(rubric, scores);
  if (!check.ok) throw new RangeError(check.message);
  return qSum(rubric.criteria.map((c) => linePoints(c, scores[c.key])));
}

export interface ScoreSheetLine {
  key: string;
  label: string;
  weight: number;
  max: number;
  score: number;
  points: ScoreValue;
}

export interface ScoreSheet {
  total: ScoreValue;
  /** The highest total possible: the sum of the weights. */
  outOf: number;
  lines: ScoreSheetLine[];
  explanation: ExplanationStep[];
}

/** One assessor's sheet: each line's weighted points and the total, with the explanation. */
export function scoreSheet(rubric: Rubric, scores: Scores): ScoreSheet {
  const total = weightedTotal(rubric, scores);
  const outOf = rubric.criteria.reduce((s, c) => s + c.weight, 0);
  const lines = rubric.criteria.map((c) => ({
    key: c.key,
    label: c.label,
    weight: c.weight,
    max: c.max,
    score: scores[c.key],
    points: scoreValue(linePoints(c, scores[c.key])),
  }));
  const explanation = lines.map((l) =>
    explainStep('weight', 'weight × score / max', { criterion: l.key, weight: l.weight, score: l.score, max: l.max }, l.points,
      `「${l.label}」${l.score}分（满分${l.max}）× 权重${l.weight} ÷ ${l.max} = ${l.points.display}`),
  );
  const totalValue = scoreValue(total);
  explanation.push(
    explainStep('sum', 'Σ weight × score / max', { points: lines.map((l) => l.points.exact) }, totalValue,
      `各项加权得分合计${totalValue.display}分（满分${outOf}分）`),
  );
  return { total: totalValue, outOf, lines, explanation };
}
