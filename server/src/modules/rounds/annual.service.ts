import { annualRanking, type AnnualResult, type OpenAnnualRequest, type PublicCountsRequest } from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { BallotEntity, RoundEntity, RoundEntryEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { entryLabels, resultStatus } from './result-rows';
import { isUniqueViolation } from '../identity/identity.service';
import type { PublicVotesService } from '../public-votes/public-votes.service';

/**
 * The annual selection (domain.md step 7) on the round machinery: candidates are the year's
 * quarterly top-10s; committee members vote for up to `selectCount` (10) with the same ballots as
 * the monthly vote; public counts are stored on the round; the engine combines 60/40 with exact
 * arithmetic and explains every rank.
 */
export class AnnualService {
  constructor(
    private readonly s: AppServices,
    private readonly publicVotes?: PublicVotesService,
  ) {}

  async open(u: AuthUser, req: OpenAnnualRequest): Promise<number> {
    if (new Date(req.endsAt) <= this.s.clock()) throw new AppError('VALIDATION_FAILED', '截止时间须晚于现在', { field: 'endsAt' });
    try {
      return await this.s.db.transaction(async (m) => {
        const quarters = await m.getRepository(RoundEntity).findBy({ kind: 'quarterlyScore', period: In([1, 2, 3, 4].map((q) => `${req.year}-Q${q}`)), status: 'closed' });
        const picked = quarters.length ? await m.getRepository(RoundEntryEntity).findBy({ roundId: In(quarters.map((r) => r.id)), selected: true }) : [];
        if (!picked.length) throw new AppError('INVALID_STATE', `${req.year}年还没有已评出的季度亮点工作`);
        const { identifiers } = await m.insert(RoundEntity, {
          kind: 'annualVote',
          period: req.year,
          title: `${req.year}年度全县十大亮点工作评选`,
          selectCount: req.selectCount,
          status: 'open',
          endsAt: new Date(req.endsAt),
          closedAt: null,
          decisionReason: null,
          createdBy: u.id,
        });
        const roundId = identifiers[0].id as number;
        const entryIds = [...new Set(picked.map((p) => p.entryId))];
        await m.insert(RoundEntryEntity, entryIds.map((entryId) => ({ roundId, entryId, votes: null, rank: null, selected: false, publicVotes: 0 })));
        await appendAudit(m, { actorId: u.id, action: 'round.open', entityType: 'round', entityId: roundId, data: { year: req.year, entries: entryIds.length } });
        return roundId;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `${req.year}年已发起过年度评选`);
      throw e;
    }
  }

  /** Stores public counts (until the public vote feeds them); audited, only while the round is open. */
  async setPublicCounts(u: AuthUser, r: RoundEntity, m: EntityManager, req: PublicCountsRequest): Promise<void> {
    if (r.kind !== 'annualVote') throw new AppError('INVALID_STATE', '只有年度评选有网络投票数');
    if (r.status !== 'open') throw new AppError('INVALID_STATE', '评选已结束');
    if (await this.publicVotes?.countsForRound(m, r.id)) throw new AppError('INVALID_STATE', '本次评选的网络投票数由网络投票自动统计，不能手工录入');
    const inRound = new Set((await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id })).map((x) => x.entryId));
    const outside = req.counts.filter((c) => !inRound.has(c.entryId)).map((c) => c.entryId);
    if (outside.length) throw new AppError('VALIDATION_FAILED', '所选事项不在本次评选中', { entryIds: outside });
    for (const c of req.counts) await m.update(RoundEntryEntity, { roundId: r.id, entryId: c.entryId }, { publicVotes: c.count });
    await appendAudit(m, { actorId: u.id, action: 'round.publicCounts', entityType: 'round', entityId: r.id, data: { counts: req.counts } });
  }

  /**
   * The 60/40 ranking. While the round is open, public counts come live from its public vote (if it
   * has one); closing requires that vote to have ended and freezes its counts on the round's entries.
   */
  async ranking(m: EntityManager, r: RoundEntity, opts: { closing?: boolean } = {}) {
    const entries = await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id });
    const live = r.status === 'open' ? await this.publicVotes?.countsForRound(m, r.id) : null;
    if (live && opts.closing && live.vote.closesAt > this.s.clock()) {
      throw new AppError('INVALID_STATE', '网络投票尚未结束，不能结束年度评选', { closesAt: live.vote.closesAt.toISOString() });
    }
    if (live) for (const x of entries) x.publicVotes = live.byEntry.get(x.entryId) ?? 0;
    const committee = new Map<number, number>();
    for (const b of await m.getRepository(BallotEntity).findBy({ roundId: r.id })) {
      for (const e of JSON.parse(b.entryIds) as number[]) committee.set(e, (committee.get(e) ?? 0) + 1);
    }
    return annualRanking(
      entries.map((x) => ({ entryId: x.entryId, committee: committee.get(x.entryId) ?? 0, public: x.publicVotes ?? 0 })),
      { seats: r.selectCount },
    );
  }

  async result(m: EntityManager, r: RoundEntity, head: AnnualResult['round']): Promise<AnnualResult> {
    const ranking = await this.ranking(m, r);
    const decided = new Set((await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id, selected: true })).map((x) => x.entryId));
    const label = await entryLabels(m, ranking.rows.map((x) => x.entryId));
    return {
      round: head,
      rows: ranking.rows.map((row) => ({
        entryId: row.entryId,
        ...label(row.entryId),
        committee: row.committee,
        public: row.public,
        committeePoints: row.committeePoints,
        publicPoints: row.publicPoints,
        score: row.score,
        rank: row.rank,
        status: resultStatus(r, decided, row.entryId, row.status),
        explanation: row.explanation as unknown as AnnualResult['rows'][number]['explanation'],
      })),
      tie: r.status === 'tie' ? ranking.tie : null,
    };
  }
}
