import { AuditLogEntity, BallotEntity, LedgerEntryEntity, RoleGrantEntity, RoundEntryEntity } from '../src/db/entities';
import type { Session } from './support/reports';
import { describeEachDatabase, type TestApp } from './support/test-app';

/** A month's catalog: entries that passed on-site verification (set up directly; the ledger suite covers how they get there). */
async function catalog(t: TestApp, month: string, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { identifiers } = await t.services.db.manager.insert(LedgerEntryEntity, {
      month,
      title: `${month}亮点事项${i + 1}`,
      summary: '经现场核查属实的亮点工作。',
      unitId: null,
      category: 'tenFields',
      status: 'passed',
      inspectorId: null,
    });
    ids.push(identifiers[0].id);
  }
  return ids;
}

describeEachDatabase('the monthly vote', (t) => {
  let office: Session, members: Session[], reporter: Session;
  beforeAll(async () => {
    office = await t().login('demo-office');
    reporter = await t().login('demo-reporter');
    members = [await t().login('demo-leader')];
    for (const o of ['lg-member-2', 'lg-member-3']) {
      const s = await t().login(o);
      await t().services.db.manager.insert(RoleGrantEntity, { userId: s.userId, role: 'leadingGroup' });
      members.push(s);
    }
  });
  const open = (month: string, selectCount: number, endsAt = '2027-06-30T18:00:00+08:00') =>
    t().http().post('/api/rounds').set(office.headers).send({ month, selectCount, endsAt });
  const vote = (who: Session, id: number, entryIds: number[]) => t().http().put(`/api/rounds/${id}/ballot`).set(who.headers).send({ entryIds });

  it('opens over the catalog, takes ballots (changeable), closes and publishes the month\'s highlights', async () => {
    t().setNow('2027-03-25T09:00:00+08:00');
    const [a, b, c, d] = await catalog(t(), '2027-03', 4);
    const round = (await open('2027-03', 2).expect(201)).body;
    expect(round).toMatchObject({ status: 'open', selectCount: 2, members: 5, ballots: 0 });
    expect(round.entries.map((e: { id: number }) => e.id)).toEqual([a, b, c, d]);
    expect((await open('2027-03', 2)).body.error.code).toBe('CONFLICT');

    await vote(members[0], round.id, [a, c]).expect(200);
    await vote(members[1], round.id, [a, b]).expect(200);
    await vote(members[2], round.id, [b]).expect(200);
    const changed = await vote(members[2], round.id, [b, a]).expect(200);
    expect(changed.body.myBallot).toEqual([a, b]);
    expect(await t().services.db.manager.getRepository(BallotEntity).countBy({ roundId: round.id })).toBe(3);
    expect((await t().http().get(`/api/rounds/${round.id}/result`).set(office.headers)).status).toBe(409);

    const result = (await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200)).body;
    expect(result.tie).toBeNull();
    expect(result.rows.map((r: { entryId: number; votes: number; rank: number; selected: boolean }) => [r.entryId, r.votes, r.rank, r.selected])).toEqual([
      [a, 3, 1, true],
      [b, 2, 2, true],
      [c, 1, 3, false],
      [d, 0, 4, false],
    ]);
    expect(result.round.status).toBe('closed');
    const highlights = (await t().http().get('/api/highlights?month=2027-03').set(reporter.headers).expect(200)).body;
    expect(highlights).toMatchObject({ month: '2027-03', roundId: round.id });
    expect(highlights.items.map((i: { entryId: number }) => i.entryId)).toEqual([a, b]);
  });

  it('hands a tie at the cut-off to the office, which decides with a recorded reason', async () => {
    t().setNow('2027-04-25T09:00:00+08:00');
    const [a, b, c] = await catalog(t(), '2027-04', 3);
    const round = (await open('2027-04', 2).expect(201)).body;
    await vote(members[0], round.id, [a, b]).expect(200);
    await vote(members[1], round.id, [a, c]).expect(200);
    const closed = (await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200)).body;
    expect(closed.round.status).toBe('tie');
    expect(closed.tie).toEqual({ entryIds: [b, c], seats: 1 });
    expect((await t().http().get('/api/highlights?month=2027-04').set(reporter.headers).expect(200)).body.items).toEqual([]);
    const wrong = await t().http().post(`/api/rounds/${round.id}/decide`).set(office.headers).send({ entryIds: [b, c], reason: '都选' });
    expect(wrong.status).toBe(400);
    const decided = (await t().http().post(`/api/rounds/${round.id}/decide`).set(office.headers).send({ entryIds: [c], reason: '现场核查成效更突出' }).expect(200)).body;
    expect(decided.round).toMatchObject({ status: 'closed', decisionReason: '现场核查成效更突出' });
    const highlights = (await t().http().get('/api/highlights?month=2027-04').set(reporter.headers).expect(200)).body;
    expect(highlights.items.map((i: { entryId: number }) => i.entryId)).toEqual([a, c]);
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ action: 'round.decide', entityId: String(round.id) });
    expect(JSON.parse(audit[0].data)).toEqual({ chosen: [c], reason: '现场核查成效更突出' });
  });

  it('refuses bad ballots and changes nothing', async () => {
    t().setNow('2027-05-25T09:00:00+08:00');
    const [a, b, c] = await catalog(t(), '2027-05', 3);
    const [other] = await catalog(t(), '2027-06', 1);
    const round = (await open('2027-05', 2, '2027-05-28T18:00:00+08:00').expect(201)).body;
    const ballots = () => t().services.db.manager.getRepository(BallotEntity).countBy({ roundId: round.id });
    expect((await vote(office, round.id, [a])).status).toBe(403);
    expect((await vote(reporter, round.id, [a])).status).toBe(403);
    expect((await vote(members[0], round.id, [a, b, c])).body.error.code).toBe('VALIDATION_FAILED');
    expect((await vote(members[0], round.id, [a, other])).body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { entryIds: [other] } });
    expect((await vote(members[0], round.id, [a, a])).status).toBe(400);
    t().setNow('2027-05-28T18:00:01+08:00');
    expect((await vote(members[0], round.id, [a])).body.error.code).toBe('INVALID_STATE');
    expect(await ballots()).toBe(0);
    t().setNow('2027-05-27T09:00:00+08:00');
    await vote(members[0], round.id, [a]).expect(200);
    await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200);
    expect((await vote(members[1], round.id, [b])).body.error.code).toBe('INVALID_STATE');
    expect((await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({})).body.error.code).toBe('INVALID_STATE');
    expect(await ballots()).toBe(1);
    const rows = await t().services.db.manager.getRepository(RoundEntryEntity).findBy({ roundId: round.id, selected: true });
    expect(rows.map((r) => r.entryId)).toEqual([a]);
  });

  it('will not open without a catalog or with a past end time', async () => {
    t().setNow('2027-07-25T09:00:00+08:00');
    expect((await open('2027-07', 20, '2027-08-01T00:00:00+08:00')).body.error.code).toBe('INVALID_STATE');
    await catalog(t(), '2027-07', 1);
    expect((await open('2027-07', 20, '2027-07-01T00:00:00+08:00')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await t().http().post('/api/rounds').set(reporter.headers).send({ month: '2027-07', endsAt: '2027-08-01T00:00:00+08:00' })).status).toBe(403);
  });
});
