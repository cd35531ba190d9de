/**
 * The public vote page's rules as plain functions (tested without Taro): what may be ticked today,
 * what each candidate's answer says, and the totals in ranking order.
 */
import { BALLOT_REJECTION_MESSAGES, type BallotRejection, type PublicBallotResult, type PublicCandidate, type PublicResults } from '@liangdian/shared';

export interface Toggled {
  selected: string[];
  /** Why the tap changed nothing: the day's allowance is used up, or this candidate already has today's vote. */
  refused: 'limit' | 'voted' | null;
}

/**
 * Ticks or unticks a candidate. Ticking is refused for a candidate voted for today and beyond what
 * is left of the day's allowance; unticking always works. The order of ticking is kept.
 */
export function toggleCandidate(selected: readonly string[], id: string, remaining: number, votedToday: readonly string[]): Toggled {
  if (selected.includes(id)) return { selected: selected.filter((s) => s !== id), refused: null };
  if (votedToday.includes(id)) return { selected: [...selected], refused: 'voted' };
  if (selected.length >= remaining) return { selected: [...selected], refused: 'limit' };
  return { selected: [...selected, id], refused: null };
}

export type Outcome = { accepted: true } | { accepted: false; code: BallotRejection };

/** Each candidate of the answer: counted, or the rejection code. */
export function outcomesOf(result: PublicBallotResult): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const id of result.accepted) out[id] = { accepted: true };
  for (const r of result.rejected) out[r.candidateId] = { accepted: false, code: r.code };
  return out;
}

export const ACCEPTED_TEXT = '投票成功';

export function outcomeText(outcome: Outcome): string {
  return outcome.accepted ? ACCEPTED_TEXT : BALLOT_REJECTION_MESSAGES[outcome.code];
}

/**
 * The day's ballots after an answer, until the server's own count arrives: what was counted joins
 * them and leaves the allowance; a refusal tells that the page was behind (another phone voted).
 */
export function afterBallot(voted: readonly string[], remaining: number, result: PublicBallotResult): { candidateIds: string[]; remaining: number } {
  const counted = result.accepted.filter((id) => !voted.includes(id));
  const votedElsewhere = result.rejected.filter((r) => r.code === 'ALREADY_VOTED_TODAY' && !voted.includes(r.candidateId)).map((r) => r.candidateId);
  const limitHit = result.rejected.some((r) => r.code === 'DAILY_LIMIT_REACHED');
  return { candidateIds: [...voted, ...counted, ...votedElsewhere], remaining: limitHit ? 0 : Math.max(0, remaining - counted.length) };
}

export interface ResultRow {
  candidateId: string;
  title: string;
  unitName: string;
  votes: number;
  /** 1-based; equal votes share a rank. */
  rank: number;
}

/**
 * Every candidate with its total (0 when the totals lack it), most votes first; ties keep the
 * candidates' own order. Totals of ids not among the candidates are left out.
 */
export function rankedResults(candidates: readonly PublicCandidate[], totals: PublicResults['totals']): ResultRow[] {
  const votes = new Map(totals.map((t) => [t.candidateId, t.votes]));
  const rows = candidates
    .map((c, order) => ({ candidateId: c.id, title: c.title, unitName: c.unitName, votes: votes.get(c.id) ?? 0, order }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.votes !== rows[i - 1].votes) rank = i + 1;
    return { candidateId: r.candidateId, title: r.title, unitName: r.unitName, votes: r.votes, rank };
  });
}
