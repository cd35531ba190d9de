import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { assertStorageKey, StorageNotFound, type FileStorage, type PutOptions } from './file-storage';

export interface S3Settings {
  endpoint: string | null;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/**
 * Part size of the multipart fallback: S3's minimum is 5 MiB (except the last part). One part is
 * held in memory at a time, so a put of unknown length costs at most this much.
 */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * S3-compatible object storage (AWS, MinIO, Aliyun OSS/Tencent COS in S3 mode, s3rver in tests). A
 * single PUT and a completed multipart upload are both atomic in S3: nothing is visible under the
 * key until the whole body arrived, so a failed put leaves nothing behind.
 */
export class S3Storage implements FileStorage {
  readonly client: S3Client;
  readonly bucket: string;

  /**
   * `logger` receives the SDK's own warnings (pino's logger fits); without one the SDK writes some
   * of them to the console.
   */
  constructor(s: S3Settings, opts: { client?: S3Client; logger?: S3ClientConfig['logger'] } = {}) {
    this.bucket = s.bucket;
    this.client =
      opts.client ??
      new S3Client({
        logger: opts.logger,
        region: s.region,
        endpoint: s.endpoint ?? undefined,
        forcePathStyle: s.forcePathStyle,
        credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
        // Since 3.729 the SDK adds CRC32 checksums and aws-chunked encoding to every upload by
        // default; many S3-compatible servers (s3rver, older MinIO, some cloud vendors') refuse that.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
  }

  async put(key: string, body: Readable | Buffer, opts: PutOptions): Promise<void> {
    assertStorageKey(key);
    const base = { Bucket: this.bucket, Key: key, ContentType: opts.contentType };
    if (Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ ...base, Body: body, ContentLength: body.length }));
    } else if (opts.contentLength !== undefined) {
      // A streamed PUT needs its length up front (S3 refuses chunked transfer without aws-chunked).
      // The SDK does not watch the body for errors: a failing source would leave the request
      // waiting for bytes forever, so its error aborts the request.
      const abort = new AbortController();
      let bodyError: Error | null = null;
      const onError = (err: Error) => {
        bodyError = err;
        abort.abort();
      };
      body.once('error', onError);
      try {
        await this.client.send(new PutObjectCommand({ ...base, Body: body, ContentLength: opts.contentLength }), {
          abortSignal: abort.signal,
        });
      } catch (err) {
        throw bodyError ?? err;
      } finally {
        body.off('error', onError);
      }
    } else {
      await this.putUnknownLength(base, body);
    }
  }

  /** A stream of unknown length: one PUT if it fits in a part, otherwise a multipart upload. */
  private async putUnknownLength(base: { Bucket: string; Key: string; ContentType: string }, body: Readable) {
    const parts = readParts(body, PART_BYTES);
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await parts.next();
    if (second.done) {
      await this.client.send(new PutObjectCommand({ ...base, Body: firstPart, ContentLength: firstPart.length }));
      return;
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand(base));
    const target = { Bucket: base.Bucket, Key: base.Key, UploadId };
    try {
      const done: { ETag?: string; PartNumber: number }[] = [];
      const upload = async (chunk: Buffer) => {
        const PartNumber = done.length + 1;
        const r = await this.client.send(new UploadPartCommand({ ...target, PartNumber, Body: chunk, ContentLength: chunk.length }));
        done.push({ ETag: r.ETag, PartNumber });
      };
      await upload(firstPart);
      await upload(second.value);
      for (let next = await parts.next(); !next.done; next = await parts.next()) await upload(next.value);
      await this.client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: done } }));
    } catch (err) {
      // An abandoned multipart upload is invisible but billed; abort it.
      await this.client.send(new AbortMultipartUploadCommand(target)).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(r.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node stream');
      return r.Body;
    } catch (err) {
      if (isNotFound(err)) throw new StorageNotFound(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    // S3's DeleteObject succeeds on a missing key, as the interface wants.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** Cuts a stream into buffers of exactly `size` bytes (the last one shorter). */
async function* readParts(body: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    while (pendingBytes + buf.length >= size) {
      const take = size - pendingBytes;
      pending.push(buf.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) {
      pending.push(buf);
      pendingBytes += buf.length;
    }
  }
  if (pendingBytes) yield Buffer.concat(pending);
}
