import request from 'supertest';
import { createApp } from '../src/app';
import exifr from 'exifr';
import { AuditLogEntity, LedgerEntryEntity, LedgerSourceEntity, RoleGrantEntity } from '../src/db/entities';
import { cameraJpeg } from './fixtures/evidence-images';
import { DRAFT, newDraft, type Session } from './support/reports';
import { describeEachDatabase, type TestApp } from './support/test-app';

/** Takes an item from draft to received (entering the ledger) in the month `now` falls in. */
async function receive(t: TestApp, who: { reporter: Session; head?: Session; office: Session }, body: object, path = '/api/reports') {
  const id = await newDraft(t, who.reporter, body, path);
  const month = (await t.http().get(`/api/quota?kind=${path.endsWith('recommendations') ? 'recommendation' : 'report'}`).set(who.reporter.headers)).body.month;
  await t.http().post(`/api/reports/${id}/submit`).set(who.reporter.headers).send({ month, reason: '理由充分' }).expect(200);
  if (who.head) await t.http().post(`/api/reports/${id}/sign-off`).set(who.head.headers).send({}).expect(200);
  await t.http().post(`/api/reports/${id}/receive`).set(who.office.headers).send({}).expect(200);
  return id;
}

// Works unlike the demo data's August 2018 works (which are in the ledger too).
const TOILETS = { title: '农村户厕改造全面完成年度任务', summary: '全县完成农村户厕改造3200户，建立粪污收集转运体系，配备抽粪车12台，群众满意率达到96%以上。', category: 'tenFields' };
const TOILETS_REWORDED = { title: '农村厕所改造超额完成全年任务', summary: '今年完成农村户厕改造3200余户，同步建立粪污收集转运体系，配备抽粪车12台，群众满意率超过96%。', category: 'tenFields' };

describeEachDatabase('the ledger', (t) => {
  let reporter: Session, head: Session, office: Session, leader: Session, otherReporter: Session, otherHead: Session;
  beforeAll(async () => {
    [reporter, head, office, leader, otherReporter, otherHead] = await Promise.all(
      ['demo-reporter', 'demo-unithead', 'demo-office', 'demo-leader', 'demo-reporter-cgj', 'demo-unithead-cgj'].map((o) => t().login(o)),
    );
  });
  const get = (path: string) => t().http().get(path).set(office.headers);
  const entryOf = async (reportId: number) => (await t().services.db.manager.getRepository(LedgerSourceEntity).findOneByOrFail({ reportId })).entryId;

  it('enters every received item; a leader recommending the same work is suggested and merged with a reason', async () => {
    t().setNow('2026-11-05T10:00:00+08:00');
    const reportId = await receive(t(), { reporter, head, office }, TOILETS);
    const recId = await receive(t(), { reporter: leader, office }, { ...TOILETS_REWORDED, reason: '成效突出，群众认可' }, '/api/recommendations');
    const [a, b] = [await entryOf(reportId), await entryOf(recId)];
    expect(a).not.toBe(b);
    const entry = (await get(`/api/ledger/${b}`).expect(200)).body;
    expect(entry.duplicates[0]).toMatchObject({ entryId: a, month: '2026-11' });
    expect(entry.duplicates[0].score).toBeGreaterThan(0.3);

    // A second server process (its own in-memory index) sees the pair too, then sees the merge.
    const other = createApp(t().services);
    const viaOther = () => request(other.koa.callback()).get(`/api/ledger/${a}`).set(office.headers);
    expect((await viaOther().expect(200)).body.duplicates.map((d: { entryId: number }) => d.entryId)).toContain(b);

    const merged = await t().http().post(`/api/ledger/${b}/merge`).set(office.headers).send({ intoEntryId: a, reason: '同一项防汛工作' }).expect(200);
    expect(merged.body.sources.map((s: { reportId: number; link: string }) => [s.reportId, s.link])).toEqual([[reportId, 'new'], [recId, 'merged']]);
    expect(merged.body.sources[1].reason).toBe('同一项防汛工作');
    expect((await get(`/api/ledger/${b}`)).status).toBe(404);
    expect((await viaOther().expect(200)).body.duplicates.map((d: { entryId: number }) => d.entryId)).not.toContain(b);
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ action: 'ledger.merge', entityId: String(a) });
    expect(JSON.parse(audit[0].data)).toEqual({ from: b, reason: '同一项防汛工作' });
    const bySource = await get('/api/ledger?month=2026-11&source=recommendation').expect(200);
    expect(bySource.body.items.map((e: { id: number }) => e.id)).toEqual([a]);
  });

  it('links a work already in an earlier month to that entry instead of entering it again', async () => {
    t().setNow('2026-12-05T10:00:00+08:00');
    const again = await receive(t(), { reporter, head, office }, TOILETS_REWORDED);
    const source = await t().services.db.manager.getRepository(LedgerSourceEntity).findOneByOrFail({ reportId: again });
    expect(source.link).toBe('repeat');
    expect(source.reason).toMatch(/2026-11.*往月已入台账/);
    const decemberEntries = await t().services.db.manager.getRepository(LedgerEntryEntity).countBy({ month: '2026-12' });
    expect(decemberEntries).toBe(0);
  });

  it('keeps different works of one unit apart, and remembers a distinct decision', async () => {
    t().setNow('2027-01-05T10:00:00+08:00');
    const x = await entryOf(await receive(t(), { reporter: otherReporter, head: otherHead, office }, { ...DRAFT, title: '智慧停车系统上线运行', summary: '在城区主要街道施划智慧停车泊位860个，群众通过手机即可查询空余车位并缴费，停车难问题明显缓解。' }));
    const y = await entryOf(await receive(t(), { reporter: otherReporter, head: otherHead, office }, { ...DRAFT, title: '建筑垃圾消纳场建成投用', summary: '新建建筑垃圾消纳场一处，占地50亩，日处理能力800吨，实现建筑垃圾集中消纳和资源化利用。' }));
    expect(x).not.toBe(y);
    const res = await t().http().post(`/api/ledger/${y}/distinct`).set(office.headers).send({ otherEntryId: x, reason: '两项不同工作' }).expect(200);
    expect(res.body.duplicates.map((d: { entryId: number }) => d.entryId)).not.toContain(x);
    await t().http().post(`/api/ledger/${y}/distinct`).set(office.headers).send({ otherEntryId: x, reason: '重复提交' }).expect(200);
  });

  it('verifies on site: the assigned inspector passes or rejects once; passed entries form the catalog', async () => {
    t().setNow('2027-02-05T10:00:00+08:00');
    const e1 = await entryOf(await receive(t(), { reporter, head, office }, { ...DRAFT, title: '县融媒体中心开通网上问政平台', summary: '开通网上问政栏目，本月受理群众留言460条，办结率98%，相关部门负责人在线答复群众关切。' }));
    const e2 = await entryOf(await receive(t(), { reporter: otherReporter, head: otherHead, office }, { ...DRAFT, title: '背街小巷路灯全部亮起来', summary: '对城区背街小巷路灯进行全面检修，新装路灯120盏，群众夜间出行更加方便安全。' }));
    const inspection = { visitedAt: '2027-02-06T09:30:00+08:00', latitude: 38.05, longitude: 117.23, findings: '现场查看资助台账和学生名单，情况属实', verdict: 'pass' };
    // Only the assigned inspector records the visit.
    expect((await t().http().post(`/api/ledger/${e1}/inspection`).set(office.headers).send(inspection)).status).toBe(403);
    expect((await t().http().post(`/api/ledger/${e1}/inspector`).set(office.headers).send({ inspectorId: reporter.userId })).status).toBe(400);
    await t().http().post(`/api/ledger/${e1}/inspector`).set(office.headers).send({ inspectorId: office.userId }).expect(200);
    await t().http().post(`/api/ledger/${e2}/inspector`).set(office.headers).send({ inspectorId: office.userId }).expect(200);
    // Photos taken on site, before the verdict, by the assigned inspector only.
    const photo = await cameraJpeg(800, 600, 'a', { dateTimeOriginal: '2027:02:06 09:20:00', latitude: 38.05, longitude: 117.23 });
    const up = await t()
      .http()
      .post(`/api/ledger/${e1}/photos`)
      .set(office.headers)
      .field('capturedAt', '2027-02-06T09:21:00+08:00')
      .field('latitude', '38.0501')
      .field('longitude', '117.2302')
      .field('source', 'camera')
      .attach('file', photo, 'visit.jpg')
      .expect(201);
    expect(up.body).toMatchObject({ kind: 'photo', mismatch: null, exif: { latitude: expect.any(Number) } });
    const thumb = await t().http().get(up.body.thumbUrl).set(office.headers).buffer(true).expect(200);
    expect(await exifr.gps(thumb.body)).toBeUndefined();
    expect((await t().http().get(up.body.thumbUrl).set(reporter.headers)).status).toBe(404);
    const pdf = await t().http().post(`/api/ledger/${e1}/photos`).set(office.headers).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'a.pdf');
    expect([pdf.status, pdf.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const stranger = await t().login('o-office-2');
    await t().services.db.manager.insert(RoleGrantEntity, { userId: stranger.userId, role: 'office' });
    expect((await t().http().post(`/api/ledger/${e1}/photos`).set(stranger.headers).attach('file', photo, 'x.jpg')).status).toBe(403);

    const passed = await t().http().post(`/api/ledger/${e1}/inspection`).set(office.headers).send(inspection).expect(200);
    expect(passed.body.photos.map((p: { id: number }) => p.id)).toEqual([up.body.id]);
    expect((await t().http().post(`/api/ledger/${e1}/photos`).set(office.headers).attach('file', photo, 'late.jpg')).status).toBe(403);
    expect(passed.body).toMatchObject({ status: 'passed', inspection: { verdict: 'pass', findings: inspection.findings } });
    const second = await t().http().post(`/api/ledger/${e1}/inspection`).set(office.headers).send({ ...inspection, verdict: 'reject', reason: '改判' });
    expect([second.status, second.body.error.code]).toEqual([409, 'CONFLICT']);
    const noReason = await t().http().post(`/api/ledger/${e2}/inspection`).set(office.headers).send({ ...inspection, verdict: 'reject' });
    expect(noReason.status).toBe(400);
    await t().http().post(`/api/ledger/${e2}/inspection`).set(office.headers).send({ ...inspection, verdict: 'reject', reason: '现场未见实际成效' }).expect(200);
    const catalog = await t().http().get('/api/catalog?month=2027-02').set(leader.headers).expect(200);
    expect(catalog.body.items.map((e: { id: number }) => e.id)).toEqual([e1]);
    // A verified entry is no longer merged away.
    const merge = await t().http().post(`/api/ledger/${e2}/merge`).set(office.headers).send({ intoEntryId: e1, reason: '合并' });
    expect(merge.status).toBe(409);
  });

  it("is the office's: others get 403, unknown entries 404", async () => {
    expect((await t().http().get('/api/ledger').set(reporter.headers)).status).toBe(403);
    expect((await t().http().get('/api/catalog?month=2027-02').set(reporter.headers)).status).toBe(403);
    expect((await get('/api/ledger/999999')).status).toBe(404);
  });
});
