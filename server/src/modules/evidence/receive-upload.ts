import Busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { AppError } from '../../http/app-error';
import { sanitizeDisplayName } from './display-name';
import { ACCEPTED_DESCRIPTION, sniff, SNIFF_BYTES, type EvidenceFileKind, type Sniffed } from './sniff';

export interface ReceiveOptions {
  /** Where the upload is spooled; the temp file gets a generated name. */
  tmpDir: string;
  /** The byte limit of each kind; which one applies is known only once the content is sniffed. */
  maxBytes: (kind: EvidenceFileKind) => number;
  /** Form fields allowed beside the file; any other field is refused. */
  fieldNames: readonly string[];
  /** Name of the file part (default `file`, what wx.uploadFile's `name` is set to). */
  fileField?: string;
}

export interface ReceivedUpload {
  /** The temp file holding the upload; the caller deletes it (ingestUpload always does). */
  tmpPath: string;
  bytes: number;
  /** Hex SHA-256 of the bytes, computed while they streamed past. */
  sha256: string;
  sniffed: Sniffed;
  fields: Record<string, string>;
  /** The client's file name, cleaned, for display only. */
  clientName: string;
}

/**
 * After a refusal the rest of the body is read and thrown away so that the client, still sending,
 * gets to read our 413/415 instead of a reset connection. Past this much the socket is closed.
 */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const KIND_LABEL: Record<EvidenceFileKind, string> = { photo: '照片', document: '文档' };

/**
 * Streams the single file part of a multipart request to a temp file, hashing it on the way and
 * deciding its kind from its first bytes. Memory stays at a few chunks whatever the file's size.
 * Every refusal (415 not multipart or unknown content, 413 over the kind's limit, 400 malformed,
 * a second file, unknown or too many fields) rejects only after the temp file is gone, and leaves
 * the rest of the request draining so the answer reaches the client.
 */
export async function receiveUpload(req: IncomingMessage, opts: ReceiveOptions): Promise<ReceivedUpload> {
  const fileField = opts.fileField ?? 'file';
  if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) {
    drain(req);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  }
  await mkdir(opts.tmpDir, { recursive: true });

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({
        headers: req.headers,
        // wx.uploadFile and browsers send UTF-8 file names raw; busboy's default reads them as latin1.
        defParamCharset: 'utf8',
        limits: {
          files: 1,
          // (No `parts` limit: busboy signals it on reaching the count, not on exceeding it, and
          // files + fields already bound the parts.)
          fields: opts.fieldNames.length,
          fieldNameSize: 64,
          fieldSize: 1024,
          headerPairs: 20,
          // Our own per-kind check fires first; this is a backstop.
          fileSize: Math.max(opts.maxBytes('photo'), opts.maxBytes('document')) + 1,
        },
      });
    } catch {
      drain(req);
      reject(new AppError('VALIDATION_FAILED', '上传内容格式错误（缺少 multipart boundary）'));
      return;
    }

    const fields = new Map<string, string>();
    let failure: Error | null = null;
    let out: WriteStream | null = null;
    let tmpPath = '';
    let received: Omit<ReceivedUpload, 'fields'> | null = null;
    let written: Promise<void> | null = null;
    // Once resolved the temp file belongs to the caller: a late socket error must not delete it.
    let resolved = false;

    const fail = (err: Error) => {
      if (failure || resolved) return;
      failure = err;
      req.unpipe(bb);
      drain(req);
      void removeTemp().then(() => reject(err), () => reject(err));
    };
    const removeTemp = async () => {
      if (!out) return;
      // Unlink only once the descriptor is closed: a destroy during the async open would otherwise
      // let the open create the file after our unlink.
      if (!out.closed) {
        const closed = new Promise<void>((r) => out!.once('close', () => r()));
        out.destroy();
        await closed;
      }
      await unlink(tmpPath).catch(() => undefined);
    };

    bb.on('field', (name, value, info) => {
      if (failure) return;
      if (!opts.fieldNames.includes(name)) {
        fail(new AppError('VALIDATION_FAILED', `不支持的表单字段：${name.slice(0, 32)}`));
      } else if (info.valueTruncated || info.nameTruncated) {
        fail(new AppError('VALIDATION_FAILED', `表单字段 ${name} 过长`));
      } else if (fields.has(name)) {
        fail(new AppError('VALIDATION_FAILED', `表单字段 ${name} 重复`));
      } else {
        fields.set(name, value);
      }
    });
    bb.on('fieldsLimit', () => fail(new AppError('VALIDATION_FAILED', '表单字段过多')));
    bb.on('filesLimit', () => fail(new AppError('VALIDATION_FAILED', '每次只能上传一个文件')));

    bb.on('file', (name, stream, info) => {
      if (failure || name !== fileField) {
        stream.resume();
        fail(new AppError('VALIDATION_FAILED', `文件字段名应为 ${fileField}`));
        return;
      }
      tmpPath = path.join(opts.tmpDir, `upload-${randomUUID()}.part`);
      const file = createWriteStream(tmpPath, { flags: 'wx' });
      out = file;
      written = new Promise<void>((r) => file.once('close', () => r()));
      file.on('error', (err) => fail(err));

      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let bytes = 0;
      let sniffed: Sniffed | null = null;
      let limit = Infinity;
      // Decides the kind from what has arrived; false (after failing the upload) when it is refused.
      const decide = (): boolean => {
        sniffed = sniff(Buffer.concat(head));
        head.length = 0;
        if (!sniffed) {
          fail(
            bytes === 0
              ? new AppError('VALIDATION_FAILED', '上传的文件是空的')
              : new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持该文件类型，请上传${ACCEPTED_DESCRIPTION}`),
          );
          return false;
        }
        limit = opts.maxBytes(sniffed.kind);
        return true;
      };

      stream.on('data', (chunk: Buffer) => {
        if (failure) return;
        bytes += chunk.length;
        if (!sniffed) {
          head.push(chunk);
          if (bytes >= SNIFF_BYTES && !decide()) return;
        }
        if (bytes > limit) {
          const label = KIND_LABEL[sniffed!.kind];
          fail(new AppError('PAYLOAD_TOO_LARGE', `${label}不能超过 ${mb(limit)}`, { kind: sniffed!.kind, maxBytes: limit }));
          return;
        }
        hash.update(chunk);
        if (!file.write(chunk)) {
          // Backpressure: busboy stops reading the request until the disk catches up.
          stream.pause();
          file.once('drain', () => stream.resume());
        }
      });
      stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${mb(limit)}`)));
      stream.on('end', () => {
        if (failure) return;
        if (!sniffed && !decide()) return;
        received = {
          tmpPath,
          bytes,
          sha256: hash.digest('hex'),
          sniffed: sniffed!,
          clientName: sanitizeDisplayName(info.filename, `file.${sniffed!.ext}`),
        };
        file.end();
      });
    });

    // A malformed or truncated body (client gone mid-upload) ends with 'error' and no 'close'.
    bb.on('error', () => fail(new AppError('VALIDATION_FAILED', '上传内容格式错误或上传中断')));
    bb.on('close', () => {
      if (failure) return;
      if (!written) {
        fail(new AppError('VALIDATION_FAILED', `缺少上传文件（字段名 ${fileField}）`));
        return;
      }
      void written.then(() => {
        if (failure) return;
        if (!received) fail(new AppError('VALIDATION_FAILED', '上传中断'));
        else {
          resolved = true;
          resolve({ ...received, fields: Object.fromEntries(fields) });
        }
      });
    });
    req.on('error', () => fail(new AppError('VALIDATION_FAILED', '上传中断')));
    req.pipe(bb);
  });
}

/** Reads and discards the rest of a request body, up to a cap, then closes the connection. */
function drain(req: IncomingMessage): void {
  if (req.readableEnded) return;
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_CAP_BYTES) req.destroy();
  });
  req.resume();
}
