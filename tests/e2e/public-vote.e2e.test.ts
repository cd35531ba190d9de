/**
 * The public online vote in the H5 build against the real server, on the demo data's open vote:
 * a member of the public opens it from home, votes for two works and sees both counted; a second
 * browser of the same person, opened before that vote, tries one of them again and sees the
 * refusal; the results on the page count the votes. The office then sees the same totals on its
 * page, recounts (nothing to correct) and excludes a flagged ballot with a reason.
 */
import { SIGNAL_LABELS } from '@liangdian/shared';
import { describeIfChromium } from '../support/services';
import { useE2E } from './harness';
import { people, visible } from './people';

interface Vote {
  id: string;
  title: string;
  status: string;
  dailyLimit: number;
  hideCounts: boolean;
}

const votePage = (id: string) => `/#/packages/vote/pages/vote/index?id=${id}`;

describeIfChromium('the public online vote (H5)', () => {
  const e2e = useE2E();
  const { api, asPerson, closeAll } = people(e2e);
  afterEach(() => closeAll());

  it('counts a ballot once a day, shows the results and lets the office review', async () => {
    const votes: Vote[] = await api('demo-public', 'GET', '/api/public-votes');
    const vote = votes.find((v) => v.status === 'open' && v.title.includes('网络投票'));
    if (!vote) throw new Error(`the demo data has no open public vote: ${JSON.stringify(votes)}`);
    expect(vote.hideCounts).toBe(false);
    const detail: { candidates: { id: string }[] } = await api('demo-public', 'GET', `/api/public-votes/${vote.id}`);
    expect(detail.candidates.length).toBeGreaterThanOrEqual(10);
    const [first, second, third, fourth] = detail.candidates.map((c) => c.id);
    const totals = async () => {
      const results: { totals: { candidateId: string; votes: number }[]; excluded: number } = await api('demo-office', 'GET', `/api/public-votes/${vote.id}/results`);
      const of = new Map(results.totals.map((t) => [t.candidateId, t.votes]));
      return { votes: (id: string) => of.get(id) ?? 0, excluded: results.excluded };
    };
    const before = await totals();

    // Two browsers of the same person: the second opens the vote now and is not reloaded.
    const phone = await asPerson('demo-public');
    const stale = await asPerson('demo-public');
    await stale.goto(e2e.url(votePage(vote.id)));
    await visible(stale, `#vote-candidate-${first}[data-voted="0"]`).waitFor();

    // From home to the vote; tick two works and send.
    await visible(phone, '#home-link-public-votes').click();
    await visible(phone, `#public-vote-item-${vote.id}[data-status="open"]`).click();
    await visible(phone, `#vote-page[data-id="${vote.id}"]`).waitFor();
    const remaining = visible(phone, '#vote-remaining');
    expect(await remaining.getAttribute('data-remaining')).toBe(String(vote.dailyLimit));
    expect(await remaining.textContent()).toContain(`今日还可投 ${vote.dailyLimit} 票`);
    await visible(phone, `#vote-candidate-${first}-check`).click();
    await visible(phone, `#vote-candidate-${second}-check`).click();
    await visible(phone, '#vote-remaining[data-selected="2"]').waitFor();
    await visible(phone, '#vote-submit').click();
    for (const id of [first, second]) {
      const outcome = visible(phone, `#vote-outcome-${id}`);
      await outcome.waitFor();
      expect(await outcome.getAttribute('data-outcome')).toBe('accepted');
      expect(await outcome.textContent()).toBe('投票成功');
    }
    await visible(phone, `#vote-remaining[data-remaining="${vote.dailyLimit - 2}"]`).waitFor();
    // Voted works are marked and cannot be ticked again today.
    await visible(phone, `#vote-candidate-${first}[data-voted="1"]`).click();
    expect(await visible(phone, `#vote-candidate-${first}`).getAttribute('data-checked')).toBe('0');
    expect(await visible(phone, '#vote-notice').textContent()).toContain('今天已为该项投过票');
    // The page's results count both votes (the page refreshes them every 10 s).
    await visible(phone, '#vote-results').waitFor();
    await visible(phone, `#vote-result-${first}[data-votes="${before.votes(first) + 1}"]`).waitFor();
    await visible(phone, `#vote-result-${second}[data-votes="${before.votes(second) + 1}"]`).waitFor();

    // The stale browser still offers the first work: the server refuses it and counts the new one.
    await visible(stale, `#vote-candidate-${first}-check`).click();
    await visible(stale, `#vote-candidate-${third}-check`).click();
    await visible(stale, '#vote-submit').click();
    const refused = visible(stale, `#vote-outcome-${first}`);
    await refused.waitFor();
    expect(await refused.getAttribute('data-outcome')).toBe('ALREADY_VOTED_TODAY');
    expect(await refused.textContent()).toContain('今天已为该项投过票');
    expect(await visible(stale, `#vote-outcome-${third}`).getAttribute('data-outcome')).toBe('accepted');
    // ...and then shows the day as the server counts it, both browsers' ballots together.
    await visible(stale, `#vote-remaining[data-remaining="${vote.dailyLimit - 3}"]`).waitFor();
    await visible(stale, `#vote-candidate-${first}[data-voted="1"]`).waitFor();
    await visible(stale, `#vote-result-${third}[data-votes="${before.votes(third) + 1}"]`).waitFor();

    const after = await totals();
    expect([first, second, third].map((id) => after.votes(id) - before.votes(id))).toEqual([1, 1, 1]);

    // A ballot sent without the app's device id (a script, not the mini-program) is flagged but counted.
    const scripted = await api('demo-public', 'POST', `/api/public-votes/${vote.id}/ballots`, { candidateIds: [fourth] });
    expect(scripted).toEqual({ accepted: [fourth], rejected: [] });
    const flagged = await api('demo-office', 'GET', `/api/public-votes/${vote.id}/flagged?kind=noDevice`);
    const ballot = flagged.items.find((b: { candidateId: string }) => b.candidateId === fourth);
    expect(ballot).toBeDefined();

    // The office: the vote's results, the recount, and the review of the flagged ballot.
    const office = await asPerson('demo-office');
    await visible(office, '#home-link-public-votes').click();
    await visible(office, `#public-vote-manage-${vote.id}`).click();
    await visible(office, `#manage-page[data-id="${vote.id}"]`).waitFor();
    for (const id of [first, second, third]) await visible(office, `#manage-result-${id}[data-votes="${after.votes(id)}"]`).waitFor();
    await visible(office, `#manage-result-${fourth}[data-votes="${before.votes(fourth) + 1}"]`).waitFor();
    await visible(office, '#recount').click();
    const recount = visible(office, '#recount-message');
    await recount.waitFor();
    expect(await recount.getAttribute('data-corrected')).toBe('0');

    await visible(office, '#flagged-kind-noDevice').click();
    await visible(office, '#flagged-kind[data-value="noDevice"]').waitFor();
    const row = visible(office, `#flagged-row-${ballot.id}[data-excluded="0"]`);
    await row.waitFor();
    expect(await visible(office, `#flagged-row-${ballot.id}-signal-noDevice`).textContent()).toBe(SIGNAL_LABELS.noDevice);
    expect(await row.textContent()).toContain('IP ');
    await visible(office, `#flagged-row-${ballot.id}-check`).click();
    await visible(office, '#flagged-reason').fill('非小程序投票，经核实为脚本刷票');
    await visible(office, '#flagged-exclude').click();
    expect(await visible(office, '#flagged-message').textContent()).toContain('已剔除 1 张选票');
    await visible(office, `#flagged-row-${ballot.id}[data-excluded="1"]`).waitFor();
    await visible(office, `#manage-result-${fourth}[data-votes="${before.votes(fourth)}"]`).waitFor();
    const summary = visible(office, '#flagged-summary');
    expect(await summary.getAttribute('data-excluded')).toBe('1');

    const end = await totals();
    expect(end.votes(fourth)).toBe(before.votes(fourth));
    expect(end.excluded).toBe(before.excluded + 1);
    expect(e2e.pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  }, 120_000);
});
