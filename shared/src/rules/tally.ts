/**
 * The monthly vote's tally (domain.md step 5): entries ranked by approvals; the top `seats` are the
 * month's highlights. When the entries on both sides of the cut-off have the same count, the rule
 * cannot decide: the tied entries and the seats left for them go to the office, which decides and
 * records why.
 */
export interface TallyRow {
  entryId: number;
  votes: number;
  /** 1-based competition rank: equal votes share a rank (1, 2, 2, 4). */
  rank: number;
}

export interface Tally {
  rows: TallyRow[];
  /** Selected without question. */
  selected: number[];
  /** Entries tied at the cut-off, and how many of them can still be selected; null when no tie. */
  tie: { entryIds: number[]; seats: number } | null;
}

export function tally(votes: Map<number, number>, entryIds: number[], seats: number): Tally {
  const rows = entryIds
    .map((entryId) => ({ entryId, votes: votes.get(entryId) ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.entryId - b.entryId);
  const ranked: TallyRow[] = rows.map((r, i) => ({ ...r, rank: i > 0 && rows[i - 1].votes === r.votes ? 0 : i + 1 }));
  for (let i = 1; i < ranked.length; i++) if (ranked[i].rank === 0) ranked[i].rank = ranked[i - 1].rank;
  if (ranked.length <= seats) return { rows: ranked, selected: ranked.map((r) => r.entryId), tie: null };
  const cutVotes = ranked[seats - 1].votes;
  if (seats === 0 || ranked[seats].votes !== cutVotes) {
    return { rows: ranked, selected: ranked.slice(0, seats).map((r) => r.entryId), tie: null };
  }
  const above = ranked.filter((r) => r.votes > cutVotes).map((r) => r.entryId);
  const tied = ranked.filter((r) => r.votes === cutVotes).map((r) => r.entryId);
  return { rows: ranked, selected: above, tie: { entryIds: tied, seats: seats - above.length } };
}
