import {
  chinaDay,
  publicVoteStatus,
  type BallotDecisionRequest,
  type CreatePublicVoteRequest,
  type FlaggedBallotList,
  type FlaggedQuery,
  type MyPublicBallots,
  type PublicBallotResult,
  type PublicResults,
  type PublicVote,
  type PublicVoteDetail,
  type RecountResult,
  type Signal,
} from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { EvidenceEntity, LedgerEntryEntity, LedgerSourceEntity, PublicCandidateEntity, PublicVoteEntity, RoundEntity, RoundEntryEntity, UnitEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { addToCounters, BallotWriter } from './ballot-writer';
import { FraudSignals } from './fraud-signals';

interface CachedVote {
  vote: PublicVoteEntity;
  candidates: Map<number, PublicCandidateEntity>;
  expires: number;
}

const VOTE_CACHE_MS = 10_000;
const RESULTS_CACHE_MS = 1_000;

/**
 * The public online vote: its candidates, the ballots (through the group-commit writer), the
 * results and the office's review of flagged ballots. Everything a process keeps in memory (the
 * vote and its candidates, voters' sign-up times, the last results for a second) is either
 * immutable once written or re-read within seconds; the totals themselves live in the database.
 */
export class PublicVotesService {
  readonly writer: BallotWriter;
  readonly signals: FraudSignals;
  private readonly votes = new Map<number, CachedVote>();
  private readonly results = new Map<number, { at: number; value: PublicResults }>();
  private readonly voters = new VoterLoader((ids) => this.loadVoters(ids));

  constructor(private readonly s: AppServices) {
    this.writer = new BallotWriter(s.db, { maxParallel: s.config.publicVote.writerLanes });
    this.signals = new FraudSignals(s.config.publicVote, s.redis, s.config.redisPrefix, s.logger);
  }

  async list(): Promise<PublicVote[]> {
    const rows = await this.s.db.manager.getRepository(PublicVoteEntity).find({ order: { opensAt: 'DESC', id: 'DESC' }, take: 100 });
    return rows.map((v) => this.view(v));
  }

  async detail(id: number): Promise<PublicVoteDetail> {
    const c = await this.cached(id);
    return {
      ...this.view(c.vote),
      candidates: [...c.candidates.values()]
        .sort((a, b) => a.position - b.position)
        .map((x) => ({
          id: String(x.id),
          title: x.title,
          unitName: x.unitName,
          summary: x.summary,
          photoUrl: x.photoEvidenceId ? `/api/public-votes/${id}/candidates/${x.id}/photo` : null,
        })),
    };
  }

  async create(u: AuthUser, req: CreatePublicVoteRequest): Promise<{ id: string }> {
    if (new Date(req.closesAt) <= this.s.clock()) throw new AppError('VALIDATION_FAILED', '结束时间须晚于现在', { field: 'closesAt' });
    const id = await this.s.db.transaction(async (m) => {
      let entryIds = req.entryIds ?? [];
      if (req.roundId) {
        const round = await m.getRepository(RoundEntity).findOneBy({ id: req.roundId });
        if (!round || round.kind !== 'annualVote') throw new AppError('NOT_FOUND', '年度评选不存在');
        if (round.status !== 'open') throw new AppError('INVALID_STATE', '年度评选已结束，不能再发起网络投票');
        if (await m.getRepository(PublicVoteEntity).existsBy({ roundId: round.id })) throw new AppError('CONFLICT', '该年度评选已有网络投票');
        entryIds = (await m.getRepository(RoundEntryEntity).findBy({ roundId: round.id })).map((e) => e.entryId);
      }
      const unique = [...new Set(entryIds)];
      const entries = await m.getRepository(LedgerEntryEntity).findBy({ id: In(unique) });
      if (entries.length !== unique.length) {
        const found = new Set(entries.map((e) => e.id));
        throw new AppError('VALIDATION_FAILED', '有候选事项不存在', { entryIds: unique.filter((x) => !found.has(x)) });
      }
      const { identifiers } = await m.insert(PublicVoteEntity, {
        title: req.title,
        roundId: req.roundId ?? null,
        opensAt: new Date(req.opensAt),
        closesAt: new Date(req.closesAt),
        dailyLimit: req.dailyLimit,
        hideCounts: req.hideCounts,
        createdBy: u.id,
      });
      const voteId = identifiers[0].id as number;
      await insertCandidates(m, voteId, unique.map((x) => entries.find((e) => e.id === x)!));
      await appendAudit(m, { actorId: u.id, action: 'publicVote.create', entityType: 'publicVote', entityId: voteId, data: { ...req, candidates: unique.length } });
      return voteId;
    });
    return { id: String(id) };
  }

  async myBallots(voterId: number, id: number): Promise<MyPublicBallots> {
    const c = await this.cached(id);
    const day = chinaDay(this.s.clock());
    const rows: { candidate_id: number }[] = await this.s.db.manager.query('SELECT candidate_id FROM public_ballots WHERE vote_id = ? AND voter_id = ? AND day = ?', [id, voterId, day]);
    return { day, candidateIds: rows.map((r) => String(r.candidate_id)), remaining: Math.max(0, c.vote.dailyLimit - rows.length) };
  }

  /**
   * One ballot request: the window, then the limits and signals, then the group-commit writer. The
   * answer comes after COMMIT. Unknown candidates fail the whole request (nothing is written).
   */
  async cast(input: { voteId: number; voterId: number; voterCreatedAt?: Date | null; candidateIds: string[]; ip: string; device: string | null }): Promise<PublicBallotResult> {
    const now = this.s.clock();
    const c = await this.cached(input.voteId);
    if (publicVoteStatus(c.vote, now) !== 'open') throw new AppError('VOTE_NOT_OPEN', undefined, { opensAt: c.vote.opensAt.toISOString(), closesAt: c.vote.closesAt.toISOString() });
    const unknown = input.candidateIds.filter((x) => !c.candidates.has(Number(x)));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', '所选项目不在本次投票中', { candidateIds: unknown });
    // The sign-up time comes in the token (tokens issued at sign-in carry it); older tokens are looked up.
    const voter = input.voterCreatedAt ?? (await this.voters.load(input.voterId));
    if (!voter) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');

    const distinct = [...new Set(input.candidateIds)];
    const signals: Signal[] = await this.signals.check({ voteId: input.voteId, voterId: input.voterId, voterCreatedAt: voter, ip: input.ip, device: input.device, choices: distinct.length, now });
    const day = chinaDay(now);
    const outcomes = await this.writer.write(
      distinct.map((cid) => ({ voteId: input.voteId, dailyLimit: c.vote.dailyLimit, voterId: input.voterId, candidateId: Number(cid), day, castAt: now, ip: input.ip, device: input.device, signals })),
    );
    const result: PublicBallotResult = { accepted: [], rejected: [] };
    distinct.forEach((cid, i) => {
      const o = outcomes[i];
      if (o.ok) result.accepted.push(cid);
      else result.rejected.push({ candidateId: cid, code: o.code });
    });
    // The same candidate twice in one request: the second is a repeat of the first.
    const seen = new Set<string>();
    for (const cid of input.candidateIds) {
      if (seen.has(cid)) result.rejected.push({ candidateId: cid, code: 'ALREADY_VOTED_TODAY' });
      seen.add(cid);
    }
    return result;
  }

  /** Totals from the counters kept in the ballots' transactions; hidden while open when the vote says so. */
  async resultsFor(id: number, viewer: AuthUser | null): Promise<PublicResults> {
    const c = await this.cached(id);
    const privileged = Boolean(viewer?.roles.some((r) => r === 'office' || r === 'admin'));
    if (c.vote.hideCounts && publicVoteStatus(c.vote, this.s.clock()) !== 'closed' && !privileged) throw new AppError('RESULTS_HIDDEN');
    const hit = this.results.get(id);
    if (hit && Date.now() - hit.at < RESULTS_CACHE_MS) return hit.value;
    const value = await this.computeResults(this.s.db.manager, id);
    this.results.set(id, { at: Date.now(), value });
    return value;
  }

  private async computeResults(m: EntityManager, id: number): Promise<PublicResults> {
    const rows = await counterTotals(m, id);
    const [counts]: { flagged: number | string | null; excluded: number | string | null }[] = await m.query(
      'SELECT COUNT(*) AS flagged, SUM(CASE WHEN excluded = 1 THEN 1 ELSE 0 END) AS excluded FROM public_ballots WHERE vote_id = ? AND flagged = 1',
      [id],
    );
    return {
      totals: rows.map((r) => ({ candidateId: String(r.id), votes: r.votes })),
      updatedAt: new Date().toISOString(),
      excluded: Number(counts?.excluded ?? 0),
      flagged: Number(counts?.flagged ?? 0) - Number(counts?.excluded ?? 0),
    };
  }

  async flagged(id: number, q: FlaggedQuery): Promise<FlaggedBallotList> {
    const c = await this.cached(id);
    const where: string[] = ['b.vote_id = ?', 'b.flagged = 1'];
    const params: unknown[] = [id];
    if (q.state === 'flagged') where.push('b.excluded = 0');
    if (q.state === 'excluded') where.push('b.excluded = 1');
    if (q.kind) {
      where.push('b.signals LIKE ?');
      params.push(`%"kind":"${q.kind}"%`);
    }
    if (q.ip) {
      where.push('b.ip = ?');
      params.push(q.ip);
    }
    if (q.device) {
      where.push('b.device = ?');
      params.push(q.device);
    }
    const m = this.s.db.manager;
    const [{ n }] = await m.query(`SELECT COUNT(*) AS n FROM public_ballots b WHERE ${where.join(' AND ')}`, params);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT b.id, b.candidate_id, b.voter_id, b.day, b.cast_at, b.ip, b.device, b.signals, b.excluded, b.decision_note, u.created_at AS voter_created_at
       FROM public_ballots b LEFT JOIN users u ON u.id = b.voter_id WHERE ${where.join(' AND ')} ORDER BY b.id DESC LIMIT ? OFFSET ?`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    // The summary by distinct signal sets: a few groups, however many ballots are flagged.
    const groups: { signals: string | null; excluded: number; n: number | string }[] = await m.query(
      'SELECT signals, excluded, COUNT(*) AS n FROM public_ballots WHERE vote_id = ? AND flagged = 1 GROUP BY signals, excluded',
      [id],
    );
    const byKind: Record<string, number> = {};
    let excluded = 0;
    let flagged = 0;
    for (const g of groups) {
      const n = Number(g.n);
      if (Number(g.excluded)) excluded += n;
      else flagged += n;
      for (const sig of parseSignals(g.signals)) byKind[sig.kind] = (byKind[sig.kind] ?? 0) + n;
    }
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        candidateId: String(r.candidate_id),
        candidateTitle: c.candidates.get(Number(r.candidate_id))?.title ?? '',
        voterId: Number(r.voter_id),
        voterCreatedAt: toIso(r.voter_created_at),
        castAt: toIso(r.cast_at),
        day: String(r.day),
        ip: String(r.ip),
        device: (r.device as string | null) ?? null,
        signals: parseSignals(r.signals as string | null),
        excluded: Boolean(Number(r.excluded)),
        decisionNote: (r.decision_note as string | null) ?? null,
      })),
      total: Number(n),
      page: q.page,
      pageSize: q.pageSize,
      summary: { flagged, excluded, byKind },
    };
  }

  /**
   * Excludes or reinstates ballots, with the reason on the record: the ballots are locked, the
   * counters moved by exactly the ballots whose state changed, and one audit row names them all.
   */
  async decide(u: AuthUser, id: number, req: BallotDecisionRequest): Promise<{ changed: number }> {
    await this.cached(id);
    const result = await this.s.db.transaction(async (m) => {
      const ids = [...new Set(req.ballotIds)];
      const lock = m.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
      const rows: { id: number | string; candidate_id: number; excluded: number }[] = await m.query(
        `SELECT id, candidate_id, excluded FROM public_ballots WHERE vote_id = ? AND id IN (${ids.map(() => '?').join(',')})${lock}`,
        [id, ...ids],
      );
      if (rows.length !== ids.length) {
        const found = new Set(rows.map((r) => String(r.id)));
        throw new AppError('VALIDATION_FAILED', '有选票不属于本次投票', { ballotIds: ids.filter((x) => !found.has(x)) });
      }
      const changing = rows.filter((r) => Boolean(Number(r.excluded)) !== req.exclude);
      if (!changing.length) return { changed: 0 };
      await m.query(
        `UPDATE public_ballots SET excluded = ?, flagged = 1, decision_note = ? WHERE id IN (${changing.map(() => '?').join(',')})`,
        [req.exclude ? 1 : 0, req.reason, ...changing.map((r) => r.id)],
      );
      const delta = new Map<number, number>();
      for (const r of changing) delta.set(Number(r.candidate_id), (delta.get(Number(r.candidate_id)) ?? 0) + (req.exclude ? -1 : 1));
      for (const cid of [...delta.keys()].sort((a, b) => a - b)) await addToCounter(m, cid, delta.get(cid)!);
      await appendAudit(m, {
        actorId: u.id,
        action: req.exclude ? 'publicVote.exclude' : 'publicVote.reinstate',
        entityType: 'publicVote',
        entityId: id,
        data: { ballotIds: changing.map((r) => String(r.id)), reason: req.reason },
      });
      return { changed: changing.length };
    });
    this.results.delete(id);
    return result;
  }

  /** Counts the stored valid ballots again and corrects any counter that differs (audited). */
  async recount(u: AuthUser, id: number): Promise<RecountResult> {
    await this.cached(id);
    const out = await this.s.db.transaction(async (m) => {
      const lock = m.connection.options.type === 'better-sqlite3' ? '' : ' FOR UPDATE';
      // Lock the shard rows first: a writer lane committing meanwhile adds to them after we are done,
      // and its ballots (not yet committed) are not in our count either.
      await m.query(`SELECT k.candidate_id FROM public_vote_counters k JOIN public_vote_candidates c ON c.id = k.candidate_id WHERE c.vote_id = ?${lock}`, [id]);
      const counters = await counterTotals(m, id);
      const counted = await countValid(m, id);
      const totals = counters.map((c) => ({ candidateId: String(c.id), votes: counted.get(c.id) ?? 0, counter: c.votes }));
      const wrong = totals.filter((t) => t.votes !== t.counter);
      for (const t of wrong) await addToCounter(m, Number(t.candidateId), t.votes - t.counter);
      await appendAudit(m, { actorId: u.id, action: 'publicVote.recount', entityType: 'publicVote', entityId: id, data: { corrected: wrong } });
      return { totals, corrected: wrong.length };
    });
    this.results.delete(id);
    return out;
  }

  /** A candidate's photo for the public page: the preview (no EXIF, no GPS) of the work's first photo. */
  async photo(id: number, candidateId: number) {
    const c = await this.cached(id);
    const cand = c.candidates.get(candidateId);
    const e = cand?.photoEvidenceId ? await this.s.db.manager.getRepository(EvidenceEntity).findOneBy({ id: cand.photoEvidenceId }) : null;
    if (!e?.previewKey) throw new AppError('NOT_FOUND', '图片不存在');
    return this.s.storage.get(e.previewKey);
  }

  /** Public counts for an annual round from its public vote, or null when the round has none. */
  async countsForRound(m: EntityManager, roundId: number): Promise<{ vote: PublicVoteEntity; byEntry: Map<number, number> } | null> {
    const vote = await m.getRepository(PublicVoteEntity).findOneBy({ roundId });
    if (!vote) return null;
    const cands = await m.getRepository(PublicCandidateEntity).findBy({ voteId: vote.id });
    const counted = await countValid(m, vote.id);
    return { vote, byEntry: new Map(cands.map((c) => [c.entryId, counted.get(c.id) ?? 0])) };
  }

  private view(v: PublicVoteEntity): PublicVote {
    return {
      id: String(v.id),
      title: v.title,
      opensAt: v.opensAt.toISOString(),
      closesAt: v.closesAt.toISOString(),
      dailyLimit: v.dailyLimit,
      status: publicVoteStatus(v, this.s.clock()),
      hideCounts: v.hideCounts,
      roundId: v.roundId,
    };
  }

  private async cached(id: number): Promise<CachedVote> {
    const hit = this.votes.get(id);
    if (hit && hit.expires > Date.now()) return hit;
    const vote = await this.s.db.manager.getRepository(PublicVoteEntity).findOneBy({ id });
    if (!vote) throw new AppError('NOT_FOUND', '投票不存在');
    const candidates = await this.s.db.manager.getRepository(PublicCandidateEntity).findBy({ voteId: id });
    const entry = { vote, candidates: new Map(candidates.map((c) => [c.id, c])), expires: Date.now() + VOTE_CACHE_MS };
    this.votes.set(id, entry);
    return entry;
  }

  private async loadVoters(ids: number[]): Promise<Map<number, Date>> {
    const rows: { id: number; created_at: unknown }[] = await this.s.db.manager.query(
      `SELECT id, created_at FROM users WHERE id IN (${ids.map(() => '?').join(',')})`,
      ids,
    );
    return new Map(rows.map((r) => [Number(r.id), new Date(toIso(r.created_at))]));
  }
}

/** Each candidate's counter (the sum of its shards), in the vote's order. */
async function counterTotals(m: EntityManager, voteId: number): Promise<{ id: number; votes: number }[]> {
  const rows: { id: number; votes: number | string | null }[] = await m.query(
    'SELECT c.id, SUM(k.votes) AS votes FROM public_vote_candidates c LEFT JOIN public_vote_counters k ON k.candidate_id = c.id WHERE c.vote_id = ? GROUP BY c.id, c.position ORDER BY c.position, c.id',
    [voteId],
  );
  return rows.map((r) => ({ id: Number(r.id), votes: Number(r.votes ?? 0) }));
}

/** Moves a candidate's counter by `delta` (on shard 0; the total is the sum of the shards). */
async function addToCounter(m: EntityManager, candidateId: number, delta: number): Promise<void> {
  await addToCounters(m, [{ candidateId, shard: 0, votes: delta }]);
}

/** Valid (not excluded) ballots per candidate, counted from the rows. */
async function countValid(m: EntityManager, voteId: number): Promise<Map<number, number>> {
  const rows: { candidate_id: number; n: number | string }[] = await m.query(
    'SELECT candidate_id, COUNT(*) AS n FROM public_ballots WHERE vote_id = ? AND excluded = 0 GROUP BY candidate_id',
    [voteId],
  );
  return new Map(rows.map((r) => [Number(r.candidate_id), Number(r.n)]));
}

/** Candidates as the public will see them: title, unit and summary copied, and the first photo of the work. */
export async function insertCandidates(m: EntityManager, voteId: number, entries: LedgerEntryEntity[]): Promise<void> {
  const units = new Map((await m.getRepository(UnitEntity).findBy({ id: In(entries.map((e) => e.unitId).filter((x): x is number => x != null)) })).map((u) => [u.id, u.name]));
  const sources = entries.length ? await m.getRepository(LedgerSourceEntity).findBy({ entryId: In(entries.map((e) => e.id)) }) : [];
  const photos = sources.length ? await m.getRepository(EvidenceEntity).find({ where: { reportId: In(sources.map((s) => s.reportId)), kind: 'photo' }, order: { id: 'ASC' } }) : [];
  const rows = entries.map((e, position) => {
    const reportIds = new Set(sources.filter((s) => s.entryId === e.id).map((s) => s.reportId));
    const photo = photos.find((p) => p.reportId != null && reportIds.has(p.reportId) && p.previewKey);
    return { voteId, entryId: e.id, title: e.title, unitName: (e.unitId && units.get(e.unitId)) || '县领导推荐', summary: e.summary, photoEvidenceId: photo?.id ?? null, position };
  });
  if (rows.length) await m.insert(PublicCandidateEntity, rows);
}

function parseSignals(s: string | null): Signal[] {
  if (!s) return [];
  try {
    return JSON.parse(s) as Signal[];
  } catch {
    return [];
  }
}

/** Timestamps as the drivers return them (Date from mysql2, UTC text from SQLite) to ISO. */
function toIso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  return new Date(/Z|[+-]\d\d:?\d\d$/.test(s) ? s : s.replace(' ', 'T') + 'Z').toISOString();
}

/**
 * Loads voters' sign-up times in batches: the ids asked for in one turn of the event loop are read
 * with one query. Sign-up times never change, so they are kept (bounded).
 */
class VoterLoader {
  private known = new Map<number, Date>();
  private waiting = new Map<number, { resolve: (d: Date | null) => void; reject: (e: unknown) => void }[]>();
  private scheduled = false;

  constructor(private readonly fetch: (ids: number[]) => Promise<Map<number, Date>>) {}

  load(id: number): Promise<Date | null> {
    const k = this.known.get(id);
    if (k) return Promise.resolve(k);
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(id, list);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = new Map();
    let found: Map<number, Date>;
    try {
      found = await this.fetch([...waiting.keys()]);
    } catch (e) {
      for (const list of waiting.values()) for (const w of list) w.reject(e);
      return;
    }
    if (this.known.size > 200_000) this.known.clear();
    for (const [id, list] of waiting) {
      const d = found.get(id) ?? null;
      if (d) this.known.set(id, d);
      for (const w of list) w.resolve(d);
    }
  }
}
