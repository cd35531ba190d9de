/**
 * The server side of bench/uploads.ts, run as its own process so that its memory can be read from
 * /proc/<pid>/status alone. A small Koa app with one upload route, in one of three modes:
 *
 *   streaming   ingestUpload as the real route will call it (spooled to disk, photo pipelines
 *               limited to one per CPU, one libvips thread each)
 *   unbounded   the same, but every photo decoded at once with libvips' default threads
 *               (what the pipeline limit is for)
 *   buffering   the naive baseline: the whole body read into memory, the file part copied out of
 *               it, then the same photo processing and storage from buffers
 *
 * Prints `{"port": n}` on stdout once listening. Storage is a LocalStorage in a temp directory;
 * stored files are deleted after each answer so a long run does not fill the disk.
 */
import Busboy from 'busboy';
import Koa from 'koa';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { discardStored, ingestUpload, type StoredEvidence } from '../server/src/modules/evidence/ingest';
import { configurePhotoPipelines, processPhoto } from '../server/src/modules/evidence/process-photo';
import { sniff } from '../server/src/modules/evidence/sniff';
import { LocalStorage } from '../server/src/modules/evidence/storage';

type Mode = 'streaming' | 'unbounded' | 'buffering';
const mode = process.argv[2] as Mode;
if (!['streaming', 'unbounded', 'buffering'].includes(mode)) throw new Error(`unknown mode ${mode}`);
if (mode === 'unbounded') configurePhotoPipelines({ slots: 1000, vipsThreads: availableParallelism() });
// For one-off experiments (BENCHMARKS.md reports one): BENCH_PHOTO_SLOTS, BENCH_VIPS_THREADS.
if (process.env.BENCH_PHOTO_SLOTS) configurePhotoPipelines({ slots: Number(process.env.BENCH_PHOTO_SLOTS) });
if (process.env.BENCH_VIPS_THREADS) configurePhotoPipelines({ vipsThreads: Number(process.env.BENCH_VIPS_THREADS) });

const root = mkdtempSync(path.join(tmpdir(), `ld-bench-${mode}-`));
const storage = new LocalStorage(path.join(root, 'files'));
const evidence = { photoBytes: 15 * 1024 * 1024, documentBytes: 20 * 1024 * 1024, photos: 9, documents: 5, links: 10, maxPixels: 100_000_000 };
const deps = { storage, config: { evidence }, tmpDir: path.join(root, 'tmp') };

/** The naive handler: body → memory → busboy → memory → sharp. */
async function buffered(req: http.IncomingMessage): Promise<StoredEvidence> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const file = await new Promise<Buffer>((resolve, reject) => {
    const bb = Busboy({ headers: req.headers });
    const parts: Buffer[] = [];
    bb.on('file', (_n, s) => {
      s.on('data', (c: Buffer) => parts.push(c));
    });
    bb.on('close', () => resolve(Buffer.concat(parts)));
    bb.on('error', reject);
    bb.end(body);
  });
  const sha256 = createHash('sha256').update(file).digest('hex'); // same work as the streaming path
  const sniffed = sniff(file);
  if (sniffed?.kind !== 'photo') throw new Error('bench sends photos only');
  const photo = await processPhoto(file, { maxPixels: evidence.maxPixels, mime: sniffed.mime });
  const base = `evidence/2026/11/${randomUUID()}`;
  const keys = { original: `${base}-orig.${sniffed.ext}`, thumb: `${base}-thumb.jpg`, preview: `${base}-preview.jpg` };
  await storage.put(keys.original, file, { contentType: sniffed.mime });
  await storage.put(keys.thumb, photo.thumb, { contentType: 'image/jpeg' });
  await storage.put(keys.preview, photo.preview, { contentType: 'image/jpeg' });
  return {
    kind: 'photo', mime: sniffed.mime, bytes: file.length, sha256, displayName: 'x', keys,
    width: photo.width, height: photo.height, exif: photo.exif, phash: photo.phash, fields: {},
  };
}

const app = new Koa();
app.use(async (ctx) => {
  try {
    const stored = mode === 'buffering' ? await buffered(ctx.req) : await ingestUpload(ctx.req, deps);
    ctx.body = { bytes: stored.bytes, width: stored.width, height: stored.height, phash: stored.phash };
    await discardStored(storage, stored);
  } catch (err) {
    ctx.status = (err as { status?: number }).status ?? 500;
    ctx.body = { error: String(err) };
  }
});
const server = http.createServer(app.callback());
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as { port: number }).port }) + '\n');
});
const stop = () => server.close(() => {
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('disconnect', stop);
