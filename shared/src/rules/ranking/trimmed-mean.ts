/**
 * The quarterly trimmed mean (domain.md step 6, 去掉一个最高分和一个最低分): with 5 or more scores
 * exactly one highest and one lowest are dropped and the rest averaged; with fewer, every score
 * counts, because dropping two of four would let two assessors decide the item.
 */
import { type ExplanationStep, scoreValue, explainStep } from './explain';
import { type Rational, rational, qCmp, qDiv, qExact, qFixed, qSum } from './rational';

/** From this many scores on, one highest and one lowest are dropped. */
export const TRIM_FROM = 5;

/** A value and who gave it (an assessor id), so the explanation can name what was dropped. */
export interface Labelled {
  id: number | string;
  value: Rational;
}

export interface TrimmedMean {
  /** null when there are no values. */
  mean: Rational | null;
  kept: Labelled[];
  dropped: { highest: Labelled; lowest: Labelled } | null;
  explanation: ExplanationStep[];
}

const compareId = (a: number | string, b: number | string) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;

export function trimmedMean(values: readonly Labelled[], trimFrom = TRIM_FROM): TrimmedMean {
  // Sorted by value, then id: when several share the highest score, which one is dropped does not
  // change the mean, but the explanation must still name the same one whatever the input order.
  const sorted = [...values].sort((a, b) => qCmp(a.value, b.value) || compareId(a.id, b.id));
  const explanation: ExplanationStep[] = [];
  if (sorted.length === 0) {
    explanation.push(explainStep('mean', 'mean = none', { values: [] }, null, '尚无评分'));
    return { mean: null, kept: [], dropped: null, explanation };
  }
  let kept = sorted;
  let dropped: TrimmedMean['dropped'] = null;
  if (sorted.length >= trimFrom) {
    dropped = { lowest: sorted[0], highest: sorted[sorted.length - 1] };
    kept = sorted.slice(1, -1);
    explanation.push(
      explainStep('trim', `n = ${sorted.length} ≥ ${trimFrom}: drop 1 highest, 1 lowest`,
        { values: sorted.map((v) => qExact(v.value)), highest: qExact(dropped.highest.value), lowest: qExact(dropped.lowest.value) },
        null,
        `共${sorted.length}个评分，去掉一个最高分${qFixed(dropped.highest.value)}和一个最低分${qFixed(dropped.lowest.value)}`),
    );
  } else {
    explanation.push(
      explainStep('trim', `n = ${sorted.length} < ${trimFrom}: keep all`, { values: sorted.map((v) => qExact(v.value)) }, null,
        `共${sorted.length}个评分，不足${trimFrom}个，全部计入`),
    );
  }
  const mean = qDiv(qSum(kept.map((v) => v.value)), rational(kept.length));
  const out = scoreValue(mean);
  explanation.push(
    explainStep('mean', 'Σ kept / n_kept', { kept: kept.map((v) => qExact(v.value)), n: kept.length }, out,
      `${kept.length}个有效评分的平均分为${out.display}`),
  );
  return { mean, kept, dropped, explanation };
}
