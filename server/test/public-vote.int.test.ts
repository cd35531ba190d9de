import { LedgerEntryEntity, AuditLogEntity, PublicBallotEntity } from '../src/db/entities';
import { makeVote, makeVoters, storedTotals } from './support/voters';
import { describeEachDatabase, startTestApp, type TestApp } from './support/test-app';

const DEVICE = { 'X-Device-Id': 'device-test-0001' };

async function demoEntries(t: TestApp): Promise<number[]> {
  return (await t.services.db.manager.getRepository(LedgerEntryEntity).find({ order: { id: 'ASC' } })).map((e) => e.id);
}

describeEachDatabase('the public online vote', (t) => {
  it('keeps the published contract: list, detail with the demo candidates, ballots, results', async () => {
    const list = (await t().http().get('/api/public-votes').expect(200)).body;
    expect(list).toHaveLength(1);
    expect(Object.keys(list[0])).toEqual(expect.arrayContaining(['id', 'title', 'opensAt', 'closesAt', 'dailyLimit', 'status']));
    expect(list[0]).toMatchObject({ status: 'open', dailyLimit: 10 });
    const detail = (await t().http().get(`/api/public-votes/${list[0].id}`).expect(200)).body;
    expect(detail.candidates.length).toBeGreaterThanOrEqual(10);
    expect(detail.candidates[0]).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), unitName: expect.any(String) }));

    const me = await t().login('demo-public');
    const [a, b] = detail.candidates.map((c: { id: string }) => c.id);
    const first = await t().http().post(`/api/public-votes/${list[0].id}/ballots`).set(me.headers).set(DEVICE).send({ candidateIds: [a, b] }).expect(200);
    expect(first.body).toEqual({ accepted: [a, b], rejected: [] });
    const again = await t().http().post(`/api/public-votes/${list[0].id}/ballots`).set(me.headers).set(DEVICE).send({ candidateIds: [a] }).expect(200);
    expect(again.body).toEqual({ accepted: [], rejected: [{ candidateId: a, code: 'ALREADY_VOTED_TODAY' }] });
    const mine = (await t().http().get(`/api/public-votes/${list[0].id}/my-ballots`).set(me.headers).expect(200)).body;
    expect(mine).toMatchObject({ candidateIds: expect.arrayContaining([a, b]), remaining: 8 });

    const results = (await t().http().get(`/api/public-votes/${list[0].id}/results`).expect(200)).body;
    expect(results.totals.find((x: { candidateId: string }) => x.candidateId === a).votes).toBe(1);
    expect(results.totals.find((x: { candidateId: string }) => x.candidateId === b).votes).toBe(1);
    expect(results).toMatchObject({ updatedAt: expect.any(String), excluded: 0 });
  });

  it('refuses bad ballots with clear errors and stores nothing', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 3) });
    const [voter] = await makeVoters(t().services.db, t().services.tokens, 1);
    const auth = { Authorization: `Bearer ${voter.token}`, ...DEVICE };
    const post = (body: unknown, headers: Record<string, string> = auth) => t().http().post(`/api/public-votes/${vote.id}/ballots`).set(headers).send(body as object);
    expect((await post({ candidateIds: [String(vote.candidates[0])] }, {})).body.error.code).toBe('UNAUTHENTICATED');
    expect((await post({ candidateIds: [String(vote.candidates[0])] }, { Authorization: 'Bearer nonsense' })).status).toBe(401);
    const unknown = await post({ candidateIds: [String(vote.candidates[0]), '999999'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { candidateIds: ['999999'] } });
    for (const bad of [{}, { candidateIds: [] }, { candidateIds: ['abc'] }, { candidateIds: [1] }, { candidateIds: ['1'], extra: true }]) {
      expect((await post(bad)).status).toBe(400);
    }
    expect((await t().http().post('/api/public-votes/424242/ballots').set(auth).send({ candidateIds: ['1'] })).status).toBe(404);
    expect((await storedTotals(t().services.db, vote.id)).rows).toBe(0);

    // Outside the window: 409 VOTE_NOT_OPEN, before and after.
    const early = await makeVote(t().services.db, { entryIds: entries.slice(0, 2), opensAt: new Date(Date.now() + 3600_000) });
    const r1 = await t().http().post(`/api/public-votes/${early.id}/ballots`).set(auth).send({ candidateIds: [String(early.candidates[0])] });
    expect(r1.status).toBe(409);
    expect(r1.body.error.code).toBe('VOTE_NOT_OPEN');
    const late = await makeVote(t().services.db, { entryIds: entries.slice(0, 2), opensAt: new Date(Date.now() - 7200_000), closesAt: new Date(Date.now() - 3600_000) });
    expect((await t().http().post(`/api/public-votes/${late.id}/ballots`).set(auth).send({ candidateIds: [String(late.candidates[0])] })).body.error.code).toBe('VOTE_NOT_OPEN');
    expect((await storedTotals(t().services.db, early.id)).rows + (await storedTotals(t().services.db, late.id)).rows).toBe(0);
  });

  it('holds the daily limit and the one-per-candidate rule per China calendar day', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 6), dailyLimit: 3 });
    const [voter] = await makeVoters(t().services.db, t().services.tokens, 1);
    const auth = { Authorization: `Bearer ${voter.token}`, ...DEVICE };
    const ids = vote.candidates.map(String);
    t().setNow('2026-11-23T23:30:00+08:00');
    try {
      const r = (await t().http().post(`/api/public-votes/${vote.id}/ballots`).set(auth).send({ candidateIds: [ids[0], ids[1], ids[0], ids[2], ids[3], ids[4]] }).expect(200)).body;
      expect(r.accepted).toEqual([ids[0], ids[1], ids[2]]);
      expect(r.rejected).toEqual(
        expect.arrayContaining([
          { candidateId: ids[3], code: 'DAILY_LIMIT_REACHED' },
          { candidateId: ids[4], code: 'DAILY_LIMIT_REACHED' },
          { candidateId: ids[0], code: 'ALREADY_VOTED_TODAY' },
        ]),
      );
      // 00:10 China time is the next day (16:10 UTC): a fresh allowance, the same candidates again.
      t().setNow('2026-11-24T00:10:00+08:00');
      const next = (await t().http().post(`/api/public-votes/${vote.id}/ballots`).set(auth).send({ candidateIds: [ids[0], ids[5]] }).expect(200)).body;
      expect(next).toEqual({ accepted: [ids[0], ids[5]], rejected: [] });
      const rows = await t().services.db.manager.getRepository(PublicBallotEntity).find({ where: { voteId: vote.id }, order: { id: 'ASC' } });
      expect(rows.map((x) => [x.day, x.slot])).toEqual([['2026-11-23', 1], ['2026-11-23', 2], ['2026-11-23', 3], ['2026-11-24', 1], ['2026-11-24', 2]]);
    } finally {
      t().setNow(null);
    }
  });

  it('counts exactly one of 200 concurrent identical ballots', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 2) });
    const [voter] = await makeVoters(t().services.db, t().services.tokens, 1);
    const cid = String(vote.candidates[0]);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${voter.token}`, ...DEVICE }).send({ candidateIds: [cid] })),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    expect(answers.filter((a) => a.body.accepted.length === 1)).toHaveLength(1);
    expect(answers.filter((a) => a.body.rejected[0]?.code === 'ALREADY_VOTED_TODAY')).toHaveLength(199);
    const stored = await storedTotals(t().services.db, vote.id);
    expect(stored).toEqual({ counted: { [cid]: 1 }, counters: { [cid]: 1 }, rows: 1 });
  });

  it('keeps totals equal to the stored ballots and the accepted answers when many vote at once with 30% repeats', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 8), dailyLimit: 4 });
    const voters = await makeVoters(t().services.db, t().services.tokens, 60);
    // Each voter asks for 3 random candidates; 30% of the requests are repeats of an earlier request.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const requests: { token: string; ids: string[] }[] = voters.map((v) => ({ token: v.token, ids: [0, 1, 2].map(() => String(vote.candidates[rand(8)])) }));
    for (let i = 0; i < 26; i++) requests.push({ ...requests[rand(requests.length)] });
    const answers = await Promise.all(
      requests.map((r) => t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${r.token}`, ...DEVICE }).send({ candidateIds: r.ids })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const accepted: Record<string, number> = {};
    for (const a of answers) for (const c of a.body.accepted as string[]) accepted[c] = (accepted[c] ?? 0) + 1;
    const stored = await storedTotals(t().services.db, vote.id);
    expect(stored.counted).toEqual(accepted);
    expect(stored.counters).toEqual(accepted);
    const results = (await t().http().get(`/api/public-votes/${vote.id}/results`).expect(200)).body;
    expect(Object.fromEntries(results.totals.filter((x: { votes: number }) => x.votes).map((x: { candidateId: string; votes: number }) => [x.candidateId, x.votes]))).toEqual(accepted);
    // Every request's own repeat was refused: nobody has a candidate twice on a day.
    const [{ n }] = await t().services.db.manager.query('SELECT COUNT(*) AS n FROM (SELECT voter_id, candidate_id FROM public_ballots WHERE vote_id = ? GROUP BY voter_id, day, candidate_id HAVING COUNT(*) > 1) d', [vote.id]);
    expect(Number(n)).toBe(0);
  });

  it('holds the daily limit when one voter sends many ballots at once', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 12), dailyLimit: 10 });
    const [voter] = await makeVoters(t().services.db, t().services.tokens, 1);
    const answers = await Promise.all(
      vote.candidates.map((c) => t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${voter.token}`, ...DEVICE }).send({ candidateIds: [String(c)] })),
    );
    expect(answers.filter((a) => a.body.accepted?.length === 1)).toHaveLength(10);
    expect(answers.filter((a) => a.body.rejected?.[0]?.code === 'DAILY_LIMIT_REACHED')).toHaveLength(2);
    expect((await storedTotals(t().services.db, vote.id)).rows).toBe(10);
  });

  it('hides the counts while the vote runs when so set: only the office and admin see them', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 2), hideCounts: true });
    const hidden = await t().http().get(`/api/public-votes/${vote.id}/results`);
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.code).toBe('RESULTS_HIDDEN');
    const pub = await t().login('demo-public');
    expect((await t().http().get(`/api/public-votes/${vote.id}/results`).set(pub.headers)).status).toBe(403);
    const office = await t().login('demo-office');
    expect((await t().http().get(`/api/public-votes/${vote.id}/results`).set(office.headers).expect(200)).body.totals).toHaveLength(2);
  });

  it('lets the office create a vote over ledger entries, audited, with the work\'s details', async () => {
    const entries = await demoEntries(t());
    const office = await t().login('demo-office');
    const body = { title: '测试网络投票', opensAt: '2026-01-01T00:00:00+08:00', closesAt: '2099-01-01T00:00:00+08:00', entryIds: entries.slice(0, 4) };
    expect((await t().http().post('/api/public-votes').set((await t().login('demo-public')).headers).send(body)).status).toBe(403);
    expect((await t().http().post('/api/public-votes').set(office.headers).send({ ...body, entryIds: [entries[0], 999999] })).status).toBe(400);
    expect((await t().http().post('/api/public-votes').set(office.headers).send({ ...body, closesAt: '2025-01-01T00:00:00+08:00' })).status).toBe(400);
    const { id } = (await t().http().post('/api/public-votes').set(office.headers).send(body).expect(201)).body;
    const detail = (await t().http().get(`/api/public-votes/${id}`).expect(200)).body;
    expect(detail).toMatchObject({ title: '测试网络投票', dailyLimit: 10, status: 'open', hideCounts: false });
    const first = await t().services.db.manager.getRepository(LedgerEntryEntity).findOneByOrFail({ id: entries[0] });
    expect(detail.candidates[0]).toMatchObject({ title: first.title, summary: first.summary });
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findOneByOrFail({ action: 'publicVote.create', entityId: id });
    expect(JSON.parse(audit.data)).toMatchObject({ candidates: 4 });
  });

  it('recounts from the stored ballots and corrects a wrong counter, on the record', async () => {
    const entries = await demoEntries(t());
    const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 2) });
    const voters = await makeVoters(t().services.db, t().services.tokens, 3);
    for (const v of voters) await t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${v.token}`, ...DEVICE }).send({ candidateIds: [String(vote.candidates[0])] }).expect(200);
    await t().services.db.manager.query('UPDATE public_vote_counters SET votes = votes + 96 WHERE candidate_id = ?', [vote.candidates[0]]);
    const office = await t().login('demo-office');
    const out = (await t().http().post(`/api/public-votes/${vote.id}/recount`).set(office.headers).send({}).expect(200)).body;
    expect(out.corrected).toBe(1);
    expect(out.totals[0]).toEqual({ candidateId: String(vote.candidates[0]), votes: 3, counter: 99 });
    expect((await storedTotals(t().services.db, vote.id)).counters).toEqual({ [vote.candidates[0]]: 3 });
    expect(await t().services.db.manager.getRepository(AuditLogEntity).countBy({ action: 'publicVote.recount', entityId: String(vote.id) })).toBe(1);
  });
},
// The abuse limits have their own suite below; here one test client stands for many voters.
{ env: { VOTE_IP_LIMIT: '1000000', VOTE_IP_BURST: '1000000', VOTE_DEVICE_LIMIT: '1000000', VOTE_DEVICE_BURST: '1000000', VOTE_VOTER_LIMIT: '1000000' } });

describeEachDatabase(
  'fraud signals on the public vote',
  (t) => {
    it('flags bursts, shared devices and new-account waves; the office excludes and reinstates on the record', async () => {
      const entries = await demoEntries(t());
      const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 3) });
      const cid = String(vote.candidates[0]);
      // Old accounts: one device behind four WeChat accounts (limit 2), from one address (burst beyond 3).
      const old = await makeVoters(t().services.db, t().services.tokens, 4, { createdAt: new Date('2026-01-01T00:00:00Z') });
      for (const v of old) {
        await t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${v.token}`, 'X-Device-Id': 'shared-phone-01' }).send({ candidateIds: [cid] }).expect(200);
      }
      // New accounts (made just now) voting from the same address: a wave from the second one.
      const fresh = await makeVoters(t().services.db, t().services.tokens, 2);
      for (const [i, v] of fresh.entries()) {
        await t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${v.token}`, 'X-Device-Id': `fresh-phone-0${i}` }).send({ candidateIds: [cid] }).expect(200);
      }
      // No device id at all (a script, not the mini-program).
      const [bare] = await makeVoters(t().services.db, t().services.tokens, 1, { createdAt: new Date('2026-01-01T00:00:00Z') });
      await t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${bare.token}` }).send({ candidateIds: [cid] }).expect(200);

      const office = await t().login('demo-office');
      const list = (await t().http().get(`/api/public-votes/${vote.id}/flagged?state=all&pageSize=100`).set(office.headers).expect(200)).body;
      const byVoter = new Map(list.items.map((b: { voterId: number; signals: { kind: string }[] }) => [b.voterId, b.signals.map((s) => s.kind).sort()]));
      expect(byVoter.get(old[0].id)).toBeUndefined(); // the first on the device, under every threshold
      expect(byVoter.get(old[2].id)).toEqual(['sharedDevice']);
      expect(byVoter.get(old[3].id)).toEqual(['ipBurst', 'sharedDevice']);
      expect(byVoter.get(fresh[1].id)).toEqual(expect.arrayContaining(['ipBurst', 'newAccountWave']));
      expect(byVoter.get(bare.id)).toEqual(expect.arrayContaining(['noDevice']));
      const shared = list.items.find((b: { voterId: number }) => b.voterId === old[3].id);
      expect(shared.signals).toEqual(expect.arrayContaining([{ kind: 'sharedDevice', count: 4, windowSeconds: 0 }]));
      expect(shared).toMatchObject({ device: 'shared-phone-01', excluded: false, candidateTitle: '候选1' });
      expect(list.summary.byKind.sharedDevice).toBe(2);

      // Flagged ballots still count until the office decides.
      const before = (await t().http().get(`/api/public-votes/${vote.id}/results`).expect(200)).body;
      expect(before.totals[0].votes).toBe(7);
      expect(before.excluded).toBe(0);
      expect(before.flagged).toBe(list.total);

      const sharedIds = list.items.filter((b: { signals: { kind: string }[] }) => b.signals.some((s) => s.kind === 'sharedDevice')).map((b: { id: string }) => b.id);
      const pub = await t().login('demo-public');
      expect((await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(pub.headers).send({ ballotIds: sharedIds, exclude: true, reason: '同一设备多账号' })).status).toBe(403);
      expect((await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(office.headers).send({ ballotIds: sharedIds, exclude: true })).status).toBe(400);
      expect((await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(office.headers).send({ ballotIds: [...sharedIds, '987654321'], exclude: true, reason: '同一设备多账号' })).status).toBe(400);
      expect((await t().http().get(`/api/public-votes/${vote.id}/results`).expect(200)).body.totals[0].votes).toBe(7);

      const done = await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(office.headers).send({ ballotIds: sharedIds, exclude: true, reason: '同一设备多账号' }).expect(200);
      expect(done.body).toEqual({ changed: 2 });
      // Deciding again changes nothing.
      expect((await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(office.headers).send({ ballotIds: sharedIds, exclude: true, reason: '同一设备多账号' }).expect(200)).body).toEqual({ changed: 0 });
      const after = (await t().http().get(`/api/public-votes/${vote.id}/results`).expect(200)).body;
      expect(after.totals[0].votes).toBe(5);
      expect(after.excluded).toBe(2);
      expect((await storedTotals(t().services.db, vote.id)).counters).toEqual({ [cid]: 5 });
      const excludedList = (await t().http().get(`/api/public-votes/${vote.id}/flagged?state=excluded`).set(office.headers).expect(200)).body;
      expect(excludedList.items.map((b: { id: string; decisionNote: string }) => [b.id, b.decisionNote]).sort()).toEqual(sharedIds.map((id: string) => [id, '同一设备多账号']).sort());
      const audit = await t().services.db.manager.getRepository(AuditLogEntity).findOneByOrFail({ action: 'publicVote.exclude', entityId: String(vote.id) });
      expect(JSON.parse(audit.data)).toEqual({ ballotIds: expect.arrayContaining(sharedIds), reason: '同一设备多账号' });

      await t().http().post(`/api/public-votes/${vote.id}/decisions`).set(office.headers).send({ ballotIds: [sharedIds[0]], exclude: false, reason: '核实为一家人共用手机' }).expect(200);
      expect((await t().http().get(`/api/public-votes/${vote.id}/results`).expect(200)).body).toMatchObject({ excluded: 1, totals: [expect.objectContaining({ votes: 6 }), expect.anything(), expect.anything()] });
      expect(await t().services.db.manager.getRepository(AuditLogEntity).countBy({ action: 'publicVote.reinstate', entityId: String(vote.id) })).toBe(1);
    });

    it('refuses a device past its limit with 429 and stores nothing for that request', async () => {
      const entries = await demoEntries(t());
      const vote = await makeVote(t().services.db, { entryIds: entries.slice(0, 3) });
      const voters = await makeVoters(t().services.db, t().services.tokens, 8, { createdAt: new Date('2026-01-01T00:00:00Z') });
      const statuses: number[] = [];
      for (const v of voters) {
        statuses.push((await t().http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${v.token}`, 'X-Device-Id': 'hammering-device' }).send({ candidateIds: [String(vote.candidates[1])] })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
      expect((await storedTotals(t().services.db, vote.id)).rows).toBe(6);
    });
  },
  { env: { VOTE_IP_BURST: '3', VOTE_SHARED_DEVICE_VOTERS: '2', VOTE_NEW_ACCOUNT_WAVE: '2', VOTE_DEVICE_LIMIT: '6', VOTE_DEVICE_BURST: '100' } },
);

describe('client addresses on the public vote', () => {
  for (const trust of [false, true]) {
    it(`${trust ? 'uses' : 'ignores'} X-Forwarded-For when TRUST_PROXY is ${trust ? 'on' : 'off'}`, async () => {
      const { app, stop } = await startTestApp('sqlite', { env: trust ? { TRUST_PROXY: '1' } : {} });
      try {
        const entries = await demoEntries(app);
        const vote = await makeVote(app.services.db, { entryIds: entries.slice(0, 2) });
        const [v] = await makeVoters(app.services.db, app.services.tokens, 1);
        // A client-forged address first, then the one our proxy appended: only the last counts.
        await app.http().post(`/api/public-votes/${vote.id}/ballots`).set({ Authorization: `Bearer ${v.token}`, 'X-Forwarded-For': '198.51.100.7, 203.0.113.9', ...DEVICE }).send({ candidateIds: [String(vote.candidates[0])] }).expect(200);
        const row = await app.services.db.manager.getRepository(PublicBallotEntity).findOneByOrFail({ voteId: vote.id });
        if (trust) expect(row.ip).toBe('203.0.113.9');
        else expect(row.ip).not.toContain('203.0.113.9');
      } finally {
        await stop();
      }
    });
  }
});
