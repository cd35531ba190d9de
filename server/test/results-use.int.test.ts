/**
 * The use of results (issue 7, domain.md step 9): Excel exports re-read with exceljs, cadre files
 * written when a round closes, and subscribe-message reminders against the WeChat-compatible test
 * server, on SQLite and MariaDB.
 */
import ExcelJS from 'exceljs';
import { ReminderLogEntity, ReportEntity, UnitEntity } from '../src/db/entities';
import { MINI_PROGRAM, OFFICIAL_ACCOUNT, startWechatServer, type WechatServer } from '../../tests/support/wechat-server';
import { closedMonthlyRound } from './support/publication';
import type { Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';
import { cadreFileSchema, reminderRunResultSchema, subscriptionsSchema } from '@liangdian/shared';

const SEND = '/cgi-bin/message/subscribe/send';

let wx: WechatServer;
beforeAll(async () => {
  wx = await startWechatServer({ apps: [MINI_PROGRAM, OFFICIAL_ACCOUNT] });
});
afterAll(() => wx.close());

const env = () => ({
  WECHAT_APPID: MINI_PROGRAM.appId,
  WECHAT_SECRET: MINI_PROGRAM.secret,
  WECHAT_API_BASE: wx.baseUrl,
  WECHAT_TEMPLATE_DEADLINE: 'tpl-deadline',
  WECHAT_TEMPLATE_RESULT: 'tpl-result',
});

// supertest's parser gets the response stream; its type names a superagent Response instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function sheetOf(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
const cell = (ws: ExcelJS.Worksheet, r: number, c: number) => ws.getCell(r, c).value;

describeEachDatabase(
  'results in use: exports, cadre files, reminders',
  (t) => {
    let office: Session, leader: Session, reporter: Session, other: Session;
    const base = () => (t().kind === 'sqlite' ? 2060 : 2061);
    beforeAll(async () => {
      office = await t().login('demo-office');
      leader = await t().login('demo-leader');
      reporter = await t().login('demo-reporter');
      other = await t().login('demo-reporter-cgj');
    });

    it('exports the month\'s ledger, a round\'s results with explanations and the year\'s assessment', async () => {
      t().setNow(null);
      const month = `${base()}-02`;
      const r = await closedMonthlyRound(t(), month);
      const ledger = await t().http().get(`/api/exports/ledger.xlsx?month=${month}`).set(office.headers).buffer(true).parse(binary).expect(200);
      expect(ledger.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(ledger.headers['content-disposition']).toMatch(/^attachment/);
      const lws = await sheetOf(ledger.body);
      expect(String(cell(lws, 1, 1))).toContain('亮点工作台账');
      const ledgerText = JSON.stringify(lws.getSheetValues());
      const titles = (await t().http().get(`/api/rounds/${r.roundId}/result`).set(office.headers).expect(200)).body.rows.map((x: { title: string }) => x.title);
      for (const title of titles) expect(ledgerText).toContain(title);

      const round = await t().http().get(`/api/exports/rounds/${r.roundId}.xlsx`).set(leader.headers).buffer(true).parse(binary).expect(200);
      const rws = await sheetOf(round.body);
      expect(cell(rws, 2, 4)).toBe('得票');
      expect([cell(rws, 3, 1), cell(rws, 3, 2), cell(rws, 3, 4), cell(rws, 3, 5)]).toEqual([1, titles[0], 3, '入选']);
      expect(String(cell(rws, 3, 6))).toContain('领导小组投票得3票，排第1名');
      expect(cell(rws, 5, 5)).toBe('未入选');

      // An open round has no result yet; a reporter may not see rankings.
      const open = await closedMonthlyRound(t(), `${base()}-03`, { close: false });
      const refused = await t().http().get(`/api/exports/rounds/${open.roundId}.xlsx`).set(office.headers);
      expect([refused.status, refused.body.error.code]).toEqual([409, 'INVALID_STATE']);
      const forbidden = await t().http().get(`/api/exports/rounds/${r.roundId}.xlsx`).set(reporter.headers);
      expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN']);
      expect((await t().http().get(`/api/exports/ledger.xlsx?month=${month}`).set(leader.headers)).status).toBe(403);

      const year = await t().http().get(`/api/exports/assessment.xlsx?year=${base()}`).set(leader.headers).buffer(true).parse(binary).expect(200);
      const aws = await sheetOf(year.body);
      expect(String(cell(aws, 1, 1))).toBe(`${base()}年度单位亮点工作量化考核`);
      // 宣传部 had both selected works of the year: first, with the full monthly 10 points.
      expect([cell(aws, 3, 1), cell(aws, 3, 2), cell(aws, 3, 11), cell(aws, 3, 15)]).toEqual([1, '宣传部', 2, 10]);
      expect(String(cell(aws, 3, 16))).toContain('月度亮点工作2项');
      expect((await t().http().get(`/api/exports/assessment.xlsx?year=${base()}`).set(reporter.headers)).status).toBe(403);
      expect((await t().http().get(`/api/exports/assessment.xlsx?year=20x1`).set(office.headers)).status).toBe(400);
    });

    it('records the selected works in their authors\' cadre files when a round closes', async () => {
      t().setNow(null);
      const month = `${base()}-04`;
      const before = (await t().http().get('/api/me/cadre-file').set(reporter.headers).expect(200)).body.records.length;
      const r = await closedMonthlyRound(t(), month);
      const mine = cadreFileSchema.parse((await t().http().get('/api/me/cadre-file').set(reporter.headers).expect(200)).body);
      expect(mine.user).toMatchObject({ id: reporter.userId, name: '李明', unitName: '宣传部' });
      const added = mine.records.filter((x: { period: string }) => x.period === month);
      expect(mine.records.length - before).toBe(2);
      expect(added.map((x) => [x.entryId, x.level, x.rank, x.roundId]).sort()).toEqual(
        [
          [r.entryIds[0], 'monthly', 1, r.roundId],
          [r.entryIds[1], 'monthly', 2, r.roundId],
        ].sort(),
      );
      expect(added[0]).toMatchObject({ periodLabel: `${base()}年4月份`, unitName: '宣传部', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      const byOffice = (await t().http().get(`/api/users/${reporter.userId}/cadre-file`).set(office.headers).expect(200)).body;
      expect(byOffice.records).toEqual(mine.records);
      expect(byOffice.counts.monthly).toBe(mine.records.filter((x: { level: string }) => x.level === 'monthly').length);
      const peek = await t().http().get(`/api/users/${reporter.userId}/cadre-file`).set(other.headers);
      expect([peek.status, peek.body.error.code]).toEqual([403, 'FORBIDDEN']);
      // Another cadre's file does not hold them.
      expect((await t().http().get('/api/me/cadre-file').set(other.headers).expect(200)).body.records.filter((x: { period: string }) => x.period === month)).toEqual([]);
    });

    it('reminds subscribed reporters of units that have not reported, once; a refusal is recorded and not retried', async () => {
      const month = `${base()}-06`;
      const m = t().services.db.manager;
      // 宣传部 has reported this month; 城管局 and 常庄乡 have not.
      const xcb = await m.getRepository(UnitEntity).findOneByOrFail({ code: 'XCB' });
      await m.insert(ReportEntity, { kind: 'report', unitId: xcb.id, authorId: reporter.userId, month, title: '已申报的事项', summary: '本月已申报。', category: 'tenFields', status: 'submitted' });
      const czx = await t().login('demo-reporter-czx');
      for (const who of [reporter, other, czx]) {
        await t().http().post('/api/me/subscriptions').set(who.headers).send({ kind: 'deadline', templateId: 'tpl-deadline', accepted: true }).expect(200);
      }
      const subs = subscriptionsSchema.parse((await t().http().get('/api/me/subscriptions').set(other.headers).expect(200)).body).items;
      expect(subs).toEqual([
        { kind: 'deadline', templateId: 'tpl-deadline', credits: 1, refused: false },
        { kind: 'result', templateId: 'tpl-result', credits: 0, refused: false },
      ]);
      wx.refuseSubscription('demo-reporter-czx');
      const mine = () => wx.calls(SEND).filter((c) => c.body?.template_id === 'tpl-deadline' && String(c.body?.data?.thing1?.value).startsWith(`${base()}年6月份`));

      // Three days before the 20th: 城管局's reporter gets one message, 常庄乡's refuses (43101).
      t().setNow(`${month}-17T09:00:00+08:00`);
      const first = reminderRunResultSchema.parse((await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body);
      const deadline = first.items.filter((i: { kind: string; period: string }) => i.kind === 'deadline' && i.period === month);
      expect(deadline.map((i: { userId: number; ref: number; outcome: string }) => [i.userId, i.ref, i.outcome]).sort()).toEqual(
        [
          [other.userId, 3, 'sent'],
          [czx.userId, 3, 'refused'],
        ].sort(),
      );
      expect(mine().filter((c) => !c.answer.errcode).map((c) => c.body.touser)).toEqual(['demo-reporter-cgj']);
      expect(mine().find((c) => c.body.touser === 'demo-reporter-cgj')!.body.data.thing3.value).toBe('3天后截止，本单位尚未申报');
      const log = await m.getRepository(ReminderLogEntity).findOneByOrFail({ userId: czx.userId, kind: 'deadline', period: month });
      expect(log.outcome).toBe('refused');

      // The same pass again sends nothing twice, and does not retry the refusal.
      const calls = mine().length;
      const again = (await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body;
      expect(again.items.filter((i: { kind: string; period: string }) => i.kind === 'deadline' && i.period === month)).toEqual([]);
      expect(mine().length).toBe(calls);
      expect((await t().http().get('/api/me/subscriptions').set(czx.headers).expect(200)).body.items[0]).toMatchObject({ credits: 0, refused: true });

      // One day before: the credit was used, so 城管局's reporter is skipped until they subscribe again.
      t().setNow(`${month}-19T09:00:00+08:00`);
      const noCredit = (await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body;
      expect(noCredit.items.find((i: { userId: number; period: string }) => i.userId === other.userId && i.period === month)).toMatchObject({ ref: 1, outcome: 'skipped' });
      await t().http().post('/api/me/subscriptions').set(other.headers).send({ kind: 'deadline', accepted: true }).expect(200);
      const last = (await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body;
      expect(last.items.find((i: { userId: number; period: string }) => i.userId === other.userId && i.period === month)).toMatchObject({ ref: 1, outcome: 'sent' });
      expect(mine().filter((c) => !c.answer.errcode && c.body.touser === 'demo-reporter-cgj')).toHaveLength(2);
      t().setNow(null);
    });

    it('sends result notices to the selected units after a round closes, once', async () => {
      t().setNow(null);
      const headCgj = await t().login('demo-unithead-cgj');
      await t().http().post('/api/me/subscriptions').set(headCgj.headers).send({ kind: 'result', accepted: true }).expect(200);
      const r = await closedMonthlyRound(t(), `${base()}-08`, { author: 'demo-reporter-cgj', unitCode: 'CGJ' });
      const run = (await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body;
      const notices = run.items.filter((i: { kind: string; ref: number }) => i.kind === 'result' && i.ref === r.roundId);
      expect(notices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ userId: headCgj.userId, outcome: 'sent' }),
          // 城管局's reporter has no result subscription.
          expect.objectContaining({ userId: other.userId, outcome: 'skipped' }),
        ]),
      );
      const sent = wx.calls(SEND).filter((c) => c.body?.template_id === 'tpl-result' && c.body.touser === 'demo-unithead-cgj' && !c.answer.errcode);
      expect(sent.at(-1)!.body.data.thing2.value).toBe('本单位2项入选');
      const count = sent.length;
      const again = (await t().http().post('/api/reminders/run').set(office.headers).send({}).expect(200)).body;
      expect(again.items.filter((i: { kind: string; ref: number; userId: number }) => i.kind === 'result' && i.ref === r.roundId && i.userId === headCgj.userId)).toEqual([]);
      expect(wx.calls(SEND).filter((c) => c.body?.template_id === 'tpl-result' && c.body.touser === 'demo-unithead-cgj' && !c.answer.errcode)).toHaveLength(count);
    });
  },
  { env },
);
