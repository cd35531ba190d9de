import path from 'node:path';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { EvidenceEntity, LedgerEntryEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import { authenticate, requireRole } from '../../http/auth';
import type { AuthUser } from '../../http/context';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { evidenceRow } from '../evidence/evidence-row';
import { discardStored, ingestUpload } from '../evidence/ingest';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import { toEvidenceView } from '../reports/report-view';

const photoParams = z.object({ id: idParams.shape.id, photoId: idParams.shape.id }).strict();

/** Only the assigned inspector, and only while the visit is open (before the verdict). */
async function lockForInspection(m: EntityManager, u: AuthUser, entryId: number): Promise<LedgerEntryEntity> {
  const qb = m.getRepository(LedgerEntryEntity).createQueryBuilder('e').where('e.id = :id', { id: entryId });
  if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const e = await qb.getOne();
  if (!e) throw new AppError('NOT_FOUND', '台账事项不存在');
  if (e.status !== 'inspecting' || e.inspectorId !== u.id) throw new AppError('FORBIDDEN', '只有指派的核查人可以在核查结论前上传现场照片');
  return e;
}

/**
 * Photos taken at the on-site inspection (现场检查): the same pipeline as report evidence (checked by
 * content, stripped copies, EXIF vs. the app's time and place), attached to the ledger entry.
 */
export function inspectionPhotoRoutes(router: AppRouter, s: AppServices, identity: IdentityService) {
  const office = [authenticate(s.tokens, (id) => identity.loadAuthUser(id)), requireRole('office')] as const;

  router.post('/ledger/:id/photos', ...office, validate('params', idParams), async (ctx) => {
    const u = ctx.state.user!;
    const entryId = (ctx.state.params as z.infer<typeof idParams>).id;
    await s.db.transaction((m) => lockForInspection(m, u, entryId));
    const stored = await ingestUpload(ctx.req, { storage: s.storage, config: s.config, tmpDir: path.join(s.config.dataDir, 'tmp'), now: s.clock });
    try {
      if (stored.kind !== 'photo') throw new AppError('UNSUPPORTED_MEDIA_TYPE', '现场核查只能上传照片');
      const id = await s.db.transaction(async (m) => {
        await lockForInspection(m, u, entryId);
        if ((await m.getRepository(EvidenceEntity).countBy({ ledgerEntryId: entryId })) >= s.config.evidence.photos) {
          throw new AppError('EVIDENCE_LIMIT', `现场照片最多${s.config.evidence.photos}张`);
        }
        const { identifiers } = await m.insert(EvidenceEntity, { ...evidenceRow(stored, u.id), reportId: null, ledgerEntryId: entryId });
        const photoId = identifiers[0].id as number;
        await appendAudit(m, { actorId: u.id, action: 'inspection.photo.add', entityType: 'ledger', entityId: entryId, data: { evidenceId: photoId, sha256: stored.sha256 } });
        return photoId;
      });
      ctx.status = 201;
      ctx.body = toEvidenceView(await s.db.manager.getRepository(EvidenceEntity).findOneByOrFail({ id }));
    } catch (e) {
      const left = await discardStored(s.storage, stored);
      if (left.length) ctx.state.log.error({ keys: left }, 'could not remove stored inspection photo after a failed write');
      throw e;
    }
  });

  router.delete('/ledger/:id/photos/:photoId', ...office, validate('params', photoParams), async (ctx) => {
    const u = ctx.state.user!;
    const { id: entryId, photoId } = ctx.state.params as z.infer<typeof photoParams>;
    const removed = await s.db.transaction(async (m) => {
      await lockForInspection(m, u, entryId);
      const p = await m.getRepository(EvidenceEntity).findOneBy({ id: photoId, ledgerEntryId: entryId });
      if (!p) throw new AppError('NOT_FOUND', '照片不存在');
      await m.delete(EvidenceEntity, { id: photoId });
      await appendAudit(m, { actorId: u.id, action: 'inspection.photo.remove', entityType: 'ledger', entityId: entryId, data: { evidenceId: photoId } });
      return p;
    });
    if (removed.originalKey) await discardStored(s.storage, { keys: { original: removed.originalKey, thumb: removed.thumbKey, preview: removed.previewKey } });
    ctx.status = 204;
  });
}
