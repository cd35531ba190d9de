import { CreateBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { LocalStorage, S3Storage, StorageNotFound, createStorage, type FileStorage } from '../src/modules/evidence/storage';

// s3rver ships no types; this is the part of its API the suite uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A stream that yields `chunks`, then fails (or ends when `fail` is false). */
function streamOf(chunks: Buffer[], fail = false): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else if (fail) this.destroy(new Error('client went away'));
      else this.push(null);
    },
  });
}

interface Adapter {
  storage: FileStorage;
  /**
   * Whether the back-end discards a PUT whose body broke off midway. LocalStorage does (temp file
   * + rename) and so does AWS S3 (an incomplete request is never stored), but s3rver does not: it
   * writes the body straight into the object and keeps what arrived (checked: a PUT announcing
   * 1 MB that broke off after 64 KB left a readable 64 KB object). ingestUpload does not depend on
   * it: it deletes every key it tried to put when anything fails.
   */
  atomicOnAbort: boolean;
  /** Everything a reader could find: files under LocalStorage's root, objects listed in the bucket. */
  files: () => Promise<string[]>;
}

/** Every file under `root`, as paths relative to it. */
function walk(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(root, p));
    else out.push(path.relative(root, p));
  }
  return out;
}

/** The one contract every FileStorage keeps; run below against each adapter. */
function storageContract(name: string, start: () => Promise<{ adapter: Adapter; stop: () => Promise<void> }>) {
  describe(`FileStorage contract: ${name}`, () => {
    let adapter: Adapter;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      ({ adapter, stop } = await start());
    });
    afterAll(() => stop());
    const s = () => adapter.storage;

    it('stores a buffer and gives it back', async () => {
      const body = randomBytes(1000);
      await s().put('evidence/2026/11/a-orig.jpg', body, { contentType: 'image/jpeg' });
      expect(await s().exists('evidence/2026/11/a-orig.jpg')).toBe(true);
      expect((await readAll(await s().get('evidence/2026/11/a-orig.jpg'))).equals(body)).toBe(true);
    });

    it('stores a stream of known length', async () => {
      const body = randomBytes(300_000);
      await s().put('evidence/2026/11/b-orig.pdf', streamOf([body.subarray(0, 100_000), body.subarray(100_000)]), {
        contentType: 'application/pdf',
        contentLength: body.length,
      });
      expect((await readAll(await s().get('evidence/2026/11/b-orig.pdf'))).equals(body)).toBe(true);
    });

    it('stores a stream of unknown length, small and larger than one S3 part (8 MiB)', async () => {
      const small = randomBytes(70_000);
      await s().put('evidence/2026/11/c-small.jpg', streamOf([small]), { contentType: 'image/jpeg' });
      expect((await readAll(await s().get('evidence/2026/11/c-small.jpg'))).equals(small)).toBe(true);
      const big = randomBytes(9 * 1024 * 1024 + 123);
      const chunks = Array.from({ length: 10 }, (_, i) => big.subarray(i * 1_000_000, (i + 1) * 1_000_000)).filter((c) => c.length);
      await s().put('evidence/2026/11/c-big.jpg', streamOf(chunks), { contentType: 'image/jpeg' });
      expect((await readAll(await s().get('evidence/2026/11/c-big.jpg'))).equals(big)).toBe(true);
    });

    it('replaces an object put twice under one key', async () => {
      await s().put('evidence/2026/11/d.jpg', Buffer.from('first'), { contentType: 'image/jpeg' });
      await s().put('evidence/2026/11/d.jpg', Buffer.from('second'), { contentType: 'image/jpeg' });
      expect((await readAll(await s().get('evidence/2026/11/d.jpg'))).toString()).toBe('second');
    });

    it('answers StorageNotFound for a missing key, and exists() false', async () => {
      await expect(s().get('evidence/2026/11/missing.jpg')).rejects.toBeInstanceOf(StorageNotFound);
      expect(await s().exists('evidence/2026/11/missing.jpg')).toBe(false);
    });

    it('deletes, and deleting twice is fine', async () => {
      await s().put('evidence/2026/11/e.jpg', Buffer.from('x'), { contentType: 'image/jpeg' });
      await s().delete('evidence/2026/11/e.jpg');
      expect(await s().exists('evidence/2026/11/e.jpg')).toBe(false);
      await expect(s().delete('evidence/2026/11/e.jpg')).resolves.toBeUndefined();
      await expect(s().get('evidence/2026/11/e.jpg')).rejects.toBeInstanceOf(StorageNotFound);
    });

    it('rejects a put whose body fails midway, leaving nothing where the back-end is atomic', async () => {
      const before = (await adapter.files()).length;
      const chunks = [randomBytes(64 * 1024), randomBytes(64 * 1024)];
      await expect(
        s().put('evidence/2026/11/f-orig.jpg', streamOf(chunks, true), { contentType: 'image/jpeg', contentLength: 1_000_000 }),
      ).rejects.toThrow();
      await expect(s().put('evidence/2026/11/g-orig.jpg', streamOf(chunks, true), { contentType: 'image/jpeg' })).rejects.toThrow();
      // Unknown length goes through a multipart upload, which is atomic on every back-end.
      expect(await s().exists('evidence/2026/11/g-orig.jpg')).toBe(false);
      if (adapter.atomicOnAbort) {
        expect(await s().exists('evidence/2026/11/f-orig.jpg')).toBe(false);
        expect(await adapter.files()).toHaveLength(before);
      }
    });

    it.each(['../escape.jpg', 'evidence/../../escape.jpg', '/etc/passwd', 'evidence\\..\\x.jpg', 'evidence//x.jpg', '', '.hidden', 'evidence/.x.part', 'a/./b', 'evidence/x.jpg/'])(
      'refuses the key %j for every operation',
      async (key) => {
        await expect(s().put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(/storage key/);
        await expect(s().get(key)).rejects.toThrow(/storage key/);
        await expect(s().exists(key)).rejects.toThrow(/storage key/);
        await expect(s().delete(key)).rejects.toThrow(/storage key/);
      },
    );
  });
}

storageContract('LocalStorage (directory)', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ld-storage-'));
  const storage = createStorage({ kind: 'local', root });
  expect(storage).toBeInstanceOf(LocalStorage);
  return {
    adapter: { storage, atomicOnAbort: true, files: async () => walk(root) },
    stop: async () => rmSync(root, { recursive: true, force: true }),
  };
});

storageContract('S3Storage (s3rver on 127.0.0.1)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ld-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  const sdkWarnings: unknown[] = [];
  const logger = { debug: () => undefined, info: () => undefined, warn: (...a: unknown[]) => void sdkWarnings.push(a), error: () => undefined };
  const storage = createStorage({
    kind: 's3',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: 'evidence-test',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  }, { logger });
  expect(storage).toBeInstanceOf(S3Storage);
  await (storage as S3Storage).client.send(new CreateBucketCommand({ Bucket: 'evidence-test' }));
  // The objects a client can read: listed, and answering HEAD.
  const objects = async () => {
    const r = await (storage as S3Storage).client.send(new ListObjectsV2Command({ Bucket: 'evidence-test' }));
    const keys = (r.Contents ?? []).map((o) => o.Key!);
    const readable = await Promise.all(keys.map((k) => storage.exists(k)));
    return keys.filter((_, i) => readable[i]);
  };
  return {
    adapter: { storage, atomicOnAbort: false, files: objects },
    stop: async () => {
      (storage as S3Storage).client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('LocalStorage specifics', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'ld-local-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('maps keys under the root and shows no partial file while a put is in flight', async () => {
    const storage = new LocalStorage(root);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sent = 0;
    const slow = new Readable({
      read() {
        if (sent === 0) {
          sent++;
          this.push(Buffer.alloc(1000, 1));
        } else if (sent === 1) {
          sent++;
          void gate.then(() => this.push(null));
        }
      },
    });
    const put = storage.put('evidence/2026/11/slow-orig.jpg', slow, { contentType: 'image/jpeg' });
    await new Promise((r) => setTimeout(r, 50));
    expect(await storage.exists('evidence/2026/11/slow-orig.jpg')).toBe(false);
    release();
    await put;
    expect(walk(root)).toContain(path.join('evidence', '2026', '11', 'slow-orig.jpg'));
    expect(walk(root).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
