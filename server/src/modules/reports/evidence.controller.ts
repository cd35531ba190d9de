import path from 'node:path';
import { linkRequestSchema, type LinkRequest } from '@liangdian/shared';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { EvidenceEntity, ReportEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import { authenticate } from '../../http/auth';
import type { AuthUser } from '../../http/context';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { evidenceRow } from '../evidence/evidence-row';
import { discardStored, ingestUpload } from '../evidence/ingest';
import { StorageNotFound } from '../evidence/file-storage';
import type { IdentityService } from '../identity/identity.service';
import { assertEditable, canView } from './report-access';
import { idParams } from './reports.controller';
import type { ReportsService } from './reports.service';
import { toEvidenceView } from './report-view';

const evidenceParams = z.object({ id: idParams.shape.id, evidenceId: idParams.shape.id }).strict();
const fileParams = z.object({ id: idParams.shape.id, variant: z.enum(['thumb', 'preview', 'file', 'original']) }).strict();

/**
 * Locks the report row and checks, inside the transaction that adds the evidence, that it is still
 * editable and under its limits: two uploads racing for the 9th photo place cannot both win.
 */
async function lockForEvidence(m: EntityManager, u: AuthUser, reportId: number, kind: EvidenceEntity['kind'], limit: number) {
  const qb = m.getRepository(ReportEntity).createQueryBuilder('r').where('r.id = :id', { id: reportId });
  if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const r = await qb.getOne();
  if (!r) throw new AppError('NOT_FOUND', '申报不存在');
  assertEditable(u, r);
  const count = await m.getRepository(EvidenceEntity).countBy({ reportId, kind });
  const noun = { photo: '照片', document: '文档', link: '链接' }[kind];
  if (count >= limit) throw new AppError('EVIDENCE_LIMIT', `每项申报最多${limit}个${noun}`, { kind, limit });
}

export function evidenceRoutes(router: AppRouter, s: AppServices, identity: IdentityService, reports: ReportsService) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const limits = s.config.evidence;
  const limitOf = (kind: EvidenceEntity['kind']) => ({ photo: limits.photos, document: limits.documents, link: limits.links })[kind];

  router.post('/reports/:id/evidence', auth, validate('params', idParams), async (ctx) => {
    const u = ctx.state.user!;
    const reportId = (ctx.state.params as z.infer<typeof idParams>).id;
    await reports.editable(u, reportId);
    const stored = await ingestUpload(ctx.req, { storage: s.storage, config: s.config, tmpDir: path.join(s.config.dataDir, 'tmp'), now: s.clock });
    try {
      const row = await s.db.transaction(async (m) => {
        await lockForEvidence(m, u, reportId, stored.kind, limitOf(stored.kind));
        const { identifiers } = await m.insert(EvidenceEntity, { ...evidenceRow(stored, u.id), reportId, ledgerEntryId: null });
        const id = identifiers[0].id as number;
        await appendAudit(m, { actorId: u.id, action: 'evidence.add', entityType: 'report', entityId: reportId, data: { evidenceId: id, kind: stored.kind, sha256: stored.sha256, bytes: stored.bytes } });
        return m.getRepository(EvidenceEntity).findOneByOrFail({ id });
      });
      ctx.status = 201;
      ctx.body = (await reports.get(u, reportId)).evidence.find((e) => e.id === row.id);
    } catch (e) {
      const left = await discardStored(s.storage, stored);
      if (left.length) ctx.state.log.error({ keys: left }, 'could not remove stored evidence after a failed write');
      throw e;
    }
  });

  router.post('/reports/:id/links', auth, validate('params', idParams), validate('body', linkRequestSchema), async (ctx) => {
    const u = ctx.state.user!;
    const reportId = (ctx.state.params as z.infer<typeof idParams>).id;
    const { url, title } = ctx.state.body as LinkRequest;
    await reports.editable(u, reportId);
    const row = await s.db.transaction(async (m) => {
      await lockForEvidence(m, u, reportId, 'link', limits.links);
      const { identifiers } = await m.insert(EvidenceEntity, { reportId, kind: 'link', displayName: title, url, createdBy: u.id });
      const id = identifiers[0].id as number;
      await appendAudit(m, { actorId: u.id, action: 'evidence.add', entityType: 'report', entityId: reportId, data: { evidenceId: id, kind: 'link', url } });
      return m.getRepository(EvidenceEntity).findOneByOrFail({ id });
    });
    ctx.status = 201;
    ctx.body = toEvidenceView(row);
  });

  router.delete('/reports/:id/evidence/:evidenceId', auth, validate('params', evidenceParams), async (ctx) => {
    const u = ctx.state.user!;
    const { id: reportId, evidenceId } = ctx.state.params as z.infer<typeof evidenceParams>;
    await reports.editable(u, reportId);
    const removed = await s.db.transaction(async (m) => {
      const e = await m.getRepository(EvidenceEntity).findOneBy({ id: evidenceId, reportId });
      if (!e) throw new AppError('NOT_FOUND', '材料不存在');
      const r = await m.getRepository(ReportEntity).findOneByOrFail({ id: reportId });
      assertEditable(u, r);
      await m.delete(EvidenceEntity, { id: evidenceId });
      await appendAudit(m, { actorId: u.id, action: 'evidence.remove', entityType: 'report', entityId: reportId, data: { evidenceId, kind: e.kind, sha256: e.sha256 } });
      return e;
    });
    // Files go after the row is gone: a failure here leaves an unreferenced file, never a broken row.
    if (removed.originalKey) {
      const left = await discardStored(s.storage, { keys: { original: removed.originalKey, thumb: removed.thumbKey, preview: removed.previewKey } });
      if (left.length) ctx.state.log.warn({ keys: left }, 'evidence files left after removal');
    }
    ctx.status = 204;
  });

  /**
   * Files of evidence, to whoever may see the report. Thumbnails and previews have no metadata; the
   * original (with EXIF and GPS) only to the author and the office.
   */
  router.get('/evidence/:id/:variant', auth, validate('params', fileParams), async (ctx) => {
    const u = ctx.state.user!;
    const { id, variant } = ctx.state.params as z.infer<typeof fileParams>;
    const e = await s.db.manager.getRepository(EvidenceEntity).findOne({ where: { id }, relations: { report: true } });
    // Report evidence: whoever may see the report. Inspection photos: the office.
    const visible = e?.report ? canView(u, e.report) : Boolean(e?.ledgerEntryId) && u.roles.includes('office');
    if (!e || !visible) throw new AppError('NOT_FOUND', '材料不存在');
    const key = { thumb: e.thumbKey, preview: e.previewKey, file: e.kind === 'document' ? e.originalKey : null, original: e.originalKey }[variant];
    if (variant === 'original' && e.report && e.report.authorId !== u.id && !u.roles.includes('office')) throw new AppError('NOT_FOUND', '材料不存在');
    if (!key) throw new AppError('NOT_FOUND', '材料不存在');
    try {
      ctx.body = await s.storage.get(key);
    } catch (err) {
      if (err instanceof StorageNotFound) throw new AppError('NOT_FOUND', '文件不存在');
      throw err;
    }
    ctx.type = variant === 'thumb' || variant === 'preview' ? 'image/jpeg' : e.mime ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'private, max-age=86400');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (variant === 'file' || variant === 'original') ctx.attachment(e.displayName, { type: 'inline' });
  });
}
