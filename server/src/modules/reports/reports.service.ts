import {
  leaderQuotaDecision,
  missingForSubmit,
  monthlyWindow,
  submissionMonth,
  unitQuotaDecision,
  type Paged,
  type QuotaStatus,
  type Report,
  type ReportDraft,
  type ReportKind,
  type ReportListQuery,
  type ReportSummary,
  type SubmitRequest,
} from '@liangdian/shared';
import { Brackets, type EntityManager } from 'typeorm';
import { EvidenceEntity, ReportEntity, UnitEntity, UserEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import * as access from './report-access';
import { checkContent } from './content-check';
import { ensureCounter, leaderScope, lockCounter, readUsed, setUsed, unitScope } from './quota-counter';
import { toReportView, toSummary } from './report-view';
import type { LedgerService } from '../ledger/ledger.service';

const RELATIONS = { unit: true, author: true } as const;

export class ReportsService {
  constructor(
    private readonly s: AppServices,
    private readonly ledger: LedgerService,
  ) {}

  private now(): Date {
    return this.s.clock();
  }

  private get window() {
    return { cutoffDay: this.s.config.monthlyCutoffDay };
  }

  private load(m: EntityManager, id: number) {
    return m.getRepository(ReportEntity).findOne({ where: { id }, relations: RELATIONS });
  }

  async get(u: AuthUser, id: number): Promise<Report> {
    const r = await this.load(this.s.db.manager, id);
    access.assertViewable(u, r);
    return toReportView(this.s.db.manager, r);
  }

  /** The report for an author's write (evidence, edits): visible, then editable. */
  async editable(u: AuthUser, id: number): Promise<ReportEntity> {
    const r = await this.load(this.s.db.manager, id);
    access.assertViewable(u, r);
    access.assertEditable(u, r);
    return r;
  }

  async create(u: AuthUser, kind: ReportKind, draft: ReportDraft): Promise<Report> {
    if (kind === 'report' && (!u.roles.includes('reporter') || !u.unitId)) throw new AppError('FORBIDDEN', '只有单位填报员可以申报');
    if (kind === 'recommendation' && !u.roles.includes('groupLeader')) throw new AppError('FORBIDDEN', '只有县级领导可以推荐');
    const unitId = kind === 'report' ? u.unitId : await this.checkUnit(draft.unitId);
    const id = await this.s.db.transaction(async (m) => {
      const { identifiers } = await m.insert(ReportEntity, {
        kind,
        unitId,
        authorId: u.id,
        title: draft.title ?? '',
        summary: draft.summary ?? '',
        category: draft.category ?? null,
        leaderPraise: draft.leaderPraise ?? null,
        reason: draft.reason ?? null,
        status: 'draft',
      });
      const newId = identifiers[0].id as number;
      await appendAudit(m, { actorId: u.id, action: `${kind}.create`, entityType: 'report', entityId: newId, data: { unitId } });
      return newId;
    });
    return this.get(u, id);
  }

  async update(u: AuthUser, id: number, draft: ReportDraft): Promise<Report> {
    await this.s.db.transaction(async (m) => {
      const r = await this.load(m, id);
      access.assertViewable(u, r);
      access.assertEditable(u, r);
      const changes: Partial<ReportEntity> = {};
      for (const key of ['title', 'summary', 'category', 'leaderPraise', 'reason'] as const) {
        if (draft[key] !== undefined) (changes as Record<string, unknown>)[key] = draft[key];
      }
      if (draft.unitId !== undefined) {
        if (r.kind === 'report') throw new AppError('VALIDATION_FAILED', '申报单位不能修改', { field: 'unitId' });
        changes.unitId = await this.checkUnit(draft.unitId);
      }
      if (!Object.keys(changes).length) return;
      await m.update(ReportEntity, { id }, changes);
      await appendAudit(m, { actorId: u.id, action: `${r.kind}.update`, entityType: 'report', entityId: id, data: { fields: Object.keys(changes) } });
    });
    return this.get(u, id);
  }

  /**
   * Sends the item on. The month is the one whose window is open now; if the author meant an
   * earlier, closed month the answer says which month it would now belong to (WINDOW_CLOSED) and
   * nothing changes until they confirm. The quota place is taken under the counter's lock.
   */
  async submit(u: AuthUser, id: number, req: SubmitRequest): Promise<Report> {
    const pre = await this.load(this.s.db.manager, id);
    access.assertViewable(u, pre);
    access.assertCanSubmit(u, pre);
    const reason = req.reason !== undefined ? req.reason : pre.reason;
    const missing = missingForSubmit({ ...pre, reason });
    if (missing.length) throw new AppError('VALIDATION_FAILED', `请先填写：${missing.join('、')}`, { missing });
    const current = submissionMonth(this.now(), this.window);
    if (req.month > current) throw new AppError('VALIDATION_FAILED', `当前申报月份为${current}`, { month: current });
    const keepsPlace = pre.month === current && pre.quotaSlot !== null;
    if (!keepsPlace && req.month !== current) {
      const closed = monthlyWindow(req.month, this.window).closesAt;
      throw new AppError('WINDOW_CLOSED', `${monthLabel(req.month)}的申报已于${fmt(closed)}截止，本项将计入${monthLabel(current)}，请确认后提交`, { month: current, closedMonth: req.month });
    }
    const author = await this.s.db.manager.getRepository(UserEntity).findOneBy({ id: u.id });
    const contentCheck = await checkContent(this.s, author?.openid ?? null, [pre.title, pre.summary, reason, pre.leaderPraise]);

    if (!keepsPlace) await ensureCounter(this.s.db.manager, this.scopeOf(pre), current);
    await this.s.db.transaction(async (m) => {
      const r = await this.load(m, id);
      access.assertCanSubmit(u, r!);
      let slot = r!.quotaSlot;
      if (!keepsPlace) {
        if (r!.month && r!.quotaSlot !== null) await this.release(m, r!);
        const counter = await lockCounter(m, this.scopeOf(r!), current);
        const q = this.s.config.quotas;
        const decision = r!.kind === 'report' ? unitQuotaDecision(counter.used, reason, q) : leaderQuotaDecision(counter.used, q);
        if (!decision.ok) throw new AppError(decision.code, decision.message, { used: counter.used, slot: decision.slot });
        await setUsed(m, counter, counter.used + 1);
        slot = decision.slot;
      }
      // Conditional on the status read: a double submit of one item counts once.
      const { affected } = await m.update(
        ReportEntity,
        { id, status: r!.status },
        { status: 'submitted', month: current, quotaSlot: slot, reason, contentCheck, returnReason: null, submittedAt: this.now() },
      );
      if (!affected) throw new AppError('INVALID_STATE', '该申报已提交');
      await appendAudit(m, { actorId: u.id, action: `${r!.kind}.submit`, entityType: 'report', entityId: id, data: { month: current, slot, contentCheck } });
    });
    return this.get(u, id);
  }

  async signOff(u: AuthUser, id: number) {
    return this.transition(u, id, access.assertCanSignOff, () => ({ status: 'signedOff', signedOffAt: this.now(), signedOffBy: u.id }), 'signOff');
  }

  async receive(u: AuthUser, id: number) {
    // Received items enter the ledger in the same transaction.
    return this.transition(u, id, access.assertCanReceive, () => ({ status: 'received', receivedAt: this.now(), receivedBy: u.id }), 'receive', {}, (m, r) =>
      this.ledger.enter(m, r, u.id),
    );
  }

  async return(u: AuthUser, id: number, reason: string) {
    return this.transition(u, id, access.assertCanReturn, () => ({ status: 'returned', returnReason: reason, returnedBy: u.id }), 'return', { reason });
  }

  /** Withdrawing gives the month's quota place back. */
  async withdraw(u: AuthUser, id: number) {
    return this.transition(u, id, access.assertCanWithdraw, () => ({ status: 'withdrawn', quotaSlot: null }), 'withdraw', {}, (m, r) => this.release(m, r));
  }

  private async transition(
    u: AuthUser,
    id: number,
    check: (u: AuthUser, r: ReportEntity) => void,
    changes: () => Partial<ReportEntity>,
    verb: string,
    data: object = {},
    also?: (m: EntityManager, r: ReportEntity) => Promise<void>,
  ): Promise<Report> {
    await this.s.db.transaction(async (m) => {
      // Read and check inside the transaction: two office clerks receiving at once → one wins.
      const r = await this.load(m, id);
      access.assertViewable(u, r);
      check(u, r);
      const { affected } = await m.update(ReportEntity, { id, status: r.status }, changes());
      if (!affected) throw new AppError('INVALID_STATE', '状态已变化，请刷新后重试');
      if (also) await also(m, r);
      await appendAudit(m, { actorId: u.id, action: `${r.kind}.${verb}`, entityType: 'report', entityId: id, data: { from: r.status, ...data } });
    });
    return this.get(u, id);
  }

  private scopeOf(r: ReportEntity): string {
    return r.kind === 'report' ? unitScope(r.unitId!) : leaderScope(r.authorId!);
  }

  private async release(m: EntityManager, r: ReportEntity) {
    if (!r.month || r.quotaSlot === null) return;
    const counter = await lockCounter(m, this.scopeOf(r), r.month);
    await setUsed(m, counter, counter.used - 1);
    await m.update(ReportEntity, { id: r.id }, { quotaSlot: null });
  }

  private async checkUnit(unitId: number | null | undefined): Promise<number | null> {
    if (unitId == null) return null;
    if (!(await this.s.db.manager.getRepository(UnitEntity).existsBy({ id: unitId }))) throw new AppError('VALIDATION_FAILED', '单位不存在', { field: 'unitId' });
    return unitId;
  }

  async quota(u: AuthUser, kind: ReportKind): Promise<QuotaStatus> {
    const month = submissionMonth(this.now(), this.window);
    const q = this.s.config.quotas;
    if (kind === 'report' && !u.unitId) throw new AppError('FORBIDDEN', '您不属于任何单位');
    if (kind === 'recommendation' && !u.roles.includes('groupLeader')) throw new AppError('FORBIDDEN');
    const scope = kind === 'report' ? unitScope(u.unitId!) : leaderScope(u.id);
    const used = await readUsed(this.s.db.manager, scope, month);
    const max = kind === 'report' ? q.unitMax : q.leaderMax;
    return { month, closesAt: monthlyWindow(month, this.window).closesAt.toISOString(), kind, used, free: kind === 'report' ? q.unitFree : max, max };
  }

  async list(u: AuthUser, q: ReportListQuery): Promise<Paged<ReportSummary>> {
    const qb = this.s.db.manager
      .getRepository(ReportEntity)
      .createQueryBuilder('r')
      .leftJoinAndSelect('r.unit', 'unit')
      .leftJoinAndSelect('r.author', 'author')
      .orderBy('r.updated_at', 'DESC')
      .addOrderBy('r.id', 'DESC');
    if (q.scope === 'mine') qb.where('r.author_id = :me', { me: u.id });
    else if (q.scope === 'unit') {
      if (!u.unitId || !u.roles.some((r) => r === 'reporter' || r === 'unitHead')) throw new AppError('FORBIDDEN');
      qb.where("r.unit_id = :unit AND r.kind = 'report' AND r.status <> 'draft'", { unit: u.unitId });
    } else {
      if (!u.roles.includes('office')) throw new AppError('FORBIDDEN');
      qb.where(
        new Brackets((w) =>
          w.where("r.kind = 'report' AND r.status IN ('signedOff', 'received')").orWhere("r.kind = 'recommendation' AND r.status IN ('submitted', 'received')"),
        ),
      );
    }
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.month) qb.andWhere('r.month = :month', { month: q.month });
    const [rows, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    const counts = new Map<number, number>();
    if (rows.length) {
      const raw: { reportId: number; n: number }[] = await this.s.db.manager
        .getRepository(EvidenceEntity)
        .createQueryBuilder('e')
        .select('e.report_id', 'reportId')
        .addSelect('COUNT(*)', 'n')
        .where('e.report_id IN (:...ids)', { ids: rows.map((r) => r.id) })
        .groupBy('e.report_id')
        .getRawMany();
      raw.forEach((x) => counts.set(Number(x.reportId), Number(x.n)));
    }
    return { items: rows.map((r) => toSummary(r, counts.get(r.id) ?? 0)), total, page: q.page, pageSize: q.pageSize };
  }
}

function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5))}月`;
}

function fmt(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日24时`;
}
