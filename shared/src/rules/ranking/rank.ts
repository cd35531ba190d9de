/**
 * Competition ranks and the cut-off, shared by the quarterly, annual and unit rankings. Equal items
 * share a rank (1, 2, 2, 4), as in the monthly tally. When the items on both sides of the cut-off are
 * equal under every tie-break the rule has, the rule cannot decide: the tied items and the seats left
 * for them go to the office, which decides and records why (domain.md steps 5–7).
 */
import { type ExplanationStep, explainStep } from './explain';

export interface Ranked<T> {
  item: T;
  /** 1-based competition rank. */
  rank: number;
}

export interface CutOff {
  /** Selected without question. */
  selected: number[];
  /** Items tied at the cut-off and how many of them can still be selected; null when no tie. */
  tie: { entryIds: number[]; seats: number } | null;
}

/**
 * Ranks `items` by `cmp` (negative when a ranks ahead of b). Items equal under `cmp` share a rank and
 * are listed by id, so the result never depends on the input order.
 */
export function competitionRanks<T>(items: readonly T[], cmp: (a: T, b: T) => number, idOf: (t: T) => number): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => cmp(a, b) || idOf(a) - idOf(b));
  const ranked: Ranked<T>[] = [];
  sorted.forEach((item, i) => {
    const rank = i > 0 && cmp(sorted[i - 1], item) === 0 ? ranked[i - 1].rank : i + 1;
    ranked.push({ item, rank });
  });
  return ranked;
}

/** The top `seats` of a ranking, or the tie at the cut-off for the office. */
export function cutOff<T>(ranked: readonly Ranked<T>[], seats: number, idOf: (t: T) => number): CutOff {
  const ids = (rs: readonly Ranked<T>[]) => rs.map((r) => idOf(r.item));
  if (ranked.length <= seats) return { selected: ids(ranked), tie: null };
  if (seats <= 0) return { selected: [], tie: null };
  const cutRank = ranked[seats - 1].rank;
  if (ranked[seats].rank !== cutRank) return { selected: ids(ranked.slice(0, seats)), tie: null };
  const above = ranked.filter((r) => r.rank < cutRank);
  const tied = ranked.filter((r) => r.rank === cutRank);
  return { selected: ids(above), tie: { entryIds: ids(tied), seats: seats - above.length } };
}

export type SelectionStatus = 'selected' | 'tie' | 'out' | 'unscored';

/** Where a ranked item stands against the cut-off. */
export function cutOffStatus(id: number, c: CutOff): 'selected' | 'tie' | 'out' {
  if (c.selected.includes(id)) return 'selected';
  return c.tie?.entryIds.includes(id) ? 'tie' : 'out';
}

/** The explanation's last step: selected as `what`, tied at the cut-off, or not selected. */
export function statusStep(status: SelectionStatus, rank: number, seats: number, what: string, cut: CutOff): ExplanationStep {
  const input = { rank, seats };
  if (status === 'selected') return explainStep('cutOff', `rank within the top ${seats}`, input, status, `入选${what}`);
  if (status === 'tie') {
    return explainStep('cutOff', 'tied at the cut-off', { ...input, tied: cut.tie!.entryIds, seatsLeft: cut.tie!.seats }, status,
      `${cut.tie!.entryIds.length}项并列于入选线，剩余${cut.tie!.seats}个名额由亮点办决定`);
  }
  return explainStep('cutOff', `rank below the top ${seats}`, input, status, `未入选${what}`);
}
