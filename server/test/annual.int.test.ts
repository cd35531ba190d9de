import { In } from 'typeorm';
import { LedgerEntryEntity, RoundEntity, RoundEntryEntity } from '../src/db/entities';
import type { Session } from './support/reports';
import { describeEachDatabase, type TestApp } from './support/test-app';

/** Closed quarterly rounds of a year with their selected items (set up directly; the quarterly suite covers how). */
async function quarterlyTop(t: TestApp, year: string, perQuarter: number): Promise<number[]> {
  const m = t.services.db.manager;
  const ids: number[] = [];
  for (let q = 1; q <= 4; q++) {
    const { identifiers: r } = await m.insert(RoundEntity, { kind: 'quarterlyScore', period: `${year}-Q${q}`, title: `Q${q}`, selectCount: perQuarter, status: 'closed', endsAt: new Date('2026-01-01'), closedAt: new Date('2026-01-01'), decisionReason: null, createdBy: 1 });
    for (let i = 0; i < perQuarter; i++) {
      const { identifiers: e } = await m.insert(LedgerEntryEntity, { month: `${year}-${String(q * 3).padStart(2, '0')}`, title: `${year}年第${q}季度亮点${i + 1}`, summary: '季度评分产生的亮点工作。', unitId: null, category: 'tenFields', status: 'passed', inspectorId: null });
      await m.insert(RoundEntryEntity, { roundId: r[0].id, entryId: e[0].id, votes: null, rank: i + 1, selected: true, publicVotes: null });
      ids.push(e[0].id);
    }
  }
  return ids;
}

describeEachDatabase('the annual selection (committee 60% + public 40%)', (t) => {
  let office: Session, committee: Session[], member: Session;
  beforeAll(async () => {
    office = await t().login('demo-office');
    committee = [await t().login('demo-leader'), await t().login('demo-committee')];
    member = await t().login('demo-member-2'); // leading group, not committee
  });

  it('combines committee ballots with the stored public counts and explains each rank', async () => {
    t().setNow('2026-12-28T09:00:00+08:00');
    const [a, b, c, d] = await quarterlyTop(t(), '2026', 1);
    const round = (await t().http().post('/api/rounds/annual').set(office.headers).send({ year: '2026', selectCount: 2, endsAt: '2027-01-10T18:00:00+08:00' }).expect(201)).body;
    expect(round).toMatchObject({ kind: 'annualVote', members: 2 });
    expect(round.entries.map((e: { id: number }) => e.id).sort()).toEqual([a, b, c, d].sort());

    expect((await t().http().put(`/api/rounds/${round.id}/ballot`).set(member.headers).send({ entryIds: [a] })).status).toBe(403);
    expect((await t().http().put(`/api/rounds/${round.id}/ballot`).set(committee[0].headers).send({ entryIds: [a, b, c] })).body.error.code).toBe('VALIDATION_FAILED');
    await t().http().put(`/api/rounds/${round.id}/ballot`).set(committee[0].headers).send({ entryIds: [a, b] }).expect(200);
    await t().http().put(`/api/rounds/${round.id}/ballot`).set(committee[1].headers).send({ entryIds: [a, c] }).expect(200);
    // Public counts: b is the public's favourite.
    await t().http().put(`/api/rounds/${round.id}/public-counts`).set(office.headers).send({ counts: [{ entryId: a, count: 100 }, { entryId: b, count: 400 }, { entryId: c, count: 50 }, { entryId: d, count: 0 }] }).expect(200);
    const outside = await t().http().put(`/api/rounds/${round.id}/public-counts`).set(office.headers).send({ counts: [{ entryId: 999999, count: 1 }] });
    expect(outside.status).toBe(400);

    const result = (await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200)).body;
    // a: 60·2/2 + 40·100/400 = 70; b: 60·1/2 + 40·400/400 = 70 → tie on score, committee votes decide (a);
    // c: 30 + 40·50/400 = 35; d: 0.
    expect(result.rows.map((r: { entryId: number; score: { display: string }; rank: number; status: string }) => [r.entryId, r.score.display, r.rank, r.status])).toEqual([
      [a, '70.00', 1, 'selected'],
      [b, '70.00', 2, 'selected'],
      [c, '35.00', 3, 'notSelected'],
      [d, '0.00', 4, 'notSelected'],
    ]);
    const rowA = result.rows[0];
    expect(rowA).toMatchObject({ committee: 2, public: 100, committeePoints: { display: '60.00' }, publicPoints: { display: '10.00' } });
    expect(rowA.explanation.map((s: { text: string }) => s.text).join('')).toMatch(/委员/);
    expect((await t().http().put(`/api/rounds/${round.id}/public-counts`).set(office.headers).send({ counts: [{ entryId: a, count: 1 }] })).body.error.code).toBe('INVALID_STATE');

    // The units' assessment of the year: a and b belong to 宣传部, c to 城管局 (annual 60 / quarterly 30 / monthly 10).
    const units = (await t().http().get('/api/units').set(office.headers)).body.items as { id: number; code: string }[];
    const unit = (code: string) => units.find((u) => u.code === code)!.id;
    await t().services.db.manager.update(LedgerEntryEntity, { id: In([a, b]) }, { unitId: unit('XCB') });
    await t().services.db.manager.update(LedgerEntryEntity, { id: c }, { unitId: unit('CGJ') });
    const assessment = (await t().http().get('/api/assessment?year=2026').set(committee[1].headers).expect(200)).body;
    const row = (code: string) => assessment.rows.find((r: { unitId: number }) => r.unitId === unit(code));
    expect(row('XCB')).toMatchObject({ rank: 1, score: { display: '90.00' } }); // annual 2/2·60 + quarterly 2/2·30
    expect(row('CGJ')).toMatchObject({ rank: 2, score: { display: '15.00' } }); // quarterly 1/2·30
    expect(row('XCB').levels.find((l: { level: string }) => l.level === 'annual')).toMatchObject({ count: 2, max: 2, weight: 60 });
    const outsider = await t().login('demo-reporter');
    expect((await t().http().get('/api/assessment?year=2026').set(outsider.headers)).status).toBe(403);
  });

  it('takes the 40% from the public online vote: live while open, frozen when the round closes after the vote', async () => {
    t().setNow('2028-12-01T09:00:00+08:00');
    const [a, b] = await quarterlyTop(t(), '2028', 1);
    const round = (await t().http().post('/api/rounds/annual').set(office.headers).send({ year: '2028', selectCount: 1, endsAt: '2029-01-10T18:00:00+08:00' }).expect(201)).body;
    const create = { title: '2028年度亮点工作网络投票', opensAt: '2028-12-01T00:00:00+08:00', closesAt: '2028-12-20T00:00:00+08:00', roundId: round.id };
    const { id: voteId } = (await t().http().post('/api/public-votes').set(office.headers).send(create).expect(201)).body;
    expect((await t().http().post('/api/public-votes').set(office.headers).send(create)).status).toBe(409);
    const vote = (await t().http().get(`/api/public-votes/${voteId}`).expect(200)).body;
    expect(vote).toMatchObject({ roundId: round.id, status: 'open' });
    expect(vote.candidates).toHaveLength(4);
    const candidateOf = (entryId: number) => vote.candidates[round.entries.findIndex((e: { id: number }) => e.id === entryId)]?.id;
    // Three public voters for b, one for a; the committee prefers a.
    const voters = await Promise.all(['pv-a1', 'pv-a2', 'pv-a3', 'pv-a4'].map((o) => t().login(o)));
    for (const [i, v] of voters.entries()) {
      const body = { candidateIds: [i === 0 ? candidateOf(a) : candidateOf(b)] };
      expect((await t().http().post(`/api/public-votes/${voteId}/ballots`).set(v.headers).set('X-Device-Id', `pv-device-${i}0000`).send(body).expect(200)).body.accepted).toHaveLength(1);
    }
    await t().http().put(`/api/rounds/${round.id}/ballot`).set(committee[0].headers).send({ entryIds: [a] }).expect(200);
    const manual = await t().http().put(`/api/rounds/${round.id}/public-counts`).set(office.headers).send({ counts: [{ entryId: a, count: 1000 }] });
    expect(manual.status).toBe(409);
    expect(manual.body.error.code).toBe('INVALID_STATE');
    const live = (await t().http().get(`/api/public-votes/${voteId}/results`).expect(200)).body;
    expect(live.totals.find((x: { candidateId: string }) => x.candidateId === candidateOf(b)).votes).toBe(3);
    // The round cannot close while the public vote runs.
    const early = await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    t().setNow('2028-12-21T09:00:00+08:00');
    const late = await t().http().post(`/api/public-votes/${voteId}/ballots`).set(voters[0].headers).send({ candidateIds: [candidateOf(b)] });
    expect(late.body.error.code).toBe('VOTE_NOT_OPEN');
    const closed = (await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200)).body;
    // a: 60·1/1 + 40·1/3 = 73.33; b: 0 + 40·3/3 = 40.
    expect(closed.rows.map((r: { entryId: number; public: number; score: { display: string } }) => [r.entryId, r.public, r.score.display]).slice(0, 2)).toEqual([
      [a, 1, '73.33'],
      [b, 3, '40.00'],
    ]);
    const stored = await t().services.db.manager.getRepository(RoundEntryEntity).findOneByOrFail({ roundId: round.id, entryId: b });
    expect(stored.publicVotes).toBe(3);
  });

  it('refuses a committee ballot outside the window', async () => {
    t().setNow('2027-12-20T09:00:00+08:00');
    await quarterlyTop(t(), '2027', 1);
    const round = (await t().http().post('/api/rounds/annual').set(office.headers).send({ year: '2027', endsAt: '2027-12-31T18:00:00+08:00' }).expect(201)).body;
    t().setNow('2028-01-01T00:00:00+08:00');
    const late = await t().http().put(`/api/rounds/${round.id}/ballot`).set(committee[0].headers).send({ entryIds: [round.entries[0].id] });
    expect(late.body.error.code).toBe('INVALID_STATE');
  });
});
