import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import request from 'supertest';
import { discardStored } from '../src/modules/evidence/ingest';
import { cameraJpeg, fakeHeic, pixelFloodPng, tinyPdf } from './fixtures/evidence-images';
import { startEvidenceServer, type EvidenceServer } from './fixtures/evidence-server';

/** Bad input through a real HTTP request: a clear error, and no temp file and no stored file after. */
let t: EvidenceServer;
beforeAll(async () => {
  t = await startEvidenceServer();
});
afterAll(() => t.stop());

describe('refusals leave no temp file and no stored file', () => {
  it('a 16 MB photo → 413 once 15 MB have arrived, and the client reads the answer', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024, 0x5a);
    (await cameraJpeg(64, 64, 'a')).copy(big); // JPEG content, then 16 MB of padding
    const res = await t.upload(big, 'big.jpg', 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '照片不能超过 15 MB', details: { kind: 'photo', maxBytes: 15 * 1024 * 1024 } });
    await t.expectNothingLeft();
  });

  it('answers 413 as soon as the limit is crossed, while the client is still sending', async () => {
    const { port } = t.server.address() as AddressInfo;
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
    await t.expectNothingLeft();
  });

  it('the limit follows the sniffed kind: a 16 MB PDF passes (documents allow 20 MB)', async () => {
    const pdf = Buffer.alloc(16 * 1024 * 1024, 0x20);
    tinyPdf().copy(pdf);
    const res = await t.upload(pdf, 'big.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body.bytes).toBe(pdf.length);
    await discardStored(t.storage, res.body);
    await t.expectNothingLeft();
  });

  it('HTML named .jpg → 415 with what is accepted', async () => {
    const res = await t.upload(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'.repeat(10)), 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.error.message).toContain('JPEG、PNG、WebP、HEIC');
    expect(res.body.error.message).toContain('PDF');
    await t.expectNothingLeft();
  });

  it('a pixel flood (PNG header claiming 30000×30000) → 422 without decoding it', async () => {
    const res = await t.upload(pixelFloodPng(), 'flood.png', 'image/png');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IMAGE_UNREADABLE', details: { reason: 'pixelLimit' } });
    await t.expectNothingLeft();
  });

  it('an HEIC sharp cannot decode → 422 with the "most compatible" hint', async () => {
    const res = await t.upload(fakeHeic(), 'IMG_0002.HEIC', 'image/heic');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IMAGE_UNREADABLE', details: { reason: 'heic' } });
    expect(res.body.error.message).toContain('兼容性最佳');
    await t.expectNothingLeft();
  });

  it('a truncated JPEG → 422', async () => {
    const jpg = await cameraJpeg(600, 400, 'a');
    const res = await t.upload(jpg.subarray(0, Math.floor(jpg.length / 2)), 'cut.jpg', 'image/jpeg');
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual({ reason: 'decode' });
    await t.expectNothingLeft();
  });

  it('an empty file, a missing file, a second file, an unknown or invalid field → 400', async () => {
    const jpg = await cameraJpeg(100, 100, 'a');
    const cases = [
      t.upload(Buffer.alloc(0), 'empty.jpg'),
      request(t.server).post('/upload').field('latitude', '30'),
      request(t.server).post('/upload').attach('file', jpg, 'a.jpg').attach('file', jpg, 'b.jpg'),
      request(t.server).post('/upload').attach('other', jpg, 'a.jpg'),
      t.upload(jpg, 'a.jpg', 'image/jpeg', { userId: '1' }),
      t.upload(jpg, 'a.jpg', 'image/jpeg', { latitude: '999' }),
      t.upload(jpg, 'a.jpg', 'image/jpeg', { latitude: '30', extra1: 'x', extra2: 'y', extra3: 'z', extra4: 'w', extra5: 'v' }),
    ];
    for (const c of cases) {
      const res = await c;
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      await t.expectNothingLeft();
    }
  });

  it('a body that is not multipart → 415', async () => {
    const res = await request(t.server).post('/upload').send({ file: 'x' });
    expect(res.status).toBe(415);
    const raw = await request(t.server).post('/upload').set('Content-Type', 'image/jpeg').send(await cameraJpeg(50, 50, 'a'));
    expect(raw.status).toBe(415);
    await t.expectNothingLeft();
  });

  it('a storage failure midway deletes what was already stored', async () => {
    const res = await t.upload(await cameraJpeg(300, 200, 'a'), 'a.jpg').set('x-test-storage', 'failing');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    await t.expectNothingLeft();
  });

  it('a client that disconnects mid-upload leaves no temp file', async () => {
    const { port } = t.server.address() as AddressInfo;
    const boundary = 'xBOUNDARYx';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const jpg = await cameraJpeg(100, 100, 'a');
    const outcome = once(t.outcomes, 'settled');
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
    for (let i = 0; i < 400 && readdirSync(t.tmpDir).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(readdirSync(t.tmpDir)).toHaveLength(1);
    req.destroy();
    const [err] = await outcome;
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    await t.expectNothingLeft();
  });
});
