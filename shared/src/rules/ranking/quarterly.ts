/**
 * Quarterly selection (domain.md step 6): assessors score the quarter's monthly highlights on site
 * with the rubric; an item's score is the trimmed mean of its assessors' weighted totals; the top 10
 * are the quarter's highlights (季度十大亮点工作). The domain names no tie-break for the quarter, so
 * equal means share a rank and a tie at the cut-off goes to the office, as in the monthly tally.
 * That an assessor never scores an item of their own unit is the server's check when a sheet comes in.
 */
import { type ExplanationStep, type ScoreValue, scoreValue, explainStep } from './explain';
import { type CutOff, type SelectionStatus, competitionRanks, cutOff, cutOffStatus, statusStep } from './rank';
import { type Rational, qCmp } from './rational';
import { DEFAULT_RUBRIC, type Rubric, type Scores, weightedTotal } from './rubric';
import { TRIM_FROM, trimmedMean } from './trimmed-mean';

export interface QuarterlySettings {
  rubric: Rubric;
  /** How many items the quarter selects (default 10). */
  seats: number;
  /** From this many scores on, one highest and one lowest are dropped (default 5). */
  trimFrom: number;
}

export const DEFAULT_QUARTERLY_SETTINGS: QuarterlySettings = { rubric: DEFAULT_RUBRIC, seats: 10, trimFrom: TRIM_FROM };

export interface QuarterlySheet {
  assessorId: number;
  scores: Scores;
}

export interface QuarterlyItem {
  entryId: number;
  sheets: QuarterlySheet[];
}

export interface QuarterlyRow {
  entryId: number;
  /** Each assessor's weighted total, and whether the trimmed mean dropped it. */
  sheets: { assessorId: number; total: ScoreValue; dropped: 'highest' | 'lowest' | null }[];
  /** The trimmed mean; null while nobody has scored the item. */
  score: ScoreValue | null;
  /** Competition rank among scored items; null when unscored. */
  rank: number | null;
  status: SelectionStatus;
  explanation: ExplanationStep[];
}

export interface QuarterlyRanking extends CutOff {
  rows: QuarterlyRow[];
  explanation: ExplanationStep[];
}

interface Scored {
  item: QuarterlyItem;
  totals: { assessorId: number; total: Rational }[];
  mean: Rational | null;
  trim: ReturnType<typeof trimmedMean>;
}

/** Ranks the quarter's items. Throws RangeError on an invalid sheet or an assessor scoring an item twice. */
export function quarterlyRanking(items: readonly QuarterlyItem[], settings: QuarterlySettings = DEFAULT_QUARTERLY_SETTINGS): QuarterlyRanking {
  const scored: Scored[] = items.map((item) => {
    const seen = new Set<number>();
    const totals = item.sheets.map((s) => {
      if (seen.has(s.assessorId)) throw new RangeError(`评分人${s.assessorId}对条目${item.entryId}重复评分`);
      seen.add(s.assessorId);
      return { assessorId: s.assessorId, total: weightedTotal(settings.rubric, s.scores) };
    });
    const trim = trimmedMean(totals.map((t) => ({ id: t.assessorId, value: t.total })), settings.trimFrom);
    return { item, totals, mean: trim.mean, trim };
  });

  const withScore = scored.filter((s) => s.mean !== null);
  const idOf = (s: Scored) => s.item.entryId;
  const ranked = competitionRanks(withScore, (a, b) => qCmp(b.mean!, a.mean!), idOf);
  const cut = cutOff(ranked, settings.seats, idOf);
  const seatsText = settings.seats === 10 ? '季度十大亮点工作' : `季度前${settings.seats}名`;

  const rows: QuarterlyRow[] = ranked.map(({ item: s, rank }) => {
    const status = cutOffStatus(s.item.entryId, cut);
    const score = scoreValue(s.mean!);
    const equal = ranked.filter((r) => r.rank === rank && r.item !== s).map((r) => r.item.item.entryId);
    const explanation = [...s.trim.explanation];
    explanation.push(
      explainStep('rank', 'rank = 1 + #{items with a higher mean}', { mean: score.exact, sharedWith: equal }, rank,
        equal.length ? `平均分${score.display}，与${equal.length}项并列第${rank}名` : `平均分${score.display}，排第${rank}名`),
    );
    explanation.push(statusStep(status, rank, settings.seats, seatsText, cut));
    return { entryId: s.item.entryId, sheets: sheetsOf(s), score, rank, status, explanation };
  });
  for (const s of scored.filter((x) => x.mean === null).sort((a, b) => a.item.entryId - b.item.entryId)) {
    rows.push({ entryId: s.item.entryId, sheets: [], score: null, rank: null, status: 'unscored', explanation: s.trim.explanation });
  }

  const explanation = [
    explainStep('combine', 'score = trimmed mean of Σ weight × score / max',
      { criteria: settings.rubric.criteria.map((c) => `${c.label}:${c.weight}`), trimFrom: settings.trimFrom, seats: settings.seats }, null,
      `每位评分人按评分细则加权计分；评分达${settings.trimFrom}个及以上的去掉一个最高分和一个最低分后取平均；前${settings.seats}名入选`),
  ];
  return { rows, ...cut, explanation };
}

function sheetsOf(s: Scored): QuarterlyRow['sheets'] {
  const d = s.trim.dropped;
  return [...s.totals]
    .sort((a, b) => a.assessorId - b.assessorId)
    .map((t) => ({
      assessorId: t.assessorId,
      total: scoreValue(t.total),
      dropped: d?.highest.id === t.assessorId ? 'highest' : d?.lowest.id === t.assessorId ? 'lowest' : null,
    }));
}
