import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { DeliveryEntity, EvidenceEntity, LedgerEntryEntity, LedgerSourceEntity, ReportEntity, UnitEntity, UserEntity } from '../../src/db/entities';
import type { Session } from './reports';
import type { TestApp } from './test-app';

export interface ClosedRound {
  roundId: number;
  /** Entries in the order created; the first two are selected (ranks 1 and 2). */
  entryIds: number[];
  /** Evidence ids of the photos given to the first entry's report. */
  photoIds: number[];
}

/**
 * A month's catalog of three works reported by `author` (a reporter of `unitCode`), the first with
 * `photos` field photos, voted by the demo leading group and closed through the API (so the close's
 * side effects, such as the cadre files, run as in production). Ranks: works 1, 2 selected.
 */
export async function closedMonthlyRound(t: TestApp, month: string, opts: { author?: string; unitCode?: string; photos?: number; close?: boolean } = {}): Promise<ClosedRound> {
  const m = t.services.db.manager;
  const office = await t.login('demo-office');
  const author = await m.getRepository(UserEntity).findOneByOrFail({ openid: opts.author ?? 'demo-reporter' });
  const unit = await m.getRepository(UnitEntity).findOneByOrFail({ code: opts.unitCode ?? 'XCB' });
  const entryIds: number[] = [];
  const photoIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const title = `${month}亮点工作${i + 1}：${randomBytes(3).toString('hex')}`;
    const summary = `${title}的简介：经现场核查属实，成效明显。`;
    const { identifiers: r } = await m.insert(ReportEntity, { kind: 'report', unitId: unit.id, authorId: author.id, month, title, summary, category: 'tenFields', status: 'received' });
    const { identifiers: e } = await m.insert(LedgerEntryEntity, { month, title, summary, unitId: unit.id, category: 'tenFields', status: 'passed', inspectorId: null });
    await m.insert(LedgerSourceEntity, { entryId: e[0].id, reportId: r[0].id, link: 'new', score: null, reason: null, createdBy: office.userId });
    entryIds.push(e[0].id);
    if (i === 0) {
      for (let p = 0; p < (opts.photos ?? 0); p++) {
        const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40 * (p + 1), g: 120, b: 60 } } }).jpeg().toBuffer();
        const key = `evidence/test/${randomBytes(8).toString('hex')}-preview.jpg`;
        await t.services.storage.put(key, bytes, { contentType: 'image/jpeg' });
        const { identifiers: ev } = await m.insert(EvidenceEntity, { reportId: r[0].id, ledgerEntryId: null, kind: 'photo', displayName: `现场照片${p + 1}.jpg`, mime: 'image/jpeg', previewKey: key, thumbKey: key, originalKey: key, createdBy: author.id });
        photoIds.push(ev[0].id);
      }
    }
  }
  const opened = await t.http().post('/api/rounds').set(office.headers).send({ month, selectCount: 2, endsAt: '2099-12-31T18:00:00+08:00' });
  if (opened.status !== 201) throw new Error(`round not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  const roundId = opened.body.id as number;
  const [a, b, c] = entryIds;
  const ballots: [string, number[]][] = [['demo-leader', [a!, b!]], ['demo-member-2', [a!, b!]], ['demo-member-3', [a!, c!]]];
  for (const [openid, ids] of ballots) {
    const who = await t.login(openid);
    await t.http().put(`/api/rounds/${roundId}/ballot`).set(who.headers).send({ entryIds: ids }).expect(200);
  }
  if (opts.close !== false) await t.http().post(`/api/rounds/${roundId}/close`).set(office.headers).send({}).expect(200);
  return { roundId, entryIds, photoIds };
}

export async function newBulletin(t: TestApp, office: Session, roundId: number): Promise<number> {
  const res = await t.http().post(`/api/rounds/${roundId}/bulletin`).set(office.headers).send({});
  if (res.status !== 201) throw new Error(`bulletin not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** Runs the app's outbox until `done` holds for the delivery (or fails the test after `ms`). */
export async function driveOutbox(t: TestApp, deliveryId: number, done: (d: DeliveryEntity) => boolean, ms = 15_000): Promise<DeliveryEntity> {
  const until = Date.now() + ms;
  for (;;) {
    await t.app.outbox.runOnce();
    const d = await t.services.db.manager.getRepository(DeliveryEntity).findOneByOrFail({ id: deliveryId });
    if (done(d)) return d;
    if (Date.now() > until) throw new Error(`delivery ${deliveryId} did not get there: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const finished = (d: DeliveryEntity) => d.status === 'published' || d.status === 'failed';

export interface WebhookRequest {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Whether X-Liangdian-Signature is the HMAC of the raw body with the secret. */
  signed: boolean;
}

/** A media platform's receiver: checks the signature, answers from a per-path queue (default 200). */
export async function startWebhookServer(secret: string) {
  const requests: WebhookRequest[] = [];
  const queued = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      // What a receiver checks: the HMAC of `<timestamp>.<raw body>`, and a timestamp within 5 minutes.
      const timestamp = String(req.headers['x-liangdian-timestamp'] ?? '');
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      const expected = fresh ? `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}` : 'stale';
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers, raw, body: JSON.parse(raw || 'null'), signed: req.headers['x-liangdian-signature'] === expected });
      const status = queued.get(path)?.shift() ?? (path.startsWith('/reject') ? 400 : 200);
      res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? JSON.stringify({ url: `https://tv.example/news/${req.headers['x-liangdian-delivery']}` }) : JSON.stringify({ error: `status ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests,
    /** The next requests to `path` answer these statuses, in order. */
    answer: (path: string, ...statuses: number[]) => queued.set(path, [...(queued.get(path) ?? []), ...statuses]),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
