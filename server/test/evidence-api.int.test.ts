import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { AuditLogEntity, EvidenceEntity } from '../src/db/entities';
import { cameraJpeg, pixelFloodPng, tinyPdf } from './fixtures/evidence-images';
import { newDraft, type Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';

/** Every file under the storage root and the upload spool: a refused upload must leave none. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// 盐山县城 (Yanshan county town) and a place 20 km away.
const TOWN = { latitude: 38.0586, longitude: 117.2306 };
const FAR = { latitude: 38.24, longitude: 117.23 };

describeEachDatabase('evidence through the API', (t) => {
  let reporter: Session, head: Session, office: Session, other: Session;
  let photoA: Buffer, photoB: Buffer;
  const files = () => filesUnder(t().services.config.dataDir).filter((f) => !f.endsWith('.sqlite') && !f.includes('.sqlite-') && !f.endsWith('jwt-secret'));
  const upload = (who: Session, id: number, data: Buffer, name: string, fields: Record<string, string> = {}) => {
    let req = t().http().post(`/api/reports/${id}/evidence`).set(who.headers);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', data, name);
  };
  const rows = (reportId: number) => t().services.db.manager.getRepository(EvidenceEntity).countBy({ reportId });

  beforeAll(async () => {
    [reporter, head, office, other] = await Promise.all(['demo-reporter', 'demo-unithead', 'demo-office', 'demo-reporter-cgj'].map((o) => t().login(o)));
    photoA = await cameraJpeg(1200, 900, 'a', { orientation: 6, dateTimeOriginal: '2026:11:09 15:20:00', latitude: FAR.latitude, longitude: FAR.longitude });
    photoB = await cameraJpeg(1200, 900, 'b');
  });

  it('stores a field photo: rotated, stripped copies, app and EXIF place side by side, mismatch flagged', async () => {
    const id = await newDraft(t(), reporter);
    const res = await upload(reporter, id, photoA, 'IMG_0001.jpg', {
      capturedAt: '2026-11-10T09:00:00+08:00',
      latitude: String(TOWN.latitude),
      longitude: String(TOWN.longitude),
      accuracy: '12',
      source: 'camera',
    }).expect(201);
    expect(res.body).toMatchObject({ kind: 'photo', name: 'IMG_0001.jpg', mime: 'image/jpeg', width: 900, height: 1200, duplicates: [] });
    expect(res.body.app).toMatchObject({ latitude: TOWN.latitude, longitude: TOWN.longitude, accuracy: 12, source: 'camera' });
    expect(res.body.exif.at).toBe('2026-11-09T07:20:00.000Z');
    expect(res.body.exif.latitude).toBeCloseTo(FAR.latitude, 3);
    expect(res.body.mismatch.meters).toBeGreaterThan(15000);
    expect(res.body.mismatch.minutes).toBe(1060);

    // What others see has no metadata; the original keeps it, for the author and the office only.
    const thumb = await t().http().get(res.body.thumbUrl).set(reporter.headers).buffer(true).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.parse(thumb.body, { gps: true })).toBeUndefined();
    // Nobody else sees a draft, not even its unit head or the office.
    expect((await t().http().get(res.body.previewUrl).set(head.headers)).status).toBe(404);
    expect((await t().http().get(`/api/evidence/${res.body.id}/original`).set(office.headers)).status).toBe(404);
    t().setNow('2026-11-10T10:00:00+08:00');
    await t().http().post(`/api/reports/${id}/submit`).set(reporter.headers).send({ month: '2026-11' }).expect(200);
    const preview = await t().http().get(res.body.previewUrl).set(head.headers).buffer(true).expect(200);
    expect(await exifr.gps(preview.body)).toBeUndefined();
    expect((await t().http().get(`/api/evidence/${res.body.id}/original`).set(head.headers)).status).toBe(404);
    const forOffice = await t().http().get(`/api/evidence/${res.body.id}/original`).set(office.headers).buffer(true).expect(200);
    expect((await exifr.gps(forOffice.body))?.latitude).toBeCloseTo(FAR.latitude, 3);
    const mine = await t().http().get(`/api/evidence/${res.body.id}/original`).set(reporter.headers).buffer(true).expect(200);
    expect(mine.body.equals(photoA)).toBe(true);
    expect((await t().http().get(res.body.thumbUrl).set(other.headers)).status).toBe(404);
    // Evidence cannot be added once the item has left the author.
    expect((await upload(reporter, id, photoB, 'late.jpg')).body.error.code).toBe('INVALID_STATE');
    t().setNow(null);
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ action: 'evidence.add', entityId: String(id) });
    expect(audit).toHaveLength(1);
  });

  it('flags a photo already used in another report', async () => {
    const first = await newDraft(t(), reporter);
    const second = await newDraft(t(), reporter);
    const a = await upload(reporter, first, photoB, 'b.jpg').expect(201);
    // The same scene re-encoded smaller, as a chat app would send it on.
    const sharp = (await import('sharp')).default;
    const resent = await sharp(photoB).resize(600).jpeg({ quality: 60 }).toBuffer();
    const b = await upload(reporter, second, resent, 'b-resent.jpg').expect(201);
    expect(b.body.duplicates).toEqual([expect.objectContaining({ evidenceId: a.body.id, reportId: first })]);
    const view = await t().http().get(`/api/reports/${first}`).set(reporter.headers).expect(200);
    expect(view.body.evidence[0].duplicates).toEqual([expect.objectContaining({ evidenceId: b.body.id, reportId: second })]);
  });

  it('refuses bad files with a clear error and leaves no rows and no files', async () => {
    const id = await newDraft(t(), reporter);
    const before = files();
    const html = await upload(reporter, id, Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg');
    expect([html.status, html.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const flood = await upload(reporter, id, pixelFloodPng(), 'flood.png');
    expect([flood.status, flood.body.error.code]).toEqual([422, 'IMAGE_UNREADABLE']);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16 * 1024 * 1024, 7)]);
    const tooBig = await upload(reporter, id, big, 'big.jpg');
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const badField = await upload(reporter, id, photoB, 'ok.jpg', { latitude: '123' });
    expect(badField.status).toBe(400);
    expect(await rows(id)).toBe(0);
    expect(files()).toEqual(before);
    // A name with ../ is only a label: stored under a generated key, shown cleaned.
    const sneaky = await upload(reporter, id, tinyPdf(), '../../../etc/passwd.pdf').expect(201);
    expect(sneaky.body.name).not.toContain('/');
    expect(sneaky.body).toMatchObject({ kind: 'document', mime: 'application/pdf', url: `/api/evidence/${sneaky.body.id}/file` });
    expect(files().every((f) => f.startsWith(t().services.config.dataDir))).toBe(true);
  });

  it('keeps to 9 photos and 5 documents, and only the author adds or removes while editable', async () => {
    const id = await newDraft(t(), reporter);
    expect((await upload(other, id, photoB, 'x.jpg')).status).toBe(404);
    const small = await cameraJpeg(64, 48, 'a');
    for (let i = 0; i < 9; i++) await upload(reporter, id, small, `p${i}.jpg`).expect(201);
    const before = files();
    const tenth = await upload(reporter, id, small, 'p9.jpg');
    expect([tenth.status, tenth.body.error.code]).toEqual([409, 'EVIDENCE_LIMIT']);
    expect(files()).toEqual(before);
    const link = await t().http().post(`/api/reports/${id}/links`).set(reporter.headers).send({ url: 'https://www.cztv.com/news/1', title: '沧州电视台报道' }).expect(201);
    expect(link.body).toMatchObject({ kind: 'link', url: 'https://www.cztv.com/news/1' });
    expect((await t().http().post(`/api/reports/${id}/links`).set(reporter.headers).send({ url: 'javascript:alert(1)', title: 'x' })).status).toBe(400);
    const view = await t().http().get(`/api/reports/${id}`).set(reporter.headers).expect(200);
    const photo = view.body.evidence.find((e: { kind: string }) => e.kind === 'photo');
    await t().http().delete(`/api/reports/${id}/evidence/${photo.id}`).set(reporter.headers).expect(204);
    expect(files().length).toBe(before.length - 3);
    expect(await rows(id)).toBe(9);
  });
});

