import { AuditLogEntity, LedgerEntryEntity, RoleGrantEntity, RoundEntity, RoundEntryEntity, ScoreSheetEntity, UnitEntity } from '../src/db/entities';
import type { Session } from './support/reports';
import { describeEachDatabase, type TestApp } from './support/test-app';

const FULL = { distinctive: 9, organised: 8.5, influence: 8, breakthrough: 9, leaderPraise: 7 };

/** Closed monthly rounds of a quarter with their selected highlights (set up directly; the monthly suite covers how). */
async function monthlyHighlights(t: TestApp, months: string[], unitIds: (number | null)[]): Promise<number[]> {
  const m = t.services.db.manager;
  const ids: number[] = [];
  for (const [i, month] of months.entries()) {
    const { identifiers: e } = await m.insert(LedgerEntryEntity, { month, title: `${month}月度亮点${i + 1}`, summary: '月度评选产生的亮点工作。', unitId: unitIds[i] ?? null, category: 'tenFields', status: 'passed', inspectorId: null });
    const { identifiers: r } = await m.insert(RoundEntity, { kind: 'monthlyVote', period: month, title: month, selectCount: 20, status: 'closed', endsAt: new Date('2026-01-01'), closedAt: new Date('2026-01-01'), decisionReason: null, createdBy: 1 });
    await m.insert(RoundEntryEntity, { roundId: r[0].id, entryId: e[0].id, votes: 3, rank: 1, selected: true });
    ids.push(e[0].id);
  }
  return ids;
}

describeEachDatabase('quarterly on-site scoring', (t) => {
  let office: Session, leader: Session;
  const assessors: Session[] = [];
  let xcb = 0;
  beforeAll(async () => {
    office = await t().login('demo-office');
    leader = await t().login('demo-leader');
    const m = t().services.db.manager;
    xcb = (await m.getRepository(UnitEntity).findOneByOrFail({ code: 'XCB' })).id;
    for (let i = 0; i < 5; i++) {
      const s = await t().login(`assessor-${i}`);
      await m.insert(RoleGrantEntity, { userId: s.userId, role: 'assessor' });
      assessors.push(s);
    }
    // The first assessor works for 宣传部.
    await m.query('UPDATE users SET unit_id = ? WHERE id = ?', [xcb, assessors[0].userId]);
  });
  const sheet = (who: Session, roundId: number, entryId: number, scores: object, clientId: string) =>
    t().http().put(`/api/rounds/${roundId}/sheets/${entryId}`).set(who.headers).send({ scores, clientId });

  it('scores the quarter\'s monthly highlights, trims with 5 sheets, and selects the top', async () => {
    t().setNow('2026-09-25T09:00:00+08:00');
    const [a, b, c] = await monthlyHighlights(t(), ['2026-07', '2026-08', '2026-09'], [xcb, null, null]);
    const round = (await t().http().post('/api/rounds/quarterly').set(office.headers).send({ quarter: '2026-Q3', selectCount: 2, endsAt: '2026-10-10T18:00:00+08:00' }).expect(201)).body;
    expect(round.entries.map((e: { id: number }) => e.id).sort()).toEqual([a, b, c].sort());

    // The 宣传部 assessor cannot be sent to 宣传部's item.
    const own = await t().http().post(`/api/rounds/${round.id}/assignments`).set(office.headers).send({ assessorId: assessors[0].userId, entryIds: [a, b] });
    expect([own.status, own.body.error.code]).toEqual([409, 'CONFLICT']);
    await t().http().post(`/api/rounds/${round.id}/assignments`).set(office.headers).send({ assessorId: assessors[0].userId, entryIds: [b, c] }).expect(204);
    for (const s of assessors.slice(1)) {
      await t().http().post(`/api/rounds/${round.id}/assignments`).set(office.headers).send({ assessorId: s.userId, entryIds: [a, b, c] }).expect(204);
    }
    const listed = (await t().http().get('/api/assessors').set(office.headers).expect(200)).body.items;
    expect(listed.find((x: { id: number }) => x.id === assessors[0].userId)).toMatchObject({ unitName: '宣传部' });
    const mine = (await t().http().get(`/api/rounds/${round.id}/my-items`).set(assessors[0].headers).expect(200)).body;
    expect(mine.entries.map((e: { entryId: number }) => e.entryId).sort()).toEqual([b, c].sort());
    expect(mine.status).toBe('open');
    const myRounds = (await t().http().get('/api/my-rounds').set(assessors[0].headers).expect(200)).body.items;
    expect(myRounds).toEqual([expect.objectContaining({ id: round.id, quarter: '2026-Q3', assigned: 2, scored: 0 })]);

    // Bad sheets change nothing.
    expect((await sheet(assessors[0], round.id, a, FULL, 'own-unit-sheet-1')).status).toBe(403);
    const off = await sheet(assessors[1], round.id, a, { ...FULL, influence: 12 }, 'off-range-sheet-1');
    expect([off.status, off.body.error.message]).toEqual([400, expect.stringContaining('超出范围')]);
    expect((await sheet(assessors[1], round.id, a, { distinctive: 9 }, 'missing-sheet-1')).status).toBe(400);
    expect(await t().services.db.manager.getRepository(ScoreSheetEntity).countBy({ roundId: round.id })).toBe(0);

    // Item b: five sheets (the trimmed mean drops one highest and one lowest); a: four; c: one.
    const totals = [9, 8, 7, 6, 2];
    for (const [i, s] of assessors.entries()) {
      const v = totals[i];
      await sheet(s, round.id, b, { distinctive: v, organised: v, influence: v, breakthrough: v, leaderPraise: v }, `b-sheet-${i}-xx`).expect(200);
    }
    for (const s of assessors.slice(1)) await sheet(s, round.id, a, FULL, `a-sheet-${s.userId}-xx`).expect(200);
    await sheet(assessors[0], round.id, c, { distinctive: 5, organised: 5, influence: 5, breakthrough: 5, leaderPraise: 5 }, 'c-sheet-0-xxxx').expect(200);

    // Sent again after a lost answer: recognised, not counted twice.
    const resent = await sheet(assessors[1], round.id, a, FULL, `a-sheet-${assessors[1].userId}-xx`).expect(200);
    expect(resent.body.total).toBe('84.00'); // 25·0.9 + 20·0.85 + 20·0.8 + 20·0.9 + 15·0.7
    expect(await t().services.db.manager.getRepository(ScoreSheetEntity).countBy({ roundId: round.id, entryId: a })).toBe(4);

    const result = (await t().http().post(`/api/rounds/${round.id}/close`).set(office.headers).send({}).expect(200)).body;
    expect(result.rows.map((r: { entryId: number; score: { display: string }; rank: number; status: string }) => [r.entryId, r.score.display, r.rank, r.status])).toEqual([
      [a, '84.00', 1, 'selected'],
      [b, '70.00', 2, 'selected'],
      [c, '50.00', 3, 'notSelected'],
    ]);
    const bRow = result.rows.find((r: { entryId: number }) => r.entryId === b);
    expect(bRow.sheets.filter((x: { dropped: string | null }) => x.dropped).map((x: { dropped: string }) => x.dropped).sort()).toEqual(['highest', 'lowest']);
    expect(bRow.explanation.length).toBeGreaterThan(0);
    // The leader reads the same result with its explanation.
    expect((await t().http().get(`/api/rounds/${round.id}/result`).set(leader.headers).expect(200)).body.rows).toHaveLength(3);
    // Closed: no more sheets, no ballots on a scoring round.
    expect((await sheet(assessors[2], round.id, c, FULL, 'late-sheet-xxxx')).body.error.code).toBe('INVALID_STATE');
    expect((await t().http().put(`/api/rounds/${round.id}/ballot`).set(leader.headers).send({ entryIds: [a] })).body.error.code).toBe('INVALID_STATE');
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).countBy({ action: 'round.score', entityId: String(round.id) });
    expect(audit).toBe(10);
  });

  it('will not open a quarter without monthly highlights, nor twice', async () => {
    t().setNow('2026-12-25T09:00:00+08:00');
    expect((await t().http().post('/api/rounds/quarterly').set(office.headers).send({ quarter: '2026-Q4', endsAt: '2027-01-10T18:00:00+08:00' })).body.error.code).toBe('INVALID_STATE');
    t().setNow('2026-09-26T09:00:00+08:00');
    expect((await t().http().post('/api/rounds/quarterly').set(office.headers).send({ quarter: '2026-Q3', endsAt: '2026-10-10T18:00:00+08:00' })).body.error.code).toBe('CONFLICT');
    expect((await t().http().post('/api/rounds/quarterly').set(leader.headers).send({ quarter: '2026-Q3', endsAt: '2026-10-10T18:00:00+08:00' })).status).toBe(403);
  });
});
