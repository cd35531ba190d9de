import {
  DUPLICATE_THRESHOLD,
  type AssignInspectorRequest,
  type DistinctRequest,
  type DuplicateSuggestion,
  type InspectionRequest,
  type LedgerEntry,
  type LedgerQuery,
  type MergeRequest,
  type Paged,
} from '@liangdian/shared';
import type { EntityManager } from 'typeorm';
import { InspectionEntity, LedgerDistinctEntity, LedgerEntryEntity, LedgerSourceEntity, ReportEntity, RoleGrantEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { LedgerIndex } from './ledger-index';
import { toLedgerView } from './ledger-view';

/** Suggestions start a little below the duplicate threshold: the office decides the close calls. */
const SUGGEST_FROM = DUPLICATE_THRESHOLD * 0.8;
const SUGGEST_MAX = 5;


/**
 * Enters a received report or recommendation, inside the transaction that receives it. A work
 * that matches an entry of an earlier month cannot come back as new: it joins that entry, with the
 * score and the reason for the office to see. Otherwise it becomes a new entry of its month.
 */
export async function enterLedger(m: EntityManager, r: ReportEntity, actorId: number, index: LedgerIndex): Promise<void> {
  const month = r.month!;
  const [best] = await index.query(m, r, DUPLICATE_THRESHOLD, (e) => e.month < month, 1);
  if (best) {
    const score = Math.round(best.score * 100) / 100;
    const reason = `与${best.entry.month}台账第${best.entry.id}号《${best.entry.title}》相似度${score.toFixed(2)}：往月已入台账，不作为新事项`;
    await m.insert(LedgerSourceEntity, { entryId: best.entry.id, reportId: r.id, link: 'repeat', score, reason, createdBy: actorId });
    await appendAudit(m, { actorId, action: 'ledger.repeat', entityType: 'ledger', entityId: best.entry.id, data: { reportId: r.id, score } });
    return;
  }
  const { identifiers } = await m.insert(LedgerEntryEntity, {
    month,
    title: r.title,
    summary: r.summary,
    unitId: r.unitId,
    category: r.category,
    status: 'open',
    inspectorId: null,
  });
  const entryId = identifiers[0].id as number;
  await m.insert(LedgerSourceEntity, { entryId, reportId: r.id, link: 'new', score: null, reason: null, createdBy: actorId });
  await appendAudit(m, { actorId, action: 'ledger.enter', entityType: 'ledger', entityId: entryId, data: { reportId: r.id, month } });
}


export class LedgerService {
  private readonly index = new LedgerIndex();

  constructor(private readonly s: AppServices) {}

  /** Enters a received item: see enterLedger. */
  enter(m: EntityManager, r: ReportEntity, actorId: number): Promise<void> {
    return enterLedger(m, r, actorId, this.index);
  }

  /** Entries of the same or an earlier month whose text is close and that the office has not ruled on. */
  private async suggestions(m: EntityManager, e: LedgerEntryEntity): Promise<DuplicateSuggestion[]> {
    const distinct = await m.getRepository(LedgerDistinctEntity).find({ where: [{ entryA: e.id }, { entryB: e.id }] });
    const ruled = new Set(distinct.map((d) => (d.entryA === e.id ? d.entryB : d.entryA)));
    const found = await this.index.query(m, e, SUGGEST_FROM, (o) => o.id !== e.id && o.month <= e.month && !ruled.has(o.id), SUGGEST_MAX);
    return found.map((f) => ({ entryId: f.entry.id, month: f.entry.month, title: f.entry.title, unitName: f.entry.unitName, score: Math.round(f.score * 100) / 100 }));
  }

  private async load(m: EntityManager, id: number): Promise<LedgerEntryEntity> {
    const e = await m.getRepository(LedgerEntryEntity).findOne({ where: { id }, relations: { unit: true } });
    if (!e) throw new AppError('NOT_FOUND', '台账事项不存在');
    return e;
  }

  async get(id: number): Promise<LedgerEntry> {
    const m = this.s.db.manager;
    const e = await this.load(m, id);
    return toLedgerView(m, e, await this.suggestions(m, e));
  }

  async list(q: LedgerQuery): Promise<Paged<LedgerEntry>> {
    const m = this.s.db.manager;
    const qb = m.getRepository(LedgerEntryEntity).createQueryBuilder('e').leftJoinAndSelect('e.unit', 'unit').orderBy('e.month', 'DESC').addOrderBy('e.id', 'ASC');
    if (q.month) qb.andWhere('e.month = :month', { month: q.month });
    if (q.unitId) qb.andWhere('e.unit_id = :unitId', { unitId: q.unitId });
    if (q.category) qb.andWhere('e.category = :category', { category: q.category });
    if (q.status) qb.andWhere('e.status = :status', { status: q.status });
    if (q.source) {
      qb.andWhere('EXISTS (SELECT 1 FROM ledger_sources s JOIN reports r ON r.id = s.report_id WHERE s.entry_id = e.id AND r.kind = :kind)', { kind: q.source });
    }
    const [rows, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    const items = [];
    for (const e of rows) items.push(await toLedgerView(m, e, await this.suggestions(m, e)));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** Moves every source of one entry into another and removes the emptied entry; the reason is kept. */
  async merge(u: AuthUser, id: number, req: MergeRequest): Promise<LedgerEntry> {
    if (req.intoEntryId === id) throw new AppError('VALIDATION_FAILED', '不能与自身合并');
    await this.s.db.transaction(async (m) => {
      const from = await this.load(m, id);
      const into = await this.load(m, req.intoEntryId);
      // Verified entries stay as they are: the catalog, and every round over it (open or closed),
      // holds only passed entries, so no merge can move an entry out of a round.
      for (const e of [from, into]) {
        if (e.status === 'passed' || e.status === 'rejected') throw new AppError('INVALID_STATE', `台账第${e.id}号已完成核查，不能合并`);
      }
      await m.update(LedgerSourceEntity, { entryId: from.id }, { entryId: into.id, link: 'merged', reason: req.reason });
      await m.delete(LedgerEntryEntity, { id: from.id });
      await appendAudit(m, { actorId: u.id, action: 'ledger.merge', entityType: 'ledger', entityId: into.id, data: { from: from.id, reason: req.reason } });
    });
    return this.get(req.intoEntryId);
  }

  async distinct(u: AuthUser, id: number, req: DistinctRequest): Promise<LedgerEntry> {
    if (req.otherEntryId === id) throw new AppError('VALIDATION_FAILED', '不能与自身比较');
    await this.s.db.transaction(async (m) => {
      await this.load(m, id);
      await this.load(m, req.otherEntryId);
      const key = { entryA: Math.min(id, req.otherEntryId), entryB: Math.max(id, req.otherEntryId) };
      if (await m.getRepository(LedgerDistinctEntity).existsBy(key)) return;
      await m.insert(LedgerDistinctEntity, { ...key, reason: req.reason, createdBy: u.id });
      await appendAudit(m, { actorId: u.id, action: 'ledger.distinct', entityType: 'ledger', entityId: id, data: { other: req.otherEntryId, reason: req.reason } });
    });
    return this.get(id);
  }

  async assignInspector(u: AuthUser, id: number, req: AssignInspectorRequest): Promise<LedgerEntry> {
    await this.s.db.transaction(async (m) => {
      const e = await this.load(m, id);
      if (e.status !== 'open' && e.status !== 'inspecting') throw new AppError('INVALID_STATE', '该事项已完成核查');
      if (!(await m.getRepository(RoleGrantEntity).existsBy({ userId: req.inspectorId, role: 'office' }))) {
        throw new AppError('VALIDATION_FAILED', '核查人须为亮点办工作人员', { field: 'inspectorId' });
      }
      await m.update(LedgerEntryEntity, { id }, { status: 'inspecting', inspectorId: req.inspectorId });
      await appendAudit(m, { actorId: u.id, action: 'ledger.inspector', entityType: 'ledger', entityId: id, data: { inspectorId: req.inspectorId } });
    });
    return this.get(id);
  }

  /** The assigned inspector's one verdict; passed entries form the month's catalog. */
  async inspect(u: AuthUser, id: number, req: InspectionRequest): Promise<LedgerEntry> {
    await this.s.db.transaction(async (m) => {
      const e = await this.load(m, id);
      if (await m.getRepository(InspectionEntity).existsBy({ entryId: id })) throw new AppError('CONFLICT', '该事项已有核查结论');
      if (e.status !== 'inspecting' || e.inspectorId !== u.id) throw new AppError('FORBIDDEN', '只有指派的核查人可以记录核查结论');
      await m.insert(InspectionEntity, {
        entryId: id,
        inspectorId: u.id,
        visitedAt: new Date(req.visitedAt),
        latitude: req.latitude ?? null,
        longitude: req.longitude ?? null,
        findings: req.findings,
        verdict: req.verdict,
        reason: req.reason ?? null,
      });
      const { affected } = await m.update(LedgerEntryEntity, { id, status: 'inspecting' }, { status: req.verdict === 'pass' ? 'passed' : 'rejected' });
      if (!affected) throw new AppError('CONFLICT', '该事项已有核查结论');
      await appendAudit(m, { actorId: u.id, action: 'ledger.inspect', entityType: 'ledger', entityId: id, data: { verdict: req.verdict, reason: req.reason ?? null } });
    });
    return this.get(id);
  }

  /** Who can be sent to inspect: the office's members. */
  async inspectors(): Promise<{ id: number; name: string }[]> {
    const rows = await this.s.db.manager
      .getRepository(RoleGrantEntity)
      .find({ where: { role: 'office' }, relations: { user: true }, order: { userId: 'ASC' } });
    return rows.map((g) => ({ id: g.userId, name: g.user!.name }));
  }

  /** The month's catalog (县每月亮点工作目录): entries that passed on-site verification, paged. */
  async catalog(month: string, page = 1, pageSize = 100): Promise<Paged<LedgerEntry>> {
    const m = this.s.db.manager;
    const [rows, total] = await m.getRepository(LedgerEntryEntity).findAndCount({
      where: { month, status: 'passed' },
      relations: { unit: true },
      order: { id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const items = [];
    for (const e of rows) items.push(await toLedgerView(m, e, []));
    return { items, total, page, pageSize };
  }
}
