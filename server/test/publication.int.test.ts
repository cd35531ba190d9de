/**
 * Publication of results (issue 7): the bulletin of a closed round, its .docx and article preview,
 * and pushes through the durable outbox to an official account (the WeChat-compatible test server)
 * and a signed webhook (a local receiver checking the HMAC), on SQLite and MariaDB.
 */
import JSZip from 'jszip';
import { AuditLogEntity, DeliveryEntity, RoundEntity, RoundEntryEntity } from '../src/db/entities';
import { OFFICIAL_ACCOUNT, MINI_PROGRAM, startWechatServer, type WechatApp, type WechatServer } from '../../tests/support/wechat-server';
import { closedMonthlyRound, driveOutbox, finished, newBulletin, startWebhookServer } from './support/publication';
import type { Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';
import { bulletinSchema, channelListSchema, deliveryListSchema, publishResultSchema } from '@liangdian/shared';

const DRAFT_ADD = '/cgi-bin/draft/add';
const SUBMIT = '/cgi-bin/freepublish/submit';
/** A second account, first configured with a wrong secret. */
const OTHER_OA: WechatApp = { appId: 'wx-oa-second', secret: 'second-secret', kind: 'official' };
const HOOK_SECRET = 'tv-station-hmac-secret';

let wx: WechatServer;
let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
beforeAll(async () => {
  wx = await startWechatServer({ apps: [MINI_PROGRAM, OFFICIAL_ACCOUNT, OTHER_OA], publishingPolls: 1 });
  hooks = await startWebhookServer(HOOK_SECRET);
});
afterAll(async () => {
  await wx.close();
  await hooks.close();
});

const env = () => ({
  WECHAT_API_BASE: wx.baseUrl,
  OUTBOX_BACKOFF_BASE_MS: '20',
  OUTBOX_BACKOFF_CAP_MS: '100',
  OUTBOX_PUBLISH_POLL_MS: '10',
  OUTBOX_MAX_ATTEMPTS: '4',
});

/** Calls of one app on one path. */
const callsOf = (path: string, appId = OFFICIAL_ACCOUNT.appId) => wx.calls(path).filter((c) => c.appId === appId);

describeEachDatabase(
  'publication: bulletins and the push outbox',
  (t) => {
    let office: Session;
    let oaChannel = 0;
    let tvChannel = 0;
    let seq = 0;
    // Each database gets its own months (the unique round per month) and webhook paths.
    const month = () => `20${t().kind === 'sqlite' ? 40 : 41}-${String(++seq).padStart(2, '0')}`;
    const tvPath = () => `/tv-${t().kind}`;

    beforeAll(async () => {
      office = await t().login('demo-office');
      t().setNow(null);
      oaChannel = (
        await t()
          .http()
          .post('/api/publication/channels')
          .set(office.headers)
          .send({ kind: 'officialAccount', name: '县融媒体公众号', appId: OFFICIAL_ACCOUNT.appId, secret: OFFICIAL_ACCOUNT.secret, author: '县亮点办' })
          .expect(201)
      ).body.id;
      const tv = await t().http().post('/api/publication/channels').set(office.headers).send({ kind: 'webhook', name: '县电视台', url: hooks.url(tvPath()), secret: HOOK_SECRET }).expect(201);
      tvChannel = tv.body.id;
      expect(tv.body).toMatchObject({ kind: 'webhook', hasSecret: true, url: hooks.url(tvPath()) });
      expect(tv.body).not.toHaveProperty('secret');
    });

    const publish = (bulletinId: number, channelIds: number[]) => t().http().post(`/api/bulletins/${bulletinId}/publish`).set(office.headers).send({ channelIds });

    it('lists channels without secrets and refuses a second channel for the same account', async () => {
      const list = channelListSchema.parse((await t().http().get('/api/publication/channels').set(office.headers).expect(200)).body).items;
      expect(list.map((c: { id: number }) => c.id)).toEqual(expect.arrayContaining([oaChannel, tvChannel]));
      expect(JSON.stringify(list)).not.toContain(OFFICIAL_ACCOUNT.secret);
      const dup = await t().http().post('/api/publication/channels').set(office.headers).send({ kind: 'officialAccount', name: '重复', appId: OFFICIAL_ACCOUNT.appId, secret: 'whatever-secret' });
      expect([dup.status, dup.body.error.code]).toEqual([409, 'CONFLICT']);
      const wrongField = await t().http().put(`/api/publication/channels/${tvChannel}`).set(office.headers).send({ appId: 'wx-abc-123' });
      expect(wrongField.status).toBe(400);
    });

    it('draws up a closed round\'s bulletin (not an open one), edits it, and gives the .docx and the article preview', async () => {
      const open = await closedMonthlyRound(t(), month(), { close: false });
      const refused = await t().http().post(`/api/rounds/${open.roundId}/bulletin`).set(office.headers).send({});
      expect([refused.status, refused.body.error.code]).toEqual([409, 'INVALID_STATE']);

      const r = await closedMonthlyRound(t(), month(), { photos: 2 });
      const created = await t().http().post(`/api/rounds/${r.roundId}/bulletin`).set(office.headers).send({}).expect(201);
      const b = bulletinSchema.parse(created.body);
      expect(b).toMatchObject({ roundId: r.roundId, level: 'monthly', status: 'draft', issuer: '县亮点工作办公室' });
      expect(b.number).toMatch(/^第\d+期$/);
      expect(b.title).toMatch(/^关于\d{4}年\d+月份全县亮点工作评选结果的通报$/);
      expect(b.lead).toContain('评选出');
      expect(b.items.map((i) => [i.entryId, i.rank, i.figures])).toEqual([
        [r.entryIds[0], 1, '得票 3'],
        [r.entryIds[1], 2, '得票 2'],
      ]);
      expect(b.items[0].photoCount).toBe(2);
      // Asking again answers the same draft.
      expect((await t().http().post(`/api/rounds/${r.roundId}/bulletin`).set(office.headers).send({}).expect(200)).body.id).toBe(b.id);

      const edited = await t().http().put(`/api/bulletins/${b.id}`).set(office.headers).send({ number: '第9期', lead: '为进一步激发干事创业热情，现将本月评选结果通报如下：' }).expect(200);
      expect(edited.body).toMatchObject({ number: '第9期', lead: '为进一步激发干事创业热情，现将本月评选结果通报如下：' });
      expect((await t().http().put(`/api/bulletins/${b.id}`).set(office.headers).send({ status: 'published' })).status).toBe(400);

      const docx = await t().http().get(`/api/bulletins/${b.id}/docx`).set(office.headers).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(docx.status).toBe(200);
      expect(docx.headers['content-disposition']).toMatch(/^attachment; filename=/);
      const zip = await JSZip.loadAsync(docx.body as Buffer);
      const xml = await zip.file('word/document.xml')!.async('string');
      const text = xml.replace(/<[^>]+>/g, '');
      expect(text).toContain('第9期');
      expect(text.indexOf(b.items[0].title)).toBeGreaterThan(-1);
      expect(text.indexOf(b.items[0].title)).toBeLessThan(text.indexOf(b.items[1].title));
      expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(2);

      const article = await t().http().get(`/api/bulletins/${b.id}/article`).set(office.headers).expect(200);
      expect(article.headers['content-type']).toMatch(/^text\/html/);
      expect(article.text).toContain(b.items[1].title);
      const src = /<img src="([^"]+)"/.exec(article.text)![1]!.replaceAll('&amp;', '&');
      expect(src).toMatch(new RegExp(`^/api/bulletins/${b.id}/photos/${r.photoIds[0]}\\?exp=\\d+&sig=`));
      const photo = await t().http().get(src).expect(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      await t().http().get(src.replace(/sig=[^&]+/, 'sig=forged')).expect(404);
    });

    it('draws up an annual bulletin with the combined scores', async () => {
      const m = t().services.db.manager;
      const monthly = await closedMonthlyRound(t(), month());
      const year = t().kind === 'sqlite' ? '2040' : '2041';
      const { identifiers } = await m.insert(RoundEntity, { kind: 'annualVote', period: year, title: `${year}年度全县十大亮点工作评选`, selectCount: 2, status: 'closed', endsAt: new Date(), closedAt: new Date(), decisionReason: null, createdBy: office.userId });
      const roundId = identifiers[0].id as number;
      const [a, b, c] = monthly.entryIds;
      await m.insert(RoundEntryEntity, [
        { roundId, entryId: a!, votes: 0, publicVotes: 50, rank: 2, selected: true },
        { roundId, entryId: b!, votes: 0, publicVotes: 100, rank: 1, selected: true },
        { roundId, entryId: c!, votes: 0, publicVotes: 10, rank: 3, selected: false },
      ]);
      const bulletin = (await t().http().post(`/api/rounds/${roundId}/bulletin`).set(office.headers).send({}).expect(201)).body;
      expect(bulletin).toMatchObject({ level: 'annual', period: year, periodLabel: `${year}年度`, title: `关于${year}年度全县十大亮点工作评选结果的通报` });
      expect(bulletin.items.map((i: { entryId: number; rank: number; figures: string }) => [i.entryId, i.rank, i.figures])).toEqual([
        [b, 1, '综合得分 40.00'],
        [a, 2, '综合得分 20.00'],
      ]);
    });

    it('publishes to the official account and the TV station once each; a second publish pushes nothing', async () => {
      const r = await closedMonthlyRound(t(), month(), { photos: 1 });
      const id = await newBulletin(t(), office, r.roundId);
      const before = { drafts: callsOf(DRAFT_ADD).length, submits: callsOf(SUBMIT).length, hooks: hooks.requests.length };
      const res = publishResultSchema.parse((await publish(id, [oaChannel, tvChannel]).expect(200)).body);
      expect(res.alreadyPublished).toEqual([]);
      expect(res.bulletin.status).toBe('published');
      expect(res.deliveries.map((d: { channelId: number; status: string }) => [d.channelId, d.status])).toEqual([
        [oaChannel, 'pending'],
        [tvChannel, 'pending'],
      ]);
      const [oa, tv] = res.deliveries as { id: number }[];
      const oaDone = await driveOutbox(t(), oa!.id, finished);
      const tvDone = await driveOutbox(t(), tv!.id, finished);
      expect(oaDone).toMatchObject({ status: 'published', attempts: 1, lastError: null });
      expect(oaDone.articleUrl).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
      expect(tvDone).toMatchObject({ status: 'published', attempts: 1, articleUrl: `https://tv.example/news/${tv!.id}` });
      expect(callsOf(DRAFT_ADD).length - before.drafts).toBe(1);
      expect(callsOf(SUBMIT).length - before.submits).toBe(1);
      // The draft carries the uploaded image, not our own address.
      const draft = wx.state.drafts.at(-1)!.articles[0] as { content: string; author: string };
      expect(draft.content).toContain('http://mmbiz.test/uploadimg/');
      expect(draft.author).toBe('县亮点办');

      const pushed = hooks.requests.slice(before.hooks);
      expect(pushed).toHaveLength(1);
      expect(pushed[0]).toMatchObject({ path: tvPath(), signed: true });
      expect(pushed[0]!.headers['x-liangdian-delivery']).toBe(String(tv!.id));
      expect(Number(pushed[0]!.headers['x-liangdian-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(pushed[0]!.body.bulletin).toMatchObject({ id, roundId: r.roundId, level: 'monthly' });
      expect(pushed[0]!.body.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2]);

      const view = deliveryListSchema.parse((await t().http().get(`/api/bulletins/${id}/deliveries`).set(office.headers).expect(200)).body).items;
      expect(view.map((d: { channelName: string; status: string }) => [d.channelName, d.status])).toEqual([
        ['县融媒体公众号', 'published'],
        ['县电视台', 'published'],
      ]);
      expect(view[0].articleUrl).toBe(oaDone.articleUrl);

      // Again: the existing deliveries answer, nothing new is queued or pushed.
      const again = (await publish(id, [tvChannel, oaChannel]).expect(200)).body;
      expect(again.alreadyPublished).toEqual([tvChannel, oaChannel]);
      expect(again.deliveries.map((d: { id: number }) => d.id)).toEqual([tv!.id, oa!.id]);
      await t().app.outbox.runOnce();
      expect(callsOf(SUBMIT).length - before.submits).toBe(1);
      expect(hooks.requests.length - before.hooks).toBe(1);
      expect(await t().services.db.manager.getRepository(DeliveryEntity).countBy({ bulletinId: id })).toBe(2);
      // Published: the text is frozen, and a published delivery is not retried.
      const edit = await t().http().put(`/api/bulletins/${id}`).set(office.headers).send({ number: '第99期' });
      expect([edit.status, edit.body.error.code]).toEqual([409, 'INVALID_STATE']);
      expect((await t().http().post(`/api/deliveries/${oa!.id}/retry`).set(office.headers).send({})).status).toBe(409);
      const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ entityType: 'delivery' });
      expect(audit.filter((a) => a.action === 'delivery.published' && [oa!.id, tv!.id].map(String).includes(a.entityId!))).toHaveLength(2);
    });

    it('refreshes an access token that expires mid-way and finishes', async () => {
      const r = await closedMonthlyRound(t(), month());
      const id = await newBulletin(t(), office, r.roundId);
      wx.failNext(42001, { path: DRAFT_ADD });
      const tokens = callsOf('/cgi-bin/stable_token').length;
      const d = (await publish(id, [oaChannel]).expect(200)).body.deliveries[0];
      const done = await driveOutbox(t(), d.id, finished);
      expect(done).toMatchObject({ status: 'published', attempts: 1 });
      expect(callsOf('/cgi-bin/stable_token').length).toBeGreaterThan(tokens);
      const drafts = callsOf(DRAFT_ADD).slice(-2).map((c) => c.answer.errcode ?? 0);
      expect(drafts).toEqual([42001, 0]);
    });

    it('fails on a wrong secret without retrying, and publishes after the office fixes it and retries', async () => {
      const r = await closedMonthlyRound(t(), month());
      const id = await newBulletin(t(), office, r.roundId);
      const appId = OTHER_OA.appId;
      const channel = (
        await t().http().post('/api/publication/channels').set(office.headers).send({ kind: 'officialAccount', name: '第二公众号', appId, secret: 'wrong-secret-x' }).expect(201)
      ).body.id;
      const submits = callsOf(SUBMIT, OTHER_OA.appId).length;
      const d = (await publish(id, [channel]).expect(200)).body.deliveries[0];
      const failed = await driveOutbox(t(), d.id, finished);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, officeRetryable: true });
      expect(failed.lastError).toContain('AppSecret错误');
      // Not retried by the outbox: the attempts stay.
      await t().app.outbox.runOnce();
      expect((await t().services.db.manager.getRepository(DeliveryEntity).findOneByOrFail({ id: d.id })).attempts).toBe(1);
      const view = (await t().http().get(`/api/bulletins/${id}/deliveries`).set(office.headers).expect(200)).body.items[0];
      expect(view).toMatchObject({ status: 'failed', retryable: true, nextAttemptAt: null });

      await t().http().put(`/api/publication/channels/${channel}`).set(office.headers).send({ secret: OTHER_OA.secret }).expect(200);
      const retried = (await t().http().post(`/api/deliveries/${d.id}/retry`).set(office.headers).send({}).expect(200)).body;
      expect(retried).toMatchObject({ status: 'pending', lastError: null });
      const done = await driveOutbox(t(), d.id, finished);
      expect(done).toMatchObject({ status: 'published', attempts: 2 });
      expect(callsOf(SUBMIT, OTHER_OA.appId).length - submits).toBe(1);
    });

    it('retries a webhook after 5xx with backoff, gives up on a 4xx, and does not retry what WeChat refused', async () => {
      const r = await closedMonthlyRound(t(), month());
      const id = await newBulletin(t(), office, r.roundId);
      const reject = (await t().http().post('/api/publication/channels').set(office.headers).send({ kind: 'webhook', name: '某媒体App', url: hooks.url(`/reject-${t().kind}`), secret: HOOK_SECRET }).expect(201)).body.id;
      hooks.answer(tvPath(), 500, 503);
      const res = (await publish(id, [tvChannel, reject]).expect(200)).body.deliveries;
      const tv = await driveOutbox(t(), res[0].id, finished);
      expect(tv).toMatchObject({ status: 'published', attempts: 3, lastError: null });
      const tvRequests = hooks.requests.filter((x) => x.path === tvPath() && x.headers['x-liangdian-delivery'] === String(res[0].id));
      expect(tvRequests).toHaveLength(3);
      expect(new Set(tvRequests.map((x) => x.raw)).size).toBe(1);
      const rejected = await driveOutbox(t(), res[1].id, finished);
      expect(rejected).toMatchObject({ status: 'failed', attempts: 1 });
      expect(rejected.lastError).toContain('HTTP 400');

      // A receiver down for longer than OUTBOX_MAX_ATTEMPTS (4): failed; the office's retry gets a new allowance.
      const flakyPath = `/flaky-${t().kind}`;
      const flaky = (await t().http().post('/api/publication/channels').set(office.headers).send({ kind: 'webhook', name: '某客户端', url: hooks.url(flakyPath), secret: HOOK_SECRET }).expect(201)).body.id;
      hooks.answer(flakyPath, 502, 502, 502, 502, 502);
      const fd = (await publish(id, [flaky]).expect(200)).body.deliveries[0];
      const gaveUp = await driveOutbox(t(), fd.id, finished);
      expect(gaveUp).toMatchObject({ status: 'failed', attempts: 4, officeRetryable: true });
      expect(gaveUp.lastError).toMatch(/^已尝试4次仍失败：接收方拒绝：HTTP 502/);
      await t().http().post(`/api/deliveries/${fd.id}/retry`).set(office.headers).send({}).expect(200);
      expect(await driveOutbox(t(), fd.id, finished)).toMatchObject({ status: 'published', attempts: 6 });

      // A channel the office switched off takes no new publish.
      await t().http().put(`/api/publication/channels/${reject}`).set(office.headers).send({ enabled: false }).expect(200);
      const r3 = await closedMonthlyRound(t(), month());
      const off = await publish(await newBulletin(t(), office, r3.roundId), [reject]);
      expect([off.status, off.body.error.code]).toEqual([409, 'INVALID_STATE']);

      // WeChat refuses the article after the submit: failed with fail_idx, and the office cannot resend it from here.
      const r2 = await closedMonthlyRound(t(), month());
      const id2 = await newBulletin(t(), office, r2.roundId);
      wx.failNextPublish(4, [1]);
      const d = (await publish(id2, [oaChannel]).expect(200)).body.deliveries[0];
      const refused = await driveOutbox(t(), d.id, finished);
      expect(refused).toMatchObject({ status: 'failed', officeRetryable: false });
      expect(refused.lastError).toContain('fail_idx=[1]');
      const retry = await t().http().post(`/api/deliveries/${d.id}/retry`).set(office.headers).send({});
      expect([retry.status, retry.body.error.code]).toEqual([409, 'INVALID_STATE']);
    });

    it('never submits again when the answer of a submit was lost', async () => {
      const r = await closedMonthlyRound(t(), month());
      const id = await newBulletin(t(), office, r.roundId);
      const d = (await publish(id, [oaChannel]).expect(200)).body.deliveries[0];
      // As a crash right after sending freepublish/submit leaves it: the draft made, the submit begun.
      const m = t().services.db.manager;
      await m.update(DeliveryEntity, { id: d.id }, { state: JSON.stringify({ images: {}, thumbMediaId: 'mat-x', draftMediaId: 'draft-x', submitting: true }) });
      const submits = callsOf(SUBMIT).length;
      const failed = await driveOutbox(t(), d.id, finished);
      expect(failed).toMatchObject({ status: 'failed', officeRetryable: false });
      expect(failed.lastError).toContain('无法确认文章是否已发布');
      expect(callsOf(SUBMIT).length).toBe(submits);
      expect((await t().http().post(`/api/deliveries/${d.id}/retry`).set(office.headers).send({})).status).toBe(409);
    });

    it('lets exactly one of two workers claim a due delivery', async () => {
      const r = await closedMonthlyRound(t(), month());
      const id = await newBulletin(t(), office, r.roundId);
      const d = (await publish(id, [tvChannel]).expect(200)).body.deliveries[0];
      const { OutboxWorker } = await import('../src/modules/publication/outbox-worker');
      const other = new OutboxWorker(t().services, undefined as never);
      const claims = await Promise.all([t().app.outbox.claim(d.id), other.claim(d.id), t().app.outbox.claim(d.id), other.claim(d.id)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      // Let the lease go and finish it, so the suite leaves nothing behind.
      await t().services.db.manager.update(DeliveryEntity, { id: d.id }, { lockedUntil: null, lockOwner: null });
      expect(await driveOutbox(t(), d.id, finished)).toMatchObject({ status: 'published' });
    });
  },
  { env },
);
