import { ReportEntity, UserEntity } from '../src/db/entities';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';
import { DRAFT, newDraft, type Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';

/** Report text goes through WeChat's msg_sec_check v2 before it leaves the author. */
let fake: FakeWechat;
beforeAll(async () => {
  fake = await startFakeWechat({ appId: 'wx-cc', secret: 'cc-secret' });
  fake.setContentVerdict('敏感词', 'risky');
  fake.setContentVerdict('待复核', 'review');
});
afterAll(() => fake.stop());

describeEachDatabase(
  'content check on submission',
  (t) => {
    let reporter: Session;
    beforeAll(async () => {
      // A reporter whose openid WeChat knows (it opened the mini-program).
      await t().services.db.manager.getRepository(UserEntity).update({ openid: 'demo-reporter-cgj' }, { openid: 'o_cgj_reporter' });
      reporter = await t().login('o_cgj_reporter');
    });
    const submit = (id: number, body: object) => t().http().post(`/api/reports/${id}/submit`).set(reporter.headers).send(body);

    it('passes clean text and records the verdict', async () => {
      t().setNow('2026-11-05T10:00:00+08:00');
      const id = await newDraft(t(), reporter);
      const res = await submit(id, { month: '2026-11' }).expect(200);
      expect(res.body.contentCheck).toBe('pass');
      const sent = fake.calls('/wxa/msg_sec_check').at(-1)!;
      expect(sent.body).toMatchObject({ version: 2, openid: 'o_cgj_reporter', scene: 1 });
      expect(sent.body.content).toContain(DRAFT.title);
      expect(sent.query.access_token).toBe(fake.currentToken());
    });

    it('refuses risky text with 422 and changes nothing', async () => {
      t().setNow('2026-12-05T10:00:00+08:00');
      const id = await newDraft(t(), reporter, { ...DRAFT, summary: DRAFT.summary + '这里有敏感词。' });
      const res = await submit(id, { month: '2026-12' });
      expect([res.status, res.body.error.code]).toEqual([422, 'CONTENT_RISKY']);
      expect(res.body.error.message).toMatch(/违规/);
      const row = await t().services.db.manager.getRepository(ReportEntity).findOneByOrFail({ id });
      expect(row).toMatchObject({ status: 'draft', month: null, quotaSlot: null });
      // Its quota place was not taken: a clean item still goes through without a reason.
      const clean = await newDraft(t(), reporter);
      expect((await submit(clean, { month: '2026-12' }).expect(200)).body.quotaSlot).toBe(1);
    });

    it('lets text that needs review through, marked for the office', async () => {
      t().setNow('2027-01-05T10:00:00+08:00');
      const id = await newDraft(t(), reporter, { ...DRAFT, leaderPraise: '县长批示：待复核' });
      expect((await submit(id, { month: '2027-01' }).expect(200)).body.contentCheck).toBe('review');
    });

    it('marks the item when WeChat cannot answer, and never blocks on it', async () => {
      t().setNow('2027-02-05T10:00:00+08:00');
      fake.setDown('html');
      try {
        const id = await newDraft(t(), reporter);
        expect((await submit(id, { month: '2027-02' }).expect(200)).body.contentCheck).toBe('unavailable');
      } finally {
        fake.setDown(null);
      }
    });
  },
  { env: () => ({ WECHAT_APPID: 'wx-cc', WECHAT_SECRET: 'cc-secret', WECHAT_API_BASE: fake.url }) },
);
