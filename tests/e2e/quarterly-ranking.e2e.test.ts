/**
 * The quarter in the H5 build against the real server: assessors score the quarter's monthly
 * highlights on their phones, the office closes the quarterly round, and a leader opens the ranking
 * and an item's explanation. The month before it (verification, monthly vote) is set up through the
 * API on the demo ledger's August 2018 works; the monthly suite drives that part through the pages.
 */
import { describeIfChromium } from '../support/services';
import { useE2E } from './harness';
import { people, visible } from './people';

const CRITERIA = ['distinctive', 'organised', 'influence', 'breakthrough', 'leaderPraise'];

describeIfChromium('quarterly scoring and the leaders\' ranking (H5)', () => {
  const e2e = useE2E();

  const { api, asPerson, closeAll } = people(e2e);
  afterEach(() => closeAll());

  it('scores on the phone, closes the quarter and explains the ranking', async () => {
    // August 2018: three works verified and voted the month's highlights.
    const me = await api('demo-office', 'GET', '/api/me');
    const ledger = await api('demo-office', 'GET', '/api/ledger?month=2018-08&pageSize=100');
    const works: number[] = ledger.items.slice(0, 3).map((e: { id: number }) => e.id);
    for (const id of works) {
      await api('demo-office', 'POST', `/api/ledger/${id}/inspector`, { inspectorId: me.id });
      await api('demo-office', 'POST', `/api/ledger/${id}/inspection`, { visitedAt: '2018-08-25T10:00:00+08:00', findings: '现场核查情况属实', verdict: 'pass' });
    }
    const month = await api('demo-office', 'POST', '/api/rounds', { month: '2018-08', selectCount: 3, endsAt: '2099-01-01T00:00:00+08:00' });
    for (const member of ['demo-leader', 'demo-member-2', 'demo-member-3']) await api(member, 'PUT', `/api/rounds/${month.id}/ballot`, { entryIds: works });
    await api('demo-office', 'POST', `/api/rounds/${month.id}/close`, {});

    // The quarter: the office opens it and sends two assessors.
    const quarter = await api('demo-office', 'POST', '/api/rounds/quarterly', { quarter: '2018-Q3', selectCount: 2, endsAt: '2099-01-01T00:00:00+08:00' });
    const second = await api('o-assessor-2', 'GET', '/api/me');
    await api('demo-admin', 'PUT', `/api/admin/users/${second.id}/roles`, { roles: ['assessor'] });
    const assessors = (await api('demo-office', 'GET', '/api/assessors')).items as { id: number; name: string }[];
    for (const a of assessors) await api('demo-office', 'POST', `/api/rounds/${quarter.id}/assignments`, { assessorId: a.id, entryIds: works });

    // The demo assessor scores every item on the phone: 9s for the first work, 8s, then 6s.
    const assessor = await asPerson('demo-assessor');
    await assessor.goto(e2e.url(`/#/packages/rank/pages/score/index?roundId=${quarter.id}`));
    const given = [9, 8, 6];
    for (const [i, entry] of works.entries()) {
      for (const key of CRITERIA) await visible(assessor, `[id="score-${entry}-${key}-${given[i]}"]`).click();
      await visible(assessor, `#score-${entry}-total[data-total]`).waitFor();
      await visible(assessor, `#score-${entry}-submit`).click();
      await visible(assessor, `#score-item-${entry}[data-state="sent"]`).waitFor();
    }
    // The second assessor's sheets arrive from another phone.
    const sheet = (v: number) => Object.fromEntries(CRITERIA.map((k) => [k, v]));
    for (const [i, entry] of works.entries()) {
      await api('o-assessor-2', 'PUT', `/api/rounds/${quarter.id}/sheets/${entry}`, { scores: sheet([7, 8, 7][i]), clientId: `e2e-second-${entry}` });
    }

    // The office closes the quarter on its round page.
    const office = await asPerson('demo-office');
    await office.goto(e2e.url(`/#/packages/office/pages/round/index?id=${quarter.id}`));
    await visible(office, '#quarter-close').click();
    await office.waitForFunction(async (id) => {
      const r = await fetch(`/api/rounds/${id}`, { headers: { Authorization: `Bearer ${JSON.parse(localStorage.getItem('liangdian.token') ?? '{}').data}` } });
      return (await r.json()).status === 'closed';
    }, quarter.id);

    // A leader opens the rankings, the quarter, then the first work's explanation.
    const leader = await asPerson('demo-leader');
    await visible(leader, '#home-link-rankings').click();
    await visible(leader, `#ranking-round-${quarter.id}`).click();
    const first = visible(leader, `#ranking-row-${works[0]}`);
    await first.waitFor();
    expect(await first.getAttribute('data-rank')).toBe('1');
    expect(await first.getAttribute('data-score')).toBe('80.00'); // (90 + 70) / 2
    expect(await visible(leader, `#ranking-row-${works[1]}`).getAttribute('data-score')).toBe('80.00'); // (80 + 80) / 2
    expect(await visible(leader, `#ranking-row-${works[2]}`).getAttribute('data-rank')).toBe('3');
    await first.click();
    await visible(leader, `#ranking-explain-${works[0]}`).waitFor();
    await visible(leader, '#explanation-step-0').waitFor();
    expect((await visible(leader, `#ranking-explain-${works[0]}`).textContent())?.length).toBeGreaterThan(10);
    expect(e2e.pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });
});
