import {
  tally,
  type BallotRequest,
  type DecideRequest,
  type MonthHighlights,
  type OpenRoundRequest,
  type OpenQuarterRequest,
  type OpenAnnualRequest,
  type PublicCountsRequest,
  type AnnualResult,
  type QuarterlyResult,
  type Paged,
  type Round,
  type RoundResult,
} from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { BallotEntity, LedgerEntryEntity, RoleGrantEntity, RoundEntity, RoundEntryEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { entryLabels } from './result-rows';
import { isUniqueViolation } from '../identity/identity.service';
import { toUnitView } from '../units/units.service';
import { QuarterlyService } from './quarterly.service';
import { AnnualService } from './annual.service';
import type { PublicVotesService } from '../public-votes/public-votes.service';
import { recordCadreFiles } from '../publication/cadre-files';

type RoundHead = Omit<Round, 'entries' | 'myBallot'>;

/** Who votes in a round of this kind: the leading group monthly, the county committee yearly. */
function voterRole(kind: RoundEntity['kind']) {
  return kind === 'annualVote' ? 'committee' : 'leadingGroup';
}

export class RoundsService {
  readonly quarterly: QuarterlyService;
  readonly annual: AnnualService;

  constructor(
    private readonly s: AppServices,
    publicVotes?: PublicVotesService,
  ) {
    this.quarterly = new QuarterlyService(s);
    this.annual = new AnnualService(s, publicVotes);
  }

  async openAnnual(u: AuthUser, req: OpenAnnualRequest): Promise<Round> {
    return this.get(u, await this.annual.open(u, req));
  }

  async setPublicCounts(u: AuthUser, id: number, req: PublicCountsRequest): Promise<Round> {
    await this.s.db.transaction(async (m) => this.annual.setPublicCounts(u, await this.lockRound(m, id), m, req));
    return this.get(u, id);
  }

  async openQuarter(u: AuthUser, req: OpenQuarterRequest): Promise<Round> {
    return this.get(u, await this.quarterly.open(u, req));
  }

  private async lockRound(m: EntityManager, id: number): Promise<RoundEntity> {
    const qb = m.getRepository(RoundEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const r = await qb.getOne();
    if (!r) throw new AppError('NOT_FOUND', '投票不存在');
    return r;
  }

  private async head(r: RoundEntity): Promise<RoundHead> {
    const m = this.s.db.manager;
    return {
      id: r.id,
      kind: r.kind,
      month: r.period,
      title: r.title,
      selectCount: r.selectCount,
      status: r.status,
      endsAt: r.endsAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      ballots: await m.getRepository(BallotEntity).countBy({ roundId: r.id }),
      members: await m.getRepository(RoleGrantEntity).countBy({ role: voterRole(r.kind) }),
      decisionReason: r.decisionReason,
    };
  }

  /** Opens the month's vote over its catalog (the entries that passed on-site verification). */
  async open(u: AuthUser, req: OpenRoundRequest): Promise<Round> {
    if (new Date(req.endsAt) <= this.s.clock()) throw new AppError('VALIDATION_FAILED', '截止时间须晚于现在', { field: 'endsAt' });
    let id: number;
    try {
      id = await this.s.db.transaction(async (m) => {
        const catalog = await m.getRepository(LedgerEntryEntity).find({ where: { month: req.month, status: 'passed' }, order: { id: 'ASC' } });
        if (!catalog.length) throw new AppError('INVALID_STATE', `${req.month}的目录为空：请先完成现场核查`);
        const [y, mo] = req.month.split('-');
        const { identifiers } = await m.insert(RoundEntity, {
          kind: req.kind,
          period: req.month,
          title: `${y}年${Number(mo)}月亮点工作评选`,
          selectCount: req.selectCount,
          status: 'open',
          endsAt: new Date(req.endsAt),
          closedAt: null,
          decisionReason: null,
          createdBy: u.id,
        });
        const roundId = identifiers[0].id as number;
        await m.insert(RoundEntryEntity, catalog.map((e) => ({ roundId, entryId: e.id, votes: null, rank: null, selected: false })));
        await appendAudit(m, { actorId: u.id, action: 'round.open', entityType: 'round', entityId: roundId, data: { month: req.month, selectCount: req.selectCount, entries: catalog.length } });
        return roundId;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `${req.month}已发起过月度投票`);
      throw e;
    }
    return this.get(u, id);
  }

  async list(page = 1, pageSize = 20): Promise<Paged<RoundHead>> {
    const [rows, total] = await this.s.db.manager
      .getRepository(RoundEntity)
      .findAndCount({ order: { period: 'DESC', id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: await Promise.all(rows.map((r) => this.head(r))), total, page, pageSize };
  }

  async get(u: AuthUser, id: number): Promise<Round> {
    const m = this.s.db.manager;
    const r = await m.getRepository(RoundEntity).findOneBy({ id });
    if (!r) throw new AppError('NOT_FOUND', '投票不存在');
    const ids = (await m.getRepository(RoundEntryEntity).findBy({ roundId: id })).map((x) => x.entryId);
    const entries = ids.length ? await m.getRepository(LedgerEntryEntity).find({ where: { id: In(ids) }, relations: { unit: true }, order: { id: 'ASC' } }) : [];
    const voter = u.roles.includes(voterRole(r.kind)) && r.kind !== 'quarterlyScore';
    const mine = voter ? await m.getRepository(BallotEntity).findOneBy({ roundId: id, voterId: u.id }) : null;
    return {
      ...(await this.head(r)),
      entries: entries.map((e) => ({ id: e.id, title: e.title, summary: e.summary, unit: e.unit ? toUnitView(e.unit) : null, category: e.category, month: e.month })),
      myBallot: voter ? (mine ? (JSON.parse(mine.entryIds) as number[]) : []) : null,
    };
  }

  /** A member's ballot, replaced whole; under the round's lock so it cannot slip past the close. */
  async ballot(u: AuthUser, id: number, req: BallotRequest): Promise<Round> {
    const entryIds = [...new Set(req.entryIds)].sort((a, b) => a - b);
    if (entryIds.length !== req.entryIds.length) throw new AppError('VALIDATION_FAILED', '同一事项只能选一次');
    await this.s.db.transaction(async (m) => {
      const r = await this.lockRound(m, id);
      if (r.kind === 'quarterlyScore') throw new AppError('INVALID_STATE', '季度评分不投票，请按评分表评分');
      if (!u.roles.includes(voterRole(r.kind))) {
        throw new AppError('FORBIDDEN', r.kind === 'annualVote' ? '只有县委委员可以参加年度投票' : '只有亮点工作领导小组成员可以投票');
      }
      if (r.status !== 'open' || r.endsAt <= this.s.clock()) throw new AppError('INVALID_STATE', '投票已结束');
      if (entryIds.length > r.selectCount) throw new AppError('VALIDATION_FAILED', `最多选择${r.selectCount}项`, { max: r.selectCount });
      const inRound = new Set((await m.getRepository(RoundEntryEntity).findBy({ roundId: id })).map((x) => x.entryId));
      const outside = entryIds.filter((e) => !inRound.has(e));
      if (outside.length) throw new AppError('VALIDATION_FAILED', '所选事项不在本月目录中', { entryIds: outside });
      const existing = await m.getRepository(BallotEntity).findOneBy({ roundId: id, voterId: u.id });
      const row = { entryIds: JSON.stringify(entryIds), castAt: this.s.clock() };
      if (existing) await m.update(BallotEntity, { id: existing.id }, row);
      else await m.insert(BallotEntity, { roundId: id, voterId: u.id, ...row });
      await appendAudit(m, { actorId: u.id, action: 'round.ballot', entityType: 'round', entityId: id, data: { entryIds } });
    });
    return this.get(u, id);
  }

  private async counts(m: EntityManager, id: number): Promise<Map<number, number>> {
    const votes = new Map<number, number>();
    for (const b of await m.getRepository(BallotEntity).findBy({ roundId: id })) {
      for (const e of JSON.parse(b.entryIds) as number[]) votes.set(e, (votes.get(e) ?? 0) + 1);
    }
    return votes;
  }

  /** Closes the vote and writes the tally; a tie at the cut-off waits for the office's decision. */
  async close(u: AuthUser, id: number): Promise<RoundResult | QuarterlyResult | AnnualResult> {
    await this.s.db.transaction(async (m) => {
      const r = await this.lockRound(m, id);
      if (r.status !== 'open') throw new AppError('INVALID_STATE', '投票已结束');
      let t: { selected: number[]; tie: { entryIds: number[]; seats: number } | null };
      if (r.kind === 'annualVote') {
        const ranking = await this.annual.ranking(m, r, { closing: true });
        for (const row of ranking.rows) {
          await m.update(RoundEntryEntity, { roundId: id, entryId: row.entryId }, { votes: row.committee, publicVotes: row.public, rank: row.rank, selected: ranking.selected.includes(row.entryId) });
        }
        t = ranking;
      } else if (r.kind === 'quarterlyScore') {
        t = await this.quarterly.ranking(m, r);
        const ranked = new Map((t as Awaited<ReturnType<QuarterlyService['ranking']>>).rows.map((row) => [row.entryId, row.rank]));
        for (const entryId of (await m.getRepository(RoundEntryEntity).findBy({ roundId: id })).map((x) => x.entryId)) {
          await m.update(RoundEntryEntity, { roundId: id, entryId }, { rank: ranked.get(entryId) ?? null, selected: t.selected.includes(entryId) });
        }
      } else {
        const entries = (await m.getRepository(RoundEntryEntity).findBy({ roundId: id })).map((x) => x.entryId);
        const tallied = tally(await this.counts(m, id), entries, r.selectCount);
        const selected = new Set(tallied.selected);
        for (const row of tallied.rows) {
          await m.update(RoundEntryEntity, { roundId: id, entryId: row.entryId }, { votes: row.votes, rank: row.rank, selected: selected.has(row.entryId) });
        }
        t = tallied;
      }
      await m.update(RoundEntity, { id }, { status: t.tie ? 'tie' : 'closed', closedAt: this.s.clock() });
      // The cadres' files take the result in the same transaction (a tie waits for the decision).
      if (!t.tie) await recordCadreFiles(m, r, this.s.clock());
      await appendAudit(m, { actorId: u.id, action: 'round.close', entityType: 'round', entityId: id, data: { selected: t.selected, tie: t.tie } });
    });
    return this.result(id);
  }

  /** The office picks which tied entries take the seats left, and says why. */
  async decide(u: AuthUser, id: number, req: DecideRequest): Promise<RoundResult | QuarterlyResult | AnnualResult> {
    await this.s.db.transaction(async (m) => {
      const r = await this.lockRound(m, id);
      if (r.status !== 'tie') throw new AppError('INVALID_STATE', '没有待决定的并列事项');
      const tie = (r.kind === 'quarterlyScore' ? await this.quarterly.ranking(m, r) : r.kind === 'annualVote' ? await this.annual.ranking(m, r) : await this.tallyOf(m, r)).tie!;
      const chosen = [...new Set(req.entryIds)];
      if (chosen.length !== tie.seats || chosen.some((e) => !tie.entryIds.includes(e))) {
        throw new AppError('VALIDATION_FAILED', `须从并列事项中选择${tie.seats}项`, { tie });
      }
      await m.update(RoundEntryEntity, { roundId: id, entryId: In(chosen) }, { selected: true });
      await m.update(RoundEntity, { id }, { status: 'closed', decisionReason: req.reason });
      await recordCadreFiles(m, r, this.s.clock());
      await appendAudit(m, { actorId: u.id, action: 'round.decide', entityType: 'round', entityId: id, data: { chosen, reason: req.reason } });
    });
    return this.result(id);
  }

  private async tallyOf(m: EntityManager, r: RoundEntity) {
    const rows = await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id });
    return tally(new Map(rows.map((x) => [x.entryId, x.votes ?? 0])), rows.map((x) => x.entryId), r.selectCount);
  }

  async result(id: number): Promise<RoundResult | QuarterlyResult | AnnualResult> {
    const m = this.s.db.manager;
    const r = await m.getRepository(RoundEntity).findOneBy({ id });
    if (!r) throw new AppError('NOT_FOUND', '投票不存在');
    if (r.status === 'open') throw new AppError('INVALID_STATE', '投票尚未结束');
    if (r.kind === 'quarterlyScore') return this.quarterly.result(m, r, await this.head(r));
    if (r.kind === 'annualVote') return this.annual.result(m, r, await this.head(r));
    return this.monthlyResult(m, r);
  }

  private async monthlyResult(m: EntityManager, r: RoundEntity): Promise<RoundResult> {
    const id = r.id;
    const rows = await m.getRepository(RoundEntryEntity).findBy({ roundId: id });
    const label = await entryLabels(m, rows.map((x) => x.entryId));
    return {
      round: await this.head(r),
      rows: rows
        .map((x) => ({ entryId: x.entryId, ...label(x.entryId), votes: x.votes ?? 0, rank: x.rank ?? 0, selected: Boolean(x.selected) }))
        .sort((a, b) => a.rank - b.rank || a.entryId - b.entryId),
      tie: r.status === 'tie' ? (await this.tallyOf(m, r)).tie : null,
    };
  }

  /** The month's highlights: the selected entries of its closed monthly round. */
  async highlights(month: string): Promise<MonthHighlights> {
    const r = await this.s.db.manager.getRepository(RoundEntity).findOneBy({ kind: 'monthlyVote', period: month, status: 'closed' });
    if (!r) return { month, roundId: null, items: [] };
    const items = (await this.monthlyResult(this.s.db.manager, r)).rows.filter((x) => x.selected).map(({ selected: _s, ...x }) => x);
    return { month, roundId: r.id, items };
  }
}
