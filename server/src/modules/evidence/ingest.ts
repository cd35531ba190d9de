import { evidenceFieldsSchema, type EvidenceFields } from '@liangdian/shared';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../config';
import { AppError } from '../../http/app-error';
import type { FileStorage } from './file-storage';
import { processPhoto } from './process-photo';
import type { ExifPlace } from './read-exif';
import { receiveUpload } from './receive-upload';
import type { EvidenceFileKind } from './sniff';

export interface IngestDeps {
  storage: FileStorage;
  config: Pick<Config, 'evidence'>;
  /** Spool directory for uploads in flight (e.g. `<DATA_DIR>/tmp`); created when missing. */
  tmpDir: string;
  /** The clock used for the key's year/month (tests pin it). */
  now?: () => Date;
}

export interface StoredEvidence {
  kind: EvidenceFileKind;
  mime: string;
  bytes: number;
  sha256: string;
  /** The client's file name, cleaned; for display only. */
  displayName: string;
  /** Storage keys. The original is private (it keeps its metadata); thumb and preview are stripped. */
  keys: { original: string; thumb: string | null; preview: string | null };
  width: number | null;
  height: number | null;
  exif: ExifPlace | null;
  phash: string | null;
  /** What the app recorded when the photo was taken, validated with evidenceFieldsSchema. */
  fields: EvidenceFields;
}

/** Form fields a client may send beside the file: exactly those of evidenceFieldsSchema. */
export const EVIDENCE_FIELD_NAMES: readonly string[] = Object.keys(evidenceFieldsSchema.shape);

/**
 * Everything between an evidence upload request and the rows the caller writes: receive (streamed,
 * sniffed, size-limited), validate the form fields, process photos (orientation, derivatives, hash,
 * EXIF), store the original and derivatives under generated keys. The temp file is always removed;
 * on any failure whatever was already stored is deleted, so a refused upload leaves no files. If
 * the caller's own transaction fails afterwards, it calls `discardStored`.
 *
 * PDF documents are stored as they came: their metadata (author, software, dates) is not stripped,
 * which is acceptable because documents are served only to people who may see the report, never
 * published.
 */
export async function ingestUpload(req: IncomingMessage, deps: IngestDeps): Promise<StoredEvidence> {
  const limits = deps.config.evidence;
  const upload = await receiveUpload(req, {
    tmpDir: deps.tmpDir,
    maxBytes: (kind) => (kind === 'photo' ? limits.photoBytes : limits.documentBytes),
    fieldNames: EVIDENCE_FIELD_NAMES,
  });
  const stored: string[] = [];
  try {
    const parsed = evidenceFieldsSchema.safeParse(upload.fields);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
      throw new AppError('VALIDATION_FAILED', undefined, { part: 'body', issues });
    }
    const { kind, mime, ext } = upload.sniffed;
    const photo = kind === 'photo' ? await processPhoto(upload.tmpPath, { maxPixels: limits.maxPixels, mime }) : null;

    const base = `evidence/${yearMonth((deps.now ?? (() => new Date()))())}/${randomUUID()}`;
    const keys = {
      original: `${base}-orig.${ext}`,
      thumb: photo ? `${base}-thumb.jpg` : null,
      preview: photo ? `${base}-preview.jpg` : null,
    };
    // Recorded before each put: a put that failed on our side may still have landed.
    stored.push(keys.original);
    await deps.storage.put(keys.original, createReadStream(upload.tmpPath), { contentType: mime, contentLength: upload.bytes });
    if (photo) {
      stored.push(keys.thumb!, keys.preview!);
      await deps.storage.put(keys.thumb!, photo.thumb, { contentType: 'image/jpeg' });
      await deps.storage.put(keys.preview!, photo.preview, { contentType: 'image/jpeg' });
    }
    return {
      kind,
      mime,
      bytes: upload.bytes,
      sha256: upload.sha256,
      displayName: upload.clientName,
      keys,
      width: photo?.width ?? null,
      height: photo?.height ?? null,
      exif: photo?.exif ?? null,
      phash: photo?.phash ?? null,
      fields: parsed.data,
    };
  } catch (err) {
    await deleteAll(deps.storage, stored);
    throw err;
  } finally {
    await unlink(upload.tmpPath).catch(() => undefined);
  }
}

/**
 * Deletes what `ingestUpload` stored, for a caller whose database write failed afterwards. Resolves
 * with the keys that could not be deleted (to log them); it never rejects, so it cannot hide the
 * error that caused the cleanup.
 */
export async function discardStored(storage: FileStorage, stored: Pick<StoredEvidence, 'keys'>): Promise<string[]> {
  const { original, thumb, preview } = stored.keys;
  return deleteAll(storage, [original, thumb, preview].filter((k): k is string => k !== null));
}

async function deleteAll(storage: FileStorage, keys: string[]): Promise<string[]> {
  const results = await Promise.allSettled(keys.map((k) => storage.delete(k)));
  return keys.filter((_, i) => results[i].status === 'rejected');
}

/** `2026/11`, by Beijing time (UTC+8, no daylight saving) so that keys follow the county's months. */
function yearMonth(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  return `${local.getUTCFullYear()}/${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}
