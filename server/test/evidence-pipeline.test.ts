import exifr from 'exifr';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { hammingDistance, isSamePhoto } from '../../shared/src/rules/capture-check';
import { discardStored, type StoredEvidence } from '../src/modules/evidence/ingest';
import { cameraJpeg, sceneSvg, tinyPdf } from './fixtures/evidence-images';
import { KEY, readAll, startEvidenceServer, walk, type EvidenceServer } from './fixtures/evidence-server';

/** Accepted uploads through a real HTTP request: what is stored, what is stripped, what is hashed. */
let t: EvidenceServer;
beforeAll(async () => {
  t = await startEvidenceServer();
});
afterAll(() => t.stop());

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
    const res = await t.upload(original, 'IMG_0001.JPG', 'image/jpeg', {
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
    await discardStored(t.storage, stored);
    expect(walk(t.filesDir)).toEqual([]);
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
    const back = await readAll(await t.storage.get(stored.keys.original));
    expect(back.equals(original)).toBe(true);
    expect((await exifr.gps(back)).latitude).toBeCloseTo(30.2583, 4);
  });

  it('strips all metadata from the thumbnail and the preview, which are rotated upright', async () => {
    for (const [key, max] of [[stored.keys.thumb!, 320], [stored.keys.preview!, 1600]] as const) {
      const copy = await readAll(await t.storage.get(key));
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
      const res = await t.upload(file, name);
      expect(res.status).toBe(200);
      hashes.push(res.body.phash);
      await discardStored(t.storage, res.body);
    }
    const [ha, haSmall, haPng, hb] = hashes;
    expect(isSamePhoto(ha, haSmall)).toBe(true);
    expect(isSamePhoto(ha, haPng)).toBe(true);
    expect(isSamePhoto(ha, hb)).toBe(false);
    expect(hammingDistance(ha, hb)).toBeGreaterThan(12);
    await t.expectNothingLeft();
  });
});

describe('other accepted files', () => {
  it('reads PNG with transparency, WebP and an HEIF container sharp can decode (AVIF)', async () => {
    const svg = sceneSvg(400, 300, 'b');
    const png = await sharp(svg).ensureAlpha(0.5).png().toBuffer();
    const webp = await sharp(svg).webp().toBuffer();
    const avif = await sharp(svg).heif({ compression: 'av1' }).toBuffer();
    for (const [file, mime] of [[png, 'image/png'], [webp, 'image/webp'], [avif, 'image/heif']] as const) {
      const res = await t.upload(file, 'x');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'photo', mime, width: 400, height: 300, exif: null });
      await discardStored(t.storage, res.body);
    }
    await t.expectNothingLeft();
  });

  it('stores a PDF as it came, without derivatives', async () => {
    const pdf = tinyPdf();
    const res = await t.upload(pdf, '实施方案.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'document', mime: 'application/pdf', displayName: '实施方案.pdf', phash: null, exif: null, width: null });
    expect(res.body.keys).toMatchObject({ thumb: null, preview: null });
    expect(res.body.keys.original).toMatch(/-orig\.pdf$/);
    expect((await readAll(await t.storage.get(res.body.keys.original))).equals(pdf)).toBe(true);
    await discardStored(t.storage, res.body);
    await t.expectNothingLeft();
  });

  it('judges by content: a PNG sent as "report.pdf" / application/pdf is a photo', async () => {
    const png = await sharp(sceneSvg(200, 100, 'a')).png().toBuffer();
    const res = await t.upload(png, 'report.pdf', 'application/pdf');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'photo', mime: 'image/png', displayName: 'report.pdf' });
    expect(res.body.keys.original).toMatch(/-orig\.png$/);
    await discardStored(t.storage, res.body);
  });

  it('keeps a "../" file name as a display name only: the file lands under a generated key', async () => {
    const jpg = await cameraJpeg(200, 100, 'a');
    const res = await t.upload(jpg, '../../../evil.jpg', 'image/jpeg');
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('evil.jpg');
    expect(res.body.keys.original).toMatch(KEY);
    expect(walk(t.root).filter((f) => f.includes('evil'))).toEqual([]);
    expect(readdirSync(path.dirname(t.root)).filter((f) => f.includes('evil'))).toEqual([]);
    await discardStored(t.storage, res.body);
  });
});
