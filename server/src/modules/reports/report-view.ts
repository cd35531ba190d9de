import { captureMismatch, hammingDistance, isSamePhoto, type Evidence, type Report, type ReportSummary } from '@liangdian/shared';
import type { EntityManager } from 'typeorm';
import { EvidenceEntity, type ReportEntity } from '../../db/entities';
import { toUnitView } from '../units/units.service';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toSummary(r: ReportEntity, evidenceCount: number): ReportSummary {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    month: r.month,
    unit: r.unit ? toUnitView(r.unit) : null,
    author: { id: r.authorId ?? 0, name: r.author?.name ?? '（已删除）' },
    title: r.title,
    summary: r.summary,
    category: r.category,
    leaderPraise: r.leaderPraise,
    reason: r.reason,
    quotaSlot: r.quotaSlot,
    returnReason: r.returnReason,
    contentCheck: r.contentCheck,
    submittedAt: iso(r.submittedAt),
    signedOffAt: iso(r.signedOffAt),
    receivedAt: iso(r.receivedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    evidenceCount,
  };
}

type Duplicate = Evidence['duplicates'][number];

/**
 * Photos of other items whose perceptual hash is within reach of this item's photos. Compared in
 * memory: a county keeps thousands of photos, and 64-bit Hamming distances over them take
 * microseconds, while SQL has no portable popcount.
 */
async function duplicatesOf(m: EntityManager, r: ReportEntity, photos: EvidenceEntity[]): Promise<Map<number, Duplicate[]>> {
  const out = new Map<number, Duplicate[]>();
  const hashed = photos.filter((p) => p.phash);
  if (!hashed.length) return out;
  const others: { id: number; reportId: number; phash: string; title: string }[] = await m
    .getRepository(EvidenceEntity)
    .createQueryBuilder('e')
    .innerJoin('e.report', 'r')
    .select(['e.id AS id', 'e.report_id AS reportId', 'e.phash AS phash', 'r.title AS title'])
    .where('e.phash IS NOT NULL AND e.report_id <> :id AND r.status <> :withdrawn', { id: r.id, withdrawn: 'withdrawn' })
    .getRawMany();
  for (const p of hashed) {
    const found: Duplicate[] = [];
    for (const o of others) {
      if (isSamePhoto(p.phash!, o.phash)) {
        found.push({ evidenceId: Number(o.id), reportId: Number(o.reportId), reportTitle: o.title, distance: hammingDistance(p.phash!, o.phash) });
      }
    }
    out.set(p.id, found);
  }
  return out;
}

export function toEvidenceView(e: EvidenceEntity, duplicates: Duplicate[] = []): Evidence {
  const app = e.appAt || e.appLat !== null ? { at: iso(e.appAt), latitude: e.appLat, longitude: e.appLng, accuracy: e.appAccuracy, source: e.appSource } : null;
  const exif = e.exifAt || e.exifLat !== null ? { at: iso(e.exifAt), latitude: e.exifLat, longitude: e.exifLng } : null;
  const base = `/api/evidence/${e.id}`;
  return {
    id: e.id,
    kind: e.kind,
    name: e.displayName,
    mime: e.mime,
    bytes: e.bytes,
    url: e.kind === 'link' ? e.url : e.kind === 'document' ? `${base}/file` : null,
    thumbUrl: e.thumbKey ? `${base}/thumb` : null,
    previewUrl: e.previewKey ? `${base}/preview` : null,
    width: e.width,
    height: e.height,
    app,
    exif,
    mismatch: captureMismatch(app, exif),
    duplicates,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function toReportView(m: EntityManager, r: ReportEntity): Promise<Report> {
  const evidence = await m.getRepository(EvidenceEntity).find({ where: { reportId: r.id }, order: { id: 'ASC' } });
  const dups = await duplicatesOf(m, r, evidence.filter((e) => e.kind === 'photo'));
  const { evidenceCount: _count, ...summary } = toSummary(r, evidence.length);
  return { ...summary, evidence: evidence.map((e) => toEvidenceView(e, dups.get(e.id))) };
}
