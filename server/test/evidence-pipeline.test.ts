import exifr from 'exifr';
import Koa from 'koa';
import { createHash } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import request from 'supertest';
import { hammingDistance, isSamePhoto } from '../../shared/src/rules/capture-check';
import { loadConfig } from '../src/config';
import { errorMiddleware } from '../src/http/error-middleware';
import { discardStored, ingestUpload, type IngestDeps, type StoredEvidence } from '../src/modules/evidence/ingest';
import { LocalStorage, type FileStorage } from '../src/modules/evidence/storage';
import { cameraJpeg, fakeHeic, pixelFloodPng, sceneSvg, tinyPdf } from './fixtures/evidence-images';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
function walk(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(root, p));
    else out.push(path.relative(root, p));
  }
  return out;
}

/**
 * A tiny Koa app with the project's error middleware and one route that calls ingestUpload, on a
 * real socket (127.0.0.1, port 0) so that streaming, early answers and client aborts are real.
 * `settled` resolves when the latest ingest finished, whatever its outcome, so tests wait on the
 * server's cleanup instead of sleeping.
 */
let root: string;
let filesDir: string;
let tmpDir: string;
let server: http.Server;
let storage: FileStorage;
let deps: IngestDeps;
let settled: Promise<void> = Promise.resolve();
/** Emits 'settled' with the result or the error of every ingest. */
const outcomes = new EventEmitter();

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'ld-evidence-'));
  filesDir = path.join(root, 'files');
  tmpDir = path.join(root, 'tmp');
  mkdirSync(filesDir);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: root, JWT_SECRET: 'x'.repeat(32), H5_DIR: 'none' });
  storage = new LocalStorage(filesDir);
  deps = { storage, config, tmpDir, now: () => new Date('2026-11-05T06:00:00Z') };
  const koa = new Koa();
  koa.use(errorMiddleware());
  koa.use(async (ctx) => {
    const store = (ctx.get('x-test-storage') === 'failing' ? failingStorage : storage) as FileStorage;
    const work = ingestUpload(ctx.req, { ...deps, storage: store });
    settled = work.then(
      (r) => void outcomes.emit('settled', r),
      (e) => void outcomes.emit('settled', e),
    );
    ctx.body = await work;
  });
  koa.on('error', () => undefined);
  server = http.createServer(koa.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

/** Fails the preview put (the last one), after the original and thumbnail were stored. */
const failingStorage: Pick<FileStorage, 'put' | 'delete'> = {
  put: async (key, body, opts) => {
    if (key.endsWith('-preview.jpg')) throw new Error('disk full');
    return storage.put(key, body, opts);
  },
  delete: (key) => storage.delete(key),
};

const upload = (file: Buffer, filename: string, contentType = 'application/octet-stream', fields: Record<string, string> = {}) => {
  let req = request(server).post('/upload');
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, { filename, contentType });
};

/** After a refusal: no temp file, no stored file. */
async function expectNothingLeft() {
  await settled;
  expect(readdirSync(tmpDir)).toEqual([]);
  expect(walk(filesDir)).toEqual([]);
}

const KEY = /^evidence\/2026\/11\/[0-9a-f-]{36}-(orig\.[a-z]+|thumb\.jpg|preview\.jpg)$/;

describe('a camera photo (EXIF orientation 6, time and GPS)', () => {
  let original: Buffer;
  let stored: StoredEvidence;
  beforeAll(async () => {
    original = await cameraJpeg(800, 600, 'a', {
      orientation: 6,
      dateTimeOriginal: '2026:11:05 14:03:00',
      latitude: 30.2583,
      longitude: -120.1667,
    });
    const res = await upload(original, 'IMG_0001.JPG', 'image/jpeg', {
      capturedAt: '2026-11-05T14:05:00+08:00',
      latitude: '30.2590',
      longitude: '-120.1660',
      accuracy: '12',
      source: 'camera',
    });
    expect(res.body).not.toHaveProperty('error');
    expect(res.status).toBe(200);
    stored = res.body;
  });
  afterAll(async () => {
    await discardStored(storage, stored);
    expect(walk(filesDir)).toEqual([]);
  });

  it('the test image really carries its EXIF (sharp writes it, exifr reads it back)', async () => {
    const tags = await exifr.parse(original, { reviveValues: false, translateValues: false });
    expect(tags).toMatchObject({ Orientation: 6, DateTimeOriginal: '2026:11:05 14:03:00', GPSLatitudeRef: 'N', GPSLongitudeRef: 'W' });
    const gps = await exifr.gps(original);
    expect(gps.latitude).toBeCloseTo(30.2583, 4);
    expect(gps.longitude).toBeCloseTo(-120.1667, 4);
  });

  it('answers what was stored, with the size after orientation and EXIF time read as Beijing time', () => {
    expect(stored).toMatchObject({
      kind: 'photo',
      mime: 'image/jpeg',
      bytes: original.length,
      sha256: createHash('sha256').update(original).digest('hex'),
      displayName: 'IMG_0001.JPG',
      width: 600,
      height: 800,
      fields: { capturedAt: '2026-11-05T14:05:00+08:00', latitude: 30.259, longitude: -120.166, accuracy: 12, source: 'camera' },
    });
    expect(stored.exif?.at).toBe('2026-11-05T06:03:00.000Z');
    expect(stored.exif?.latitude).toBeCloseTo(30.2583, 4);
    expect(stored.exif?.longitude).toBeCloseTo(-120.1667, 4);
    expect(stored.phash).toMatch(/^[0-9a-f]{16}$/);
    for (const key of Object.values(stored.keys)) expect(key).toMatch(KEY);
  });

  it('keeps the original byte for byte, metadata included (it stays private)', async () => {
    const back = await readAll(await storage.get(stored.keys.original));
    expect(back.equals(original)).toBe(true);
    expect((await exifr.gps(back)).latitude).toBeCloseTo(30.2583, 4);
  });

  it('strips all metadata from the thumbnail and the preview, which are rotated upright', async () => {
    for (const [key, max] of [[stored.keys.thumb!, 320], [stored.keys.preview!, 1600]] as const) {
      const copy = await readAll(await storage.get(key));
      expect(await exifr.parse(copy, true)).toBeUndefined();
      expect(await exifr.gps(copy).catch(() => undefined)).toBeUndefined();
      const meta = await sharp(copy).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(meta.height).toBeGreaterThan(meta.width); // portrait after rotating 90°
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(max);
      // Orientation 6 means "rotate 90° clockwise to view": the red top-left block of the stored
      // pixels ends up top-right.
      const { data, info } = await sharp(copy).raw().toBuffer({ resolveWithObject: true });
      const px = (x: number, y: number) => data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
      const topRight = px(info.width - 3, 2);
      const topLeft = px(2, 2);
      expect(topRight[0]).toBeGreaterThan(200);
      expect(topRight[1]).toBeLessThan(60);
      expect(topLeft[0] - topLeft[1]).toBeLessThan(60); // not red
    }
  });
});

describe('perceptual hash', () => {
  it('is the same for the same photo re-encoded and resized, and different for another photo', async () => {
    const a = await cameraJpeg(1200, 900, 'a');
    const aSmall = await sharp(a).resize(500).jpeg({ quality: 55 }).toBuffer();
    const aPng = await sharp(a).resize(800).png().toBuffer();
    const b = await cameraJpeg(1200, 900, 'b');
    const hashes: string[] = [];
    for (const [file, name] of [[a, 'a.jpg'], [aSmall, 'a-small.jpg'], [aPng, 'a.png'], [b, 'b.jpg']] as const) {
      const res = await upload(file, name);
      expect(res.status).toBe(200);
      hashes.push(res.body.phash);
      await discardStored(storage, res.body);
    }
    const [ha, haSmall, haPng, hb] = hashes;
    expect(isSamePhoto(ha, haSmall)).toBe(true);
    expect(isSamePhoto(ha, haPng)).toBe(true);
    expect(isSamePhoto(ha, hb)).toBe(false);
    expect(hammingDistance(ha, hb)).toBeGreaterThan(12);
    await expectNothingLeft();
  });
});

describe('other accepted files', () => {
  it('reads PNG with transparency, WebP and an HEIF container sharp can decode (AVIF)', async () => {
    const svg = sceneSvg(400, 300, 'b');
    const png = await sharp(svg).ensureAlpha(0.5).png().toBuffer();
    const webp = await sharp(svg).webp().toBuffer();
    const avif = await sharp(svg).heif({ compression: 'av1' }).toBuffer();
    for (const [file, mime] of [[png, 'image/png'], [webp, 'image/webp'], [avif, 'image/heif']] as const) {
      const res = await upload(file, 'x');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'photo', mime, width: 400, height: 300, exif: null });
      await discardStored(storage, res.body);
    }
    await expectNothingLeft();
  });

  it('stores a PDF as it came, without derivatives', async () => {
    const pdf = tinyPdf();
    const res = await upload(pdf, '实施方案.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'document', mime: 'application/pdf', displayName: '实施方案.pdf', phash: null, exif: null, width: null });
    expect(res.body.keys).toMatchObject({ thumb: null, preview: null });
    expect(res.body.keys.original).toMatch(/-orig\.pdf$/);
    expect((await readAll(await storage.get(res.body.keys.original))).equals(pdf)).toBe(true);
    await discardStored(storage, res.body);
    await expectNothingLeft();
  });

  it('judges by content: a PNG sent as "report.pdf" / application/pdf is a photo', async () => {
    const png = await sharp(sceneSvg(200, 100, 'a')).png().toBuffer();
    const res = await upload(png, 'report.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'photo', mime: 'image/png', displayName: 'report.pdf' });
    expect(res.body.keys.original).toMatch(/-orig\.png$/);
    await discardStored(storage, res.body);
  });

  it('keeps a "../" file name as a display name only: the file lands under a generated key', async () => {
    const jpg = await cameraJpeg(200, 100, 'a');
    const res = await upload(jpg, '../../../evil.jpg', 'image/jpeg');
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('evil.jpg');
    expect(res.body.keys.original).toMatch(KEY);
    expect(walk(root).filter((f) => f.includes('evil'))).toEqual([]);
    expect(readdirSync(path.dirname(root)).filter((f) => f.includes('evil'))).toEqual([]);
    await discardStored(storage, res.body);
  });
});

describe('refusals leave no temp file and no stored file', () => {
  it('a 16 MB photo → 413 once 15 MB have arrived, and the client reads the answer', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024, 0x5a);
    (await cameraJpeg(64, 64, 'a')).copy(big); // JPEG content, then 16 MB of padding
    const res = await upload(big, 'big.jpg', 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '照片不能超过 15 MB', details: { kind: 'photo', maxBytes: 15 * 1024 * 1024 } });
    await expectNothingLeft();
  });

  it('answers 413 as soon as the limit is crossed, while the client is still sending', async () => {
    const { port } = server.address() as AddressInfo;
    const boundary = 'xBOUNDARYx';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const start = Buffer.alloc(15 * 1024 * 1024 + 100_000, 0x5a);
    (await cameraJpeg(64, 64, 'a')).copy(start);
    // The request announces 40 MB but sends a little over 15 and then waits: only a server that
    // refuses mid-stream can answer now.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/upload',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(40 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.concat([head, start]));
    });
    expect(status).toBe(413);
    await expectNothingLeft();
  });

  it('the limit follows the sniffed kind: a 16 MB PDF passes (documents allow 20 MB)', async () => {
    const pdf = Buffer.alloc(16 * 1024 * 1024, 0x20);
    tinyPdf().copy(pdf);
    const res = await upload(pdf, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body.bytes).toBe(pdf.length);
    await discardStored(storage, res.body);
    await expectNothingLeft();
  });

  it('HTML named .jpg → 415 with what is accepted', async () => {
    const res = await upload(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'.repeat(10)), 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('JPEG、PNG、WebP、HEIC');
    expect(res.body.error.message).toContain('PDF');
    await expectNothingLeft();
  });

  it('a pixel flood (PNG header claiming 30000×30000) → 422 without decoding it', async () => {
    const res = await upload(pixelFloodPng(), 'flood.png', 'image/png');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IMAGE_UNREADABLE', details: { reason: 'pixelLimit' } });
    await expectNothingLeft();
  });

  it('an HEIC sharp cannot decode → 422 with the "most compatible" hint', async () => {
    const res = await upload(fakeHeic(), 'IMG_0002.HEIC', 'image/heic');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IMAGE_UNREADABLE', details: { reason: 'heic' } });
    expect(res.body.error.message).toContain('兼容性最佳');
    await expectNothingLeft();
  });

  it('a truncated JPEG → 422', async () => {
    const jpg = await cameraJpeg(600, 400, 'a');
    const res = await upload(jpg.subarray(0, Math.floor(jpg.length / 2)), 'cut.jpg', 'image/jpeg');
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ reason: 'decode' });
    await expectNothingLeft();
  });

  it('an empty file, a missing file, a second file, an unknown or invalid field → 400', async () => {
    const jpg = await cameraJpeg(100, 100, 'a');
    const cases = [
      upload(Buffer.alloc(0), 'empty.jpg'),
      request(server).post('/upload').field('latitude', '30'),
      request(server).post('/upload').attach('file', jpg, 'a.jpg').attach('file', jpg, 'b.jpg'),
      request(server).post('/upload').attach('other', jpg, 'a.jpg'),
      upload(jpg, 'a.jpg', 'image/jpeg', { userId: '1' }),
      upload(jpg, 'a.jpg', 'image/jpeg', { latitude: '999' }),
      upload(jpg, 'a.jpg', 'image/jpeg', { latitude: '30', extra1: 'x', extra2: 'y', extra3: 'z', extra4: 'w', extra5: 'v' }),
    ];
    for (const c of cases) {
      const res = await c;
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      await expectNothingLeft();
    }
  });

  it('a body that is not multipart → 415', async () => {
    const res = await request(server).post('/upload').send({ file: 'x' });
    expect(res.status).toBe(415);
    const raw = await request(server).post('/upload').set('Content-Type', 'image/jpeg').send(await cameraJpeg(50, 50, 'a'));
    expect(raw.status).toBe(415);
    await expectNothingLeft();
  });

  it('a storage failure midway deletes what was already stored', async () => {
    const res = await upload(await cameraJpeg(300, 200, 'a'), 'a.jpg').set('x-test-storage', 'failing');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    await expectNothingLeft();
  });

  it('a client that disconnects mid-upload leaves no temp file', async () => {
    const { port } = server.address() as AddressInfo;
    const boundary = 'xBOUNDARYx';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const jpg = await cameraJpeg(100, 100, 'a');
    const outcome = once(outcomes, 'settled');
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/upload',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + 5_000_000) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.concat([head, jpg, Buffer.alloc(200_000)]));
    // Wait until the server is spooling the file (its temp file exists), then vanish.
    for (let i = 0; i < 400 && readdirSync(tmpDir).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(readdirSync(tmpDir)).toHaveLength(1);
    req.destroy();
    const [err] = await outcome;
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    await expectNothingLeft();
  });
});
