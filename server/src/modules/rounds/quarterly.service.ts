import {
  DEFAULT_QUARTERLY_SETTINGS,
  checkScores,
  quarterlyRanking,
  scoreValue,
  weightedTotal,
  type AssignAssessorRequest,
  type OpenQuarterRequest,
  type QuarterlyResult,
  type ScoreSheetRequest,
  type SubmittedSheet,
  type MyRounds,
} from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { LedgerEntryEntity, RoleGrantEntity, RoundAssignmentEntity, RoundEntity, RoundEntryEntity, ScoreSheetEntity, UserEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { entryLabels, resultStatus } from './result-rows';
import { isUniqueViolation } from '../identity/identity.service';

const QUARTER_MONTHS = (quarter: string) => {
  const [y, q] = quarter.split('-Q').map(Number);
  return [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
};

const settings = (seats: number) => ({ ...DEFAULT_QUARTERLY_SETTINGS, seats });

/**
 * Quarterly scoring (domain.md step 6) on the round machinery: the candidates are the quarter's
 * monthly highlights; assessors score assigned items against the rubric on the phone; the engine in
 * shared/ ranks by trimmed mean, and the round's close writes ranks and the selected top N.
 */
export class QuarterlyService {
  constructor(private readonly s: AppServices) {}

  async open(u: AuthUser, req: OpenQuarterRequest): Promise<number> {
    if (new Date(req.endsAt) <= this.s.clock()) throw new AppError('VALIDATION_FAILED', '截止时间须晚于现在', { field: 'endsAt' });
    try {
      return await this.s.db.transaction(async (m) => {
        const months = await m.getRepository(RoundEntity).findBy({ kind: 'monthlyVote', period: In(QUARTER_MONTHS(req.quarter)), status: 'closed' });
        const picked = months.length ? await m.getRepository(RoundEntryEntity).findBy({ roundId: In(months.map((r) => r.id)), selected: true }) : [];
        if (!picked.length) throw new AppError('INVALID_STATE', `${req.quarter}还没有已评出的月度亮点工作`);
        const { identifiers } = await m.insert(RoundEntity, {
          kind: 'quarterlyScore',
          period: req.quarter,
          title: `${req.quarter.replace('-Q', '年第')}季度亮点工作观摩评分`,
          selectCount: req.selectCount,
          status: 'open',
          endsAt: new Date(req.endsAt),
          closedAt: null,
          decisionReason: null,
          createdBy: u.id,
        });
        const roundId = identifiers[0].id as number;
        const entryIds = [...new Set(picked.map((p) => p.entryId))];
        await m.insert(RoundEntryEntity, entryIds.map((entryId) => ({ roundId, entryId, votes: null, rank: null, selected: false })));
        await appendAudit(m, { actorId: u.id, action: 'round.open', entityType: 'round', entityId: roundId, data: { quarter: req.quarter, entries: entryIds.length } });
        return roundId;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `${req.quarter}已发起过季度评分`);
      throw e;
    }
  }

  /** Who can be sent to score: holders of the assessor role, with their unit (own-unit items are refused). */
  async assessors(): Promise<{ id: number; name: string; unitName: string | null }[]> {
    const grants = await this.s.db.manager.getRepository(RoleGrantEntity).find({ where: { role: 'assessor' }, relations: { user: { unit: true } }, order: { userId: 'ASC' } });
    return grants.map((g) => ({ id: g.userId, name: g.user!.name, unitName: g.user!.unit?.name ?? null }));
  }

  private async quarterlyRound(m: EntityManager, id: number, lock = false): Promise<RoundEntity> {
    const qb = m.getRepository(RoundEntity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock && m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    const r = await qb.getOne();
    if (!r || r.kind !== 'quarterlyScore') throw new AppError('NOT_FOUND', '季度评分不存在');
    return r;
  }

  /** Sends an assessor to items of the round; items of the assessor's own unit are refused by name. */
  async assign(u: AuthUser, id: number, req: AssignAssessorRequest): Promise<void> {
    await this.s.db.transaction(async (m) => {
      const r = await this.quarterlyRound(m, id, true);
      if (r.status !== 'open') throw new AppError('INVALID_STATE', '评分已结束');
      if (!(await m.getRepository(RoleGrantEntity).existsBy({ userId: req.assessorId, role: 'assessor' }))) {
        throw new AppError('VALIDATION_FAILED', '所选人员不是季度观摩评分人', { field: 'assessorId' });
      }
      const assessor = await m.getRepository(UserEntity).findOneByOrFail({ id: req.assessorId });
      const inRound = new Set((await m.getRepository(RoundEntryEntity).findBy({ roundId: id })).map((x) => x.entryId));
      const outside = req.entryIds.filter((e) => !inRound.has(e));
      if (outside.length) throw new AppError('VALIDATION_FAILED', '所选事项不在本季度评分中', { entryIds: outside });
      const entries = await m.getRepository(LedgerEntryEntity).findBy({ id: In(req.entryIds) });
      const own = entries.filter((e) => e.unitId !== null && e.unitId === assessor.unitId);
      if (own.length) throw new AppError('CONFLICT', `评分人不能给本单位的事项评分：${own.map((e) => e.title).join('、')}`, { entryIds: own.map((e) => e.id) });
      for (const entryId of new Set(req.entryIds)) {
        if (!(await m.getRepository(RoundAssignmentEntity).existsBy({ roundId: id, entryId, assessorId: req.assessorId }))) {
          await m.insert(RoundAssignmentEntity, { roundId: id, entryId, assessorId: req.assessorId });
        }
      }
      await appendAudit(m, { actorId: u.id, action: 'round.assign', entityType: 'round', entityId: id, data: { assessorId: req.assessorId, entryIds: req.entryIds } });
    });
  }

  /**
   * An assessor's sheet for an item. A sheet re-sent with the same clientId (the phone never saw the
   * answer) returns the stored one and changes nothing; a new clientId replaces the assessor's sheet
   * while the round is open. Own-unit and unassigned items, and scores off the rubric, are refused.
   */
  async submitSheet(u: AuthUser, id: number, entryId: number, req: ScoreSheetRequest): Promise<SubmittedSheet> {
    const again = await this.s.db.manager.getRepository(ScoreSheetEntity).findOneBy({ clientId: req.clientId });
    if (again) {
      if (again.assessorId !== u.id || again.roundId !== id || again.entryId !== entryId) throw new AppError('CONFLICT', '评分单编号重复');
      return this.toSheet(again);
    }
    const check = checkScores(DEFAULT_QUARTERLY_SETTINGS.rubric, req.scores);
    if (!check.ok) throw new AppError('VALIDATION_FAILED', check.message, { code: check.code, criterion: check.criterion });
    try {
      await this.s.db.transaction(async (m) => {
        const r = await this.quarterlyRound(m, id, true);
        if (r.status !== 'open' || r.endsAt <= this.s.clock()) throw new AppError('INVALID_STATE', '评分已结束');
        const entry = await m.getRepository(LedgerEntryEntity).findOneBy({ id: entryId });
        if (entry && entry.unitId !== null && entry.unitId === u.unitId) throw new AppError('FORBIDDEN', '不能给本单位的事项评分');
        if (!(await m.getRepository(RoundAssignmentEntity).existsBy({ roundId: id, entryId, assessorId: u.id }))) {
          throw new AppError('FORBIDDEN', '该事项未指派给您评分');
        }
        const existing = await m.getRepository(ScoreSheetEntity).findOneBy({ roundId: id, entryId, assessorId: u.id });
        const row = { scores: JSON.stringify(req.scores), clientId: req.clientId, submittedAt: this.s.clock() };
        if (existing) await m.update(ScoreSheetEntity, { id: existing.id }, row);
        else await m.insert(ScoreSheetEntity, { roundId: id, entryId, assessorId: u.id, ...row });
        await appendAudit(m, { actorId: u.id, action: 'round.score', entityType: 'round', entityId: id, data: { entryId, scores: req.scores, clientId: req.clientId } });
      });
    } catch (e) {
      // Two copies of one sheet racing: the unique clientId lets one in; the other answers as a re-send.
      if (!isUniqueViolation(e)) throw e;
    }
    return this.toSheet(await this.s.db.manager.getRepository(ScoreSheetEntity).findOneByOrFail({ roundId: id, entryId, assessorId: u.id }));
  }

  private toSheet(s: ScoreSheetEntity): SubmittedSheet {
    const scores = JSON.parse(s.scores) as Record<string, number>;
    return {
      roundId: s.roundId,
      entryId: s.entryId,
      assessorId: s.assessorId,
      scores,
      clientId: s.clientId,
      total: scoreValue(weightedTotal(DEFAULT_QUARTERLY_SETTINGS.rubric, scores)).display,
      submittedAt: s.submittedAt.toISOString(),
    };
  }

  async myItems(u: AuthUser, id: number) {
    const m = this.s.db.manager;
    const round = await this.quarterlyRound(m, id);
    const assigned = await m.getRepository(RoundAssignmentEntity).findBy({ roundId: id, assessorId: u.id });
    const label = await entryLabels(m, assigned.map((a) => a.entryId));
    const sheets = new Map((await m.getRepository(ScoreSheetEntity).findBy({ roundId: id, assessorId: u.id })).map((s) => [s.entryId, s]));
    return {
      roundId: id,
      status: round.status,
      endsAt: round.endsAt.toISOString(),
      entries: assigned.map((a) => ({
        entryId: a.entryId,
        ...label(a.entryId),
        sheet: sheets.has(a.entryId) ? this.toSheet(sheets.get(a.entryId)!) : null,
      })),
    };
  }

  async myRounds(u: AuthUser): Promise<MyRounds> {
    const m = this.s.db.manager;
    const assigned = await m.getRepository(RoundAssignmentEntity).findBy({ assessorId: u.id });
    const ids = [...new Set(assigned.map((a) => a.roundId))];
    if (!ids.length) return { items: [] };
    const rounds = await m.getRepository(RoundEntity).find({ where: { id: In(ids), kind: 'quarterlyScore' }, order: { period: 'DESC', id: 'DESC' } });
    const sheets = await m.getRepository(ScoreSheetEntity).findBy({ assessorId: u.id, roundId: In(ids) });
    return {
      items: rounds.map((r) => ({
        id: r.id,
        title: r.title,
        quarter: r.period,
        status: r.status,
        endsAt: r.endsAt.toISOString(),
        assigned: assigned.filter((a) => a.roundId === r.id).length,
        scored: sheets.filter((x) => x.roundId === r.id).length,
      })),
    };
  }

  /** The engine's ranking over the round's sheets: used by close (to write) and by result (to show). */
  async ranking(m: EntityManager, r: RoundEntity) {
    const entries = (await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id })).map((x) => x.entryId);
    const sheets = await m.getRepository(ScoreSheetEntity).findBy({ roundId: r.id });
    const items = entries.map((entryId) => ({
      entryId,
      sheets: sheets.filter((s) => s.entryId === entryId).map((s) => ({ assessorId: s.assessorId, scores: JSON.parse(s.scores) as Record<string, number> })),
    }));
    return quarterlyRanking(items, settings(r.selectCount));
  }

  async result(m: EntityManager, r: RoundEntity, head: QuarterlyResult['round']): Promise<QuarterlyResult> {
    const ranking = await this.ranking(m, r);
    const decided = new Set((await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id, selected: true })).map((x) => x.entryId));
    const label = await entryLabels(m, ranking.rows.map((x) => x.entryId));
    return {
      round: head,
      rows: ranking.rows.map((row) => ({
        entryId: row.entryId,
        ...label(row.entryId),
        score: row.score,
        rank: row.rank,
        status: resultStatus(r, decided, row.entryId, row.status),
        sheets: row.sheets,
        explanation: row.explanation as unknown as QuarterlyResult['rows'][number]['explanation'],
      })),
      tie: r.status === 'tie' ? ranking.tie : null,
    };
  }
}
