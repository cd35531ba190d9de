import type { Database } from '../../src/db/database';
import { PublicCandidateEntity, PublicVoteEntity, UserEntity } from '../../src/db/entities';
import type { TokenService } from '../../src/http/auth';

/** Public voters made straight in the database (as first sign-ins would), each with a bearer token. */
export async function makeVoters(db: Database, tokens: TokenService, n: number, opts: { prefix?: string; createdAt?: Date } = {}): Promise<{ id: number; token: string }[]> {
  const prefix = opts.prefix ?? `v${Math.random().toString(36).slice(2, 8)}`;
  const rows = Array.from({ length: n }, (_, i) => ({ openid: `${prefix}-${i}`, name: '微信用户', phone: null, unitId: null, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const { identifiers } = await db.manager.insert(UserEntity, rows.slice(i, i + 500));
    ids.push(...identifiers.map((x) => x.id as number));
  }
  // With a sign-up time the tokens carry it, as sign-in's do; without, the server looks it up.
  return Promise.all(ids.map(async (id) => ({ id, token: (await tokens.issue(id, opts.createdAt ? { createdAt: opts.createdAt } : {})).token })));
}

/** A public vote over `n` candidates straight in the database (no ledger entries needed beyond the demo's). */
export async function makeVote(db: Database, opts: { entryIds: number[]; dailyLimit?: number; hideCounts?: boolean; opensAt?: Date; closesAt?: Date; title?: string }): Promise<{ id: number; candidates: number[] }> {
  const { identifiers } = await db.manager.insert(PublicVoteEntity, {
    title: opts.title ?? '测试网络投票',
    roundId: null,
    opensAt: opts.opensAt ?? new Date(Date.now() - 86_400_000),
    closesAt: opts.closesAt ?? new Date(Date.now() + 30 * 86_400_000),
    dailyLimit: opts.dailyLimit ?? 10,
    hideCounts: opts.hideCounts ?? false,
    createdBy: 1,
  });
  const voteId = identifiers[0].id as number;
  const c = await db.manager.insert(
    PublicCandidateEntity,
    opts.entryIds.map((entryId, position) => ({ voteId, entryId, title: `候选${position + 1}`, unitName: '测试单位', summary: '简要内容', photoEvidenceId: null, position })),
  );
  return { id: voteId, candidates: c.identifiers.map((x) => x.id as number) };
}

/** What the database holds for a vote: valid ballots per candidate, and the counters. */
export async function storedTotals(db: Database, voteId: number): Promise<{ counted: Record<string, number>; counters: Record<string, number>; rows: number }> {
  const counted: Record<string, number> = {};
  for (const r of await db.manager.query('SELECT candidate_id, COUNT(*) AS n FROM public_ballots WHERE vote_id = ? AND excluded = 0 GROUP BY candidate_id', [voteId])) {
    counted[String(r.candidate_id)] = Number(r.n);
  }
  const counters: Record<string, number> = {};
  for (const r of await db.manager.query('SELECT c.id, SUM(k.votes) AS n FROM public_vote_candidates c JOIN public_vote_counters k ON k.candidate_id = c.id WHERE c.vote_id = ? GROUP BY c.id', [voteId])) {
    if (Number(r.n)) counters[String(r.id)] = Number(r.n);
  }
  const [{ n }] = await db.manager.query('SELECT COUNT(*) AS n FROM public_ballots WHERE vote_id = ?', [voteId]);
  return { counted, counters, rows: Number(n) };
}
