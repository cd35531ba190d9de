import { AuditLogEntity, QuotaCounterEntity, ReportEntity } from '../src/db/entities';
import { DRAFT, newDraft, type Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';

describeEachDatabase('report lifecycle', (t) => {
  let reporter: Session, head: Session, office: Session, otherReporter: Session, otherHead: Session, publicUser: Session;
  beforeAll(async () => {
    [reporter, head, office, otherReporter, otherHead, publicUser] = await Promise.all(
      ['demo-reporter', 'demo-unithead', 'demo-office', 'demo-reporter-cgj', 'demo-unithead-cgj', 'demo-public'].map((o) => t().login(o)),
    );
  });
  beforeEach(() => t().setNow('2026-11-10T10:00:00+08:00'));
  const post = (who: Session, path: string, body: object = {}) => t().http().post(path).set(who.headers).send(body);
  const report = (id: number) => t().services.db.manager.getRepository(ReportEntity).findOneByOrFail({ id });
  const audits = (id: number) => t().services.db.manager.getRepository(AuditLogEntity).find({ where: { entityType: 'report', entityId: String(id) }, order: { seq: 'ASC' } });

  it('goes draft → submitted → signed off → received, audited at every step', async () => {
    const id = await newDraft(t(), reporter);
    const submitted = await post(reporter, `/api/reports/${id}/submit`, { month: '2026-11' }).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', month: '2026-11', quotaSlot: 1, contentCheck: 'skipped', unit: { code: 'XCB' } });
    expect((await post(office, `/api/reports/${id}/receive`)).body.error.code).toBe('INVALID_STATE');
    await post(head, `/api/reports/${id}/sign-off`).expect(200);
    const inbox = await t().http().get('/api/reports?scope=inbox&status=signedOff').set(office.headers).expect(200);
    expect(inbox.body.items.map((r: { id: number }) => r.id)).toContain(id);
    const received = await post(office, `/api/reports/${id}/receive`).expect(200);
    expect(received.body).toMatchObject({ status: 'received', signedOffAt: expect.any(String), receivedAt: expect.any(String) });
    expect((await audits(id)).map((a) => a.action)).toEqual(['report.create', 'report.submit', 'report.signOff', 'report.receive']);
  });

  it('is editable only as a draft or when returned, and only by its author', async () => {
    t().setNow('2027-02-10T10:00:00+08:00');
    const id = await newDraft(t(), reporter);
    await t().http().patch(`/api/reports/${id}`).set(reporter.headers).send({ title: '城区背街小巷整治（修改）' }).expect(200);
    expect((await t().http().patch(`/api/reports/${id}`).set(otherReporter.headers).send({ title: 'x' })).status).toBe(404);
    await post(reporter, `/api/reports/${id}/submit`, { month: '2027-02' }).expect(200);
    const locked = await t().http().patch(`/api/reports/${id}`).set(reporter.headers).send({ title: '再改' });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('INVALID_STATE');
    const returned = await post(head, `/api/reports/${id}/return`, { reason: '请补充现场照片' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请补充现场照片' });
    // The mini-program on WeChat saves with PUT (wx.request has no PATCH).
    await t().http().put(`/api/reports/${id}`).set(reporter.headers).send({ summary: DRAFT.summary + '已补充照片。' }).expect(200);
    expect((await report(id)).summary).toContain('已补充照片');
    // Resubmitting in the same month keeps its quota place.
    const again = await post(reporter, `/api/reports/${id}/submit`, { month: '2027-02' }).expect(200);
    expect(again.body).toMatchObject({ status: 'submitted', quotaSlot: 1, returnReason: null });
    await post(reporter, `/api/reports/${id}/withdraw`).expect(200);
  });

  it('lets only the same unit head sign off and return, with a reason', async () => {
    t().setNow('2027-03-10T10:00:00+08:00');
    const id = await newDraft(t(), reporter);
    await post(reporter, `/api/reports/${id}/submit`, { month: '2027-03' }).expect(200);
    expect((await post(otherHead, `/api/reports/${id}/sign-off`)).status).toBe(404);
    expect((await post(head, `/api/reports/${id}/return`, {})).status).toBe(400);
    expect((await post(reporter, `/api/reports/${id}/sign-off`)).status).toBe(403);
    expect((await report(id)).status).toBe('submitted');
    await post(reporter, `/api/reports/${id}/withdraw`).expect(200);
  });

  it('enforces the unit quota: 1, the 2nd and 3rd with a reason, never a 4th', async () => {
    t().setNow('2026-12-05T09:00:00+08:00');
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await newDraft(t(), otherReporter, { ...DRAFT, title: `城管亮点${i + 1}号工作` }));
    await post(otherReporter, `/api/reports/${ids[0]}/submit`, { month: '2026-12' }).expect(200);
    const noReason = await post(otherReporter, `/api/reports/${ids[1]}/submit`, { month: '2026-12' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('QUOTA_REASON_REQUIRED');
    expect((await report(ids[1])).status).toBe('draft');
    await post(otherReporter, `/api/reports/${ids[1]}/submit`, { month: '2026-12', reason: '防汛工作成效突出' }).expect(200);
    await post(otherReporter, `/api/reports/${ids[2]}/submit`, { month: '2026-12', reason: '市级推广' }).expect(200);
    const fourth = await post(otherReporter, `/api/reports/${ids[3]}/submit`, { month: '2026-12', reason: '很重要' });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', message: expect.stringContaining('最多3项') });
    expect((await report(ids[3])).status).toBe('draft');
    const quota = await t().http().get('/api/quota?kind=report').set(otherReporter.headers).expect(200);
    expect(quota.body).toMatchObject({ month: '2026-12', used: 3, free: 1, max: 3 });
    // Withdrawing frees a place.
    await post(otherReporter, `/api/reports/${ids[2]}/withdraw`).expect(200);
    await post(otherReporter, `/api/reports/${ids[3]}/submit`, { month: '2026-12', reason: '很重要' }).expect(200);
  });

  it('says when the cut-off has passed and which month the item now belongs to', async () => {
    t().setNow('2026-11-20T23:59:59+08:00');
    const id = await newDraft(t(), reporter, { ...DRAFT, title: '截止时间测试亮点' });
    t().setNow('2026-11-21T00:00:00+08:00');
    const late = await post(reporter, `/api/reports/${id}/submit`, { month: '2026-11' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('WINDOW_CLOSED');
    expect(late.body.error.details).toEqual({ month: '2026-12', closedMonth: '2026-11' });
    expect(late.body.error.message).toContain('11月20日24时');
    expect((await report(id)).status).toBe('draft');
    const ok = await post(reporter, `/api/reports/${id}/submit`, { month: '2026-12' }).expect(200);
    expect(ok.body.month).toBe('2026-12');
    await post(reporter, `/api/reports/${id}/withdraw`).expect(200);
  });

  it('refuses an incomplete item with the missing fields named', async () => {
    const id = await newDraft(t(), reporter, { title: '短' });
    const res = await post(reporter, `/api/reports/${id}/submit`, { month: '2026-11' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.missing).toEqual(['亮点工作名称（至少4个字）', '亮点简介（至少20个字）', '类别']);
  });

  it('hides items from outsiders: 404 for another unit, 403 for the wrong role', async () => {
    const id = await newDraft(t(), reporter);
    for (const who of [otherReporter, otherHead, publicUser, office]) {
      expect((await t().http().get(`/api/reports/${id}`).set(who.headers)).status).toBe(404);
    }
    expect((await t().http().post('/api/reports').set(publicUser.headers).send(DRAFT)).status).toBe(403);
    expect((await t().http().get('/api/reports?scope=inbox').set(reporter.headers)).status).toBe(403);
  });
});

describeEachDatabase('group leader recommendations', (t) => {
  it('go straight to the office, at most 5 a month, each with a reason', async () => {
    t().setNow('2026-11-03T09:00:00+08:00');
    const leader = await t().login('demo-leader');
    const office = await t().login('demo-office');
    const units = (await t().http().get('/api/units').set(leader.headers)).body.items;
    const noReason = await newDraft(t(), leader, { ...DRAFT, unitId: units[1].id }, '/api/recommendations');
    const missing = await t().http().post(`/api/reports/${noReason}/submit`).set(leader.headers).send({ month: '2026-11' });
    expect(missing.body.error.details.missing).toEqual(['推荐理由']);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await newDraft(t(), leader, { ...DRAFT, title: `领导推荐第${i + 1}项`, reason: '群众反映好，成效明显', unitId: units[i].id }, '/api/recommendations'));
    }
    for (const id of ids.slice(0, 5)) await t().http().post(`/api/reports/${id}/submit`).set(leader.headers).send({ month: '2026-11' }).expect(200);
    const sixth = await t().http().post(`/api/reports/${ids[5]}/submit`).set(leader.headers).send({ month: '2026-11' });
    expect(sixth.body.error.code).toBe('QUOTA_EXCEEDED');
    const rec = await t().http().post(`/api/reports/${ids[0]}/receive`).set(office.headers).send({}).expect(200);
    expect(rec.body).toMatchObject({ kind: 'recommendation', status: 'received', unit: { id: units[0].id } });
    const inbox = await t().http().get('/api/reports?scope=inbox&kind=recommendation').set(office.headers).expect(200);
    expect(inbox.body.total).toBe(5);
  });
});

describeEachDatabase('parallel submissions of one unit', (t) => {
  it('never pass the quota of 3', async () => {
    t().setNow('2027-01-10T09:00:00+08:00');
    const reporter = await t().login('demo-reporter-czx');
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await newDraft(t(), reporter, { ...DRAFT, title: `并发提交第${i + 1}项`, reason: '并发测试理由' }));
    const results = await Promise.all(ids.map((id) => t().http().post(`/api/reports/${id}/submit`).set(reporter.headers).send({ month: '2027-01' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'QUOTA_EXCEEDED')).toBe(true);
    const m = t().services.db.manager;
    expect(await m.getRepository(ReportEntity).countBy({ month: '2027-01', status: 'submitted' })).toBe(3);
    const counter = await m.getRepository(QuotaCounterEntity).findOneByOrFail({ month: '2027-01' });
    expect(counter.used).toBe(3);
    // The same item submitted twice at once counts once.
    const again = await Promise.all([1, 2].map(() => t().http().post(`/api/reports/${ids.find((_, i) => results[i].status === 409)}/submit`).set(reporter.headers).send({ month: '2027-01' })));
    expect(again.map((r) => [r.status, r.body.error?.code])).toEqual([[409, 'QUOTA_EXCEEDED'], [409, 'QUOTA_EXCEEDED']]);
    expect((await m.getRepository(QuotaCounterEntity).findOneByOrFail({ month: '2027-01' })).used).toBe(3);
  });
});
