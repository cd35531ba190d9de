import type { EvidenceEntity } from '../../db/entities';
import type { StoredEvidence } from './ingest';

/**
 * The evidence row for an ingested file: what the pipeline found (kind, hashes, derivatives, EXIF)
 * and what the app recorded when the photo was taken. The caller adds whose evidence it is.
 */
export function evidenceRow(stored: StoredEvidence, createdBy: number): Omit<EvidenceEntity, 'id' | 'reportId' | 'ledgerEntryId' | 'createdAt' | 'report'> {
  const f = stored.fields;
  return {
    kind: stored.kind,
    displayName: stored.displayName,
    mime: stored.mime,
    bytes: stored.bytes,
    sha256: stored.sha256,
    originalKey: stored.keys.original,
    thumbKey: stored.keys.thumb,
    previewKey: stored.keys.preview,
    url: null,
    width: stored.width,
    height: stored.height,
    phash: stored.phash,
    appAt: f.capturedAt ? new Date(f.capturedAt) : null,
    appLat: f.latitude ?? null,
    appLng: f.longitude ?? null,
    appAccuracy: f.accuracy ?? null,
    appSource: f.source ?? null,
    exifAt: stored.exif?.at ? new Date(stored.exif.at) : null,
    exifLat: stored.exif?.latitude ?? null,
    exifLng: stored.exif?.longitude ?? null,
    createdBy,
  };
}
