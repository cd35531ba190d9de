import type { DuplicateSuggestion, LedgerEntry } from '@liangdian/shared';
import type { EntityManager } from 'typeorm';
import { EvidenceEntity, InspectionEntity, LedgerSourceEntity, UserEntity, type LedgerEntryEntity } from '../../db/entities';
import { toEvidenceView } from '../reports/report-view';
import { toUnitView } from '../units/units.service';

export async function toLedgerView(m: EntityManager, e: LedgerEntryEntity, duplicates: DuplicateSuggestion[]): Promise<LedgerEntry> {
  const sources = await m.getRepository(LedgerSourceEntity).find({
    where: { entryId: e.id },
    relations: { report: { unit: true, author: true } },
    order: { id: 'ASC' },
  });
  const inspection = await m.getRepository(InspectionEntity).findOneBy({ entryId: e.id });
  const people = new Map(
    (await m.getRepository(UserEntity).findBy([{ id: e.inspectorId ?? -1 }, { id: inspection?.inspectorId ?? -1 }])).map((u) => [u.id, u.name]),
  );
  return {
    id: e.id,
    month: e.month,
    title: e.title,
    summary: e.summary,
    unit: e.unit ? toUnitView(e.unit) : null,
    category: e.category,
    status: e.status,
    inspector: e.inspectorId ? { id: e.inspectorId, name: people.get(e.inspectorId) ?? '' } : null,
    sources: sources.map((s) => ({
      reportId: s.reportId,
      kind: s.report!.kind,
      title: s.report!.title,
      unitName: s.report!.unit?.name ?? null,
      authorName: s.report!.author?.name ?? '',
      month: s.report!.month,
      link: s.link,
      score: s.score,
      reason: s.reason,
    })),
    duplicates,
    inspection: inspection && {
      inspectorId: inspection.inspectorId,
      inspectorName: people.get(inspection.inspectorId) ?? '',
      visitedAt: inspection.visitedAt.toISOString(),
      latitude: inspection.latitude,
      longitude: inspection.longitude,
      findings: inspection.findings,
      verdict: inspection.verdict,
      reason: inspection.reason,
    },
    photos: (await m.getRepository(EvidenceEntity).find({ where: { ledgerEntryId: e.id }, order: { id: 'ASC' } })).map((p) => toEvidenceView(p)),
    createdAt: e.createdAt.toISOString(),
  };
}
