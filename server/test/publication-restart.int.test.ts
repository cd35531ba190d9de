/**
 * The outbox across a server restart: a publish is submitted to WeChat and still "publishing" when
 * the server stops; a new server on the same database finishes it without a second draft or submit.
 * The outbox runs as in production here (its own loop, woken by the publish), not step by step.
 */
import { DeliveryEntity } from '../src/db/entities';
import { mysqlServerUrl } from '../../tests/support/services';
import { MINI_PROGRAM, OFFICIAL_ACCOUNT, startWechatServer, type WechatServer } from '../../tests/support/wechat-server';
import { closedMonthlyRound, newBulletin } from './support/publication';
import { startTestApp, type TestApp } from './support/test-app';

const SUBMIT = '/cgi-bin/freepublish/submit';
const DRAFT_ADD = '/cgi-bin/draft/add';

let wx: WechatServer;
beforeAll(async () => {
  wx = await startWechatServer({ apps: [MINI_PROGRAM, OFFICIAL_ACCOUNT] });
});
afterAll(() => wx.close());

const env = () => ({
  WECHAT_API_BASE: wx.baseUrl,
  OUTBOX_POLL_MS: '20',
  OUTBOX_BACKOFF_BASE_MS: '20',
  OUTBOX_BACKOFF_CAP_MS: '100',
  OUTBOX_PUBLISH_POLL_MS: '10',
});

async function until(t: TestApp, id: number, what: string, ok: (d: DeliveryEntity) => boolean, ms = 15_000): Promise<DeliveryEntity> {
  const end = Date.now() + ms;
  for (;;) {
    const d = await t.services.db.manager.getRepository(DeliveryEntity).findOneByOrFail({ id });
    if (ok(d)) return d;
    if (Date.now() > end) throw new Error(`delivery ${id} never ${what}: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const kind of ['sqlite', 'mysql'] as const) {
  const d = kind === 'mysql' && !mysqlServerUrl ? describe.skip : describe;
  d(`the publication outbox across a restart [${kind}]`, () => {
    it('resumes a submitted publish on the new server: no second draft, no second submit', async () => {
      wx.setPublishingPolls(1_000_000);
      const first = await startTestApp(kind, { env, keepDatabase: true });
      let second: Awaited<ReturnType<typeof startTestApp>> | undefined;
      try {
        const a = first.app;
        const office = await a.login('demo-office');
        const channel = (
          await a.http().post('/api/publication/channels').set(office.headers).send({ kind: 'officialAccount', name: '县融媒体公众号', appId: OFFICIAL_ACCOUNT.appId, secret: OFFICIAL_ACCOUNT.secret }).expect(201)
        ).body.id;
        const r = await closedMonthlyRound(a, kind === 'sqlite' ? '2050-01' : '2051-01', { photos: 1 });
        const bulletin = await newBulletin(a, office, r.roundId);
        const drafts = wx.calls(DRAFT_ADD).length;
        const submits = wx.calls(SUBMIT).length;
        a.app.outbox.start();
        const delivery = (await a.http().post(`/api/bulletins/${bulletin}/publish`).set(office.headers).send({ channelIds: [channel] }).expect(200)).body.deliveries[0].id as number;

        // Submitted, WeChat still publishing: the publish_id is saved, the delivery is working.
        const mid = await until(a, delivery, 'submitted', (x) => x.publishId !== null && (JSON.parse(x.state!).polls ?? 0) >= 1);
        expect(mid.status).toBe('working');
        expect(wx.calls(SUBMIT).length - submits).toBe(1);
        await first.stop();
        const stopped = await (async () => {
          second = await startTestApp(kind, { env, database: { url: a.databaseUrl, dataDir: a.dataDir } });
          return second.app.services.db.manager.getRepository(DeliveryEntity).findOneByOrFail({ id: delivery });
        })();
        // A clean stop released the lease: nothing in the row ties it to the old process.
        expect(stopped).toMatchObject({ status: 'working', lockOwner: null, lockedUntil: null });

        // As a crash would leave it: a lease of a dead process. The new server leaves it alone until it runs out.
        const b = second!.app;
        await b.services.db.manager.update(DeliveryEntity, { id: delivery }, { lockOwner: 'dead-host:1:x', lockedUntil: Date.now() + 400 });
        expect(await b.app.outbox.runOnce()).toBe(0);

        wx.endPublishing();
        wx.setPublishingPolls(1);
        b.app.outbox.start();
        const done = await until(b, delivery, 'published', (x) => x.status === 'published');
        expect(done.articleUrl).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
        expect(done.attempts).toBe(1);
        expect(wx.calls(DRAFT_ADD).length - drafts).toBe(1);
        expect(wx.calls(SUBMIT).length - submits).toBe(1);
        const office2 = await b.login('demo-office');
        const view = (await b.http().get(`/api/bulletins/${bulletin}/deliveries`).set(office2.headers).expect(200)).body.items[0];
        expect(view).toMatchObject({ status: 'published', articleUrl: done.articleUrl });
      } finally {
        if (second) await second.stop();
        else await first.stop();
      }
    });
  });
}
