/**
 * Publishing a month's results in the H5 build against the real server and a WeChat-compatible test
 * server: the office opens the bulletin 《督查通报》 from the closed round, edits the lead, previews
 * the official-account article, publishes to an official account and follows the delivery until the
 * article link arrives; WeChat saw exactly one draft and one publish; the .docx lists the works in
 * rank order. Then a delivery that fails (a wrong AppSecret) is fixed and retried, and the channel
 * form, the .xlsx exports, the reminder subscription and the cadre file (the reporter's own, then the
 * office finding that cadre by name) are used once each. The months themselves (verification, vote)
 * are set up through the API; the monthly suite drives that part through the pages.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { describeIfChromium } from '../support/services';
import { MINI_PROGRAM, OFFICIAL_ACCOUNT, startWechatServer, type WechatApp, type WechatServer } from '../support/wechat-server';
import { launchBrowser, ROUTES, startServer, type E2E, type RunningServer } from './harness';
import { people, visible } from './people';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const JSZip: typeof import('jszip') = require('jszip');

/** A second official account (the county party committee's), for the failed-delivery story. */
const SECOND_ACCOUNT: WechatApp = { appId: 'wx-oa-second', secret: 'oa-second-secret', kind: 'official' };

const LEAD = '为进一步激发全县各级各部门干事创业热情，经县亮点工作领导小组投票，评选出2018年8月份全县亮点工作3项。现将评选结果通报如下：';

describeIfChromium('publishing the supervision bulletin (H5)', () => {
  // One server per file, as useE2E does, but started with the WeChat test server's address and a
  // quick outbox: useE2E takes no settings.
  let wx: WechatServer | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`E2E ${what} is not ready`);
    return v;
  };
  jest.setTimeout(120_000);

  beforeAll(async () => {
    wx = await startWechatServer({ apps: [MINI_PROGRAM, OFFICIAL_ACCOUNT, SECOND_ACCOUNT] });
    server = await startServer({ WECHAT_API_BASE: wx.baseUrl, OUTBOX_POLL_MS: '200', OUTBOX_PUBLISH_POLL_MS: '300' });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await wx?.close();
  }, 30_000);

  const e2e: E2E = {
    get server() { return need(server, 'server'); },
    get browser() { return need(browser, 'browser'); },
    get context(): never { throw new Error('this suite opens a context per person (people.ts)'); },
    get page(): never { throw new Error('this suite opens a page per person (people.ts)'); },
    pageErrors,
    url: (p: string) => need(server, 'server').baseUrl + p,
    async devLogin(openid: string) {
      const res = await fetch(`${need(server, 'server').baseUrl}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`dev-login as ${openid}: HTTP ${res.status} ${body.slice(0, 300)}`);
      return JSON.parse(body);
    },
  };
  const { api, asPerson, closeAll } = people(e2e);
  afterEach(() => closeAll());

  /** August 2018: three works verified and voted 3, 2 and 1 votes, all three selected. */
  async function closedMonth(): Promise<{ roundId: number; titles: string[] }> {
    const me = await api('demo-office', 'GET', '/api/me');
    const ledger = await api('demo-office', 'GET', '/api/ledger?month=2018-08&pageSize=100');
    const works: { id: number; title: string }[] = ledger.items.slice(0, 3);
    for (const { id } of works) {
      await api('demo-office', 'POST', `/api/ledger/${id}/inspector`, { inspectorId: me.id });
      await api('demo-office', 'POST', `/api/ledger/${id}/inspection`, { visitedAt: '2018-08-25T10:00:00+08:00', findings: '现场核查情况属实', verdict: 'pass' });
    }
    const round = await api('demo-office', 'POST', '/api/rounds', { month: '2018-08', selectCount: 3, endsAt: '2099-01-01T00:00:00+08:00' });
    const ids = works.map((w) => w.id);
    await api('demo-leader', 'PUT', `/api/rounds/${round.id}/ballot`, { entryIds: ids });
    await api('demo-member-2', 'PUT', `/api/rounds/${round.id}/ballot`, { entryIds: ids.slice(0, 2) });
    await api('demo-member-3', 'PUT', `/api/rounds/${round.id}/ballot`, { entryIds: ids.slice(0, 1) });
    const result = await api('demo-office', 'POST', `/api/rounds/${round.id}/close`, {});
    expect(result.round.status).toBe('closed');
    return { roundId: round.id, titles: works.map((w) => w.title) };
  }

  it('edits, previews, publishes to the official account and hands out the .docx', async () => {
    const { roundId, titles } = await closedMonth();
    const channel = await api('demo-office', 'POST', '/api/publication/channels', {
      kind: 'officialAccount',
      name: '县融媒体中心公众号',
      appId: OFFICIAL_ACCOUNT.appId,
      secret: OFFICIAL_ACCOUNT.secret,
      author: '县亮点工作办公室',
    });
    expect(channel.hasSecret).toBe(true);
    expect(JSON.stringify(channel)).not.toContain(OFFICIAL_ACCOUNT.secret);

    // From the closed round to its bulletin draft.
    const office = await asPerson('demo-office');
    await office.goto(e2e.url(`/#/packages/office/pages/round/index?id=${roundId}`));
    await visible(office, '#round-detail[data-status="closed"]').waitFor();
    await visible(office, '#round-bulletin').click();
    const page = visible(office, '#bulletin-page[data-status="draft"]');
    await page.waitFor();
    const bulletinId = Number(await page.getAttribute('data-id'));
    for (const [i, title] of titles.entries()) {
      expect(await visible(office, `#bulletin-items .sub-item >> nth=${i}`).textContent()).toContain(title);
    }

    // The office rewrites the lead and saves it.
    await visible(office, '#bulletin-lead').fill(LEAD);
    await visible(office, '#bulletin-form[data-dirty="1"]').waitFor();
    await visible(office, '#bulletin-save').click();
    await visible(office, '#bulletin-message[data-state="ok"]').waitFor();
    await visible(office, '#bulletin-form[data-dirty="0"]').waitFor();
    expect((await api('demo-office', 'GET', `/api/bulletins/${bulletinId}`)).lead).toBe(LEAD);

    // The article as followers will read it, in the sandboxed preview frame.
    await visible(office, '#bulletin-preview-article').click();
    const article = office.frameLocator('#bulletin-article-frame');
    await article.getByText(titles[0]!).first().waitFor();
    await article.getByText(LEAD.slice(0, 20)).first().waitFor();

    // Publish to the official account and follow the delivery until WeChat has published it.
    await visible(office, `#bulletin-channel-${channel.id}`).click();
    await visible(office, `#bulletin-channel-${channel.id}[data-checked="1"]`).waitFor();
    await visible(office, '#bulletin-publish').click();
    await visible(office, '#bulletin-publish-confirm').click();
    await visible(office, '#bulletin-deliveries[data-total="1"]').waitFor();
    const [delivery] = (await api('demo-office', 'GET', `/api/bulletins/${bulletinId}/deliveries`)).items;
    expect(delivery.channelId).toBe(channel.id);
    await visible(office, `#delivery-${delivery.id}[data-status="published"]`).waitFor({ timeout: 60_000 });
    const link = visible(office, `#delivery-${delivery.id}-link`);
    expect(await link.getAttribute('data-url')).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\/\S+/);
    expect(await link.textContent()).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    await visible(office, '#bulletin-page[data-status="published"]').waitFor();

    const sent = need(wx, 'WeChat server');
    // Exactly one draft and one publish reached WeChat, both accepted.
    expect(sent.calls('/cgi-bin/draft/add').map((c) => c.answer.errcode)).toEqual([0]);
    expect(sent.calls('/cgi-bin/freepublish/submit').map((c) => c.answer.errcode)).toEqual([0]);
    expect(JSON.stringify(sent.state.drafts[0]?.articles[0]?.content)).toContain(titles[0]);

    // Publishing again to the same channel pushes nothing a second time.
    const again = await api('demo-office', 'POST', `/api/bulletins/${bulletinId}/publish`, { channelIds: [channel.id] });
    expect(again.alreadyPublished).toEqual([channel.id]);
    expect(sent.calls('/cgi-bin/freepublish/submit')).toHaveLength(1);

    // The .docx, downloaded from the page: the works in rank order.
    const [download] = await Promise.all([office.waitForEvent('download'), visible(office, '#bulletin-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(readFileSync(need(await download.path(), 'download')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    const at = titles.map((t) => text.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain(LEAD);

    expect(pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });

  it('shows why a delivery failed and retries it once the channel is fixed', async () => {
    // This month: one unit report, verified and voted through, so the round is this test's own.
    const work = { title: '政务服务“一窗通办”全面推开', summary: '县政务服务中心设立综合窗口18个，实现企业和群众办事一窗受理、集成服务，平均办理时间缩短一半以上。', category: 'reform' };
    const draft = await api('demo-reporter', 'POST', '/api/reports', work);
    const { month } = await api('demo-reporter', 'GET', '/api/quota?kind=report');
    await api('demo-reporter', 'POST', `/api/reports/${draft.id}/submit`, { month });
    await api('demo-unithead', 'POST', `/api/reports/${draft.id}/sign-off`, {});
    await api('demo-office', 'POST', `/api/reports/${draft.id}/receive`, {});
    const ledger = await api('demo-office', 'GET', `/api/ledger?month=${month}&pageSize=100`);
    const entry = ledger.items.find((e: { sources: { reportId: number }[] }) => e.sources.some((x) => x.reportId === draft.id));
    const me = await api('demo-office', 'GET', '/api/me');
    await api('demo-office', 'POST', `/api/ledger/${entry.id}/inspector`, { inspectorId: me.id });
    await api('demo-office', 'POST', `/api/ledger/${entry.id}/inspection`, { visitedAt: new Date().toISOString(), findings: '现场核查情况属实', verdict: 'pass' });
    const round = await api('demo-office', 'POST', '/api/rounds', { month, selectCount: 1, endsAt: '2099-01-01T00:00:00+08:00' });
    await api('demo-leader', 'PUT', `/api/rounds/${round.id}/ballot`, { entryIds: [entry.id] });
    await api('demo-office', 'POST', `/api/rounds/${round.id}/close`, {});

    // A channel saved with a wrong AppSecret: WeChat refuses the token, the delivery fails and says why.
    const channel = await api('demo-office', 'POST', '/api/publication/channels', { kind: 'officialAccount', name: '县委宣传部公众号', appId: SECOND_ACCOUNT.appId, secret: 'wrong-secret-1' });
    const sent = need(wx, 'WeChat server');
    const submits = sent.calls('/cgi-bin/freepublish/submit').length;
    const office = await asPerson('demo-office');
    await office.goto(e2e.url(`/#/packages/publish/pages/bulletin/index?roundId=${round.id}`));
    await visible(office, '#bulletin-page').waitFor();
    await visible(office, `#bulletin-channel-${channel.id}`).click();
    await visible(office, '#bulletin-publish').click();
    await visible(office, '#bulletin-publish-confirm').click();
    await visible(office, '#bulletin-deliveries[data-total="1"]').waitFor();
    const bulletinId = Number(await visible(office, '#bulletin-page').getAttribute('data-id'));
    const [delivery] = (await api('demo-office', 'GET', `/api/bulletins/${bulletinId}/deliveries`)).items;
    await visible(office, `#delivery-${delivery.id}[data-status="failed"]`).waitFor({ timeout: 60_000 });
    expect(await visible(office, `#delivery-${delivery.id}-error`).textContent()).toContain('AppSecret');

    // The office replaces the secret on the channels page, comes back and retries.
    await visible(office, '#bulletin-channels-link').click();
    await visible(office, `#channel-${channel.id}-edit`).click();
    await visible(office, '#channel-form-secret').fill(SECOND_ACCOUNT.secret);
    await visible(office, '#channel-form-save').click();
    await visible(office, '#channels-message').waitFor();
    await office.goto(e2e.url(`/#/packages/publish/pages/bulletin/index?id=${bulletinId}`));
    await visible(office, `#delivery-${delivery.id}-retry`).click();
    await visible(office, `#delivery-${delivery.id}[data-status="published"]`).waitFor({ timeout: 60_000 });
    expect(await visible(office, `#delivery-${delivery.id}-link`).getAttribute('data-url')).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(sent.calls('/cgi-bin/freepublish/submit')).toHaveLength(submits + 1);
    expect(pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });

  it('keeps channel secrets write-only, exports spreadsheets and shows a cadre their file', async () => {
    // The office adds the TV station's webhook through the form; the secret is never shown again.
    const office = await asPerson('demo-office');
    await visible(office, '#home-link-bulletins').click();
    await visible(office, '#bulletins-list').waitFor();
    await visible(office, '#bulletins-channels-link').click();
    await visible(office, '#channel-new').click();
    await visible(office, '#channel-form-kind-webhook').click();
    await visible(office, '#channel-form-name').fill('县电视台');
    await visible(office, '#channel-form-url').fill('https://tv.example.cn/hooks/liangdian');
    await visible(office, '#channel-form-secret').fill('tv-signing-key-1');
    await visible(office, '#channel-form-save').click();
    await visible(office, '#channels-message').waitFor();
    const tv = (await api('demo-office', 'GET', '/api/publication/channels')).items.find((c: { name: string }) => c.name === '县电视台');
    expect(tv).toMatchObject({ kind: 'webhook', url: 'https://tv.example.cn/hooks/liangdian', hasSecret: true });
    expect(await visible(office, `#channel-${tv.id}-secret`).textContent()).toContain('已设置');
    expect(await office.content()).not.toContain('tv-signing-key-1');

    // Renaming keeps the stored secret.
    await visible(office, `#channel-${tv.id}-edit`).click();
    await visible(office, '#channel-form-secret-state').waitFor();
    await visible(office, '#channel-form-name').fill('县广播电视台');
    await visible(office, '#channel-form-save').click();
    await visible(office, `#channel-${tv.id}`).getByText('县广播电视台').waitFor();
    expect((await api('demo-office', 'GET', '/api/publication/channels')).items.find((c: { id: number }) => c.id === tv.id).hasSecret).toBe(true);

    // The year's unit assessment and the month's ledger, downloaded with the token as .xlsx.
    for (const [route, button] of [
      ['/#/packages/rank/pages/assessment/index?year=2018', '#assessment-export'],
      ['/#/packages/office/pages/ledger/index?month=2018-08', '#ledger-export'],
    ]) {
      await office.goto(e2e.url(route!));
      const [download] = await Promise.all([office.waitForEvent('download'), visible(office, button!).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const zip = await JSZip.loadAsync(readFileSync(need(await download.path(), 'download')));
      expect(zip.file('xl/workbook.xml')).not.toBeNull();
    }

    // A reporter subscribes to reminders on home: the browser has no WeChat subscriptions, so the
    // page asks, records the choice and says so.
    const reporter = await asPerson('demo-reporter');
    await visible(reporter, '#home-subscribe-button').click();
    await reporter.getByText('记录', { exact: true }).click();
    expect(await visible(reporter, '#home-subscribe-message[data-state="ok"]').textContent()).toContain('网页版');
    const subscriptions = await api('demo-reporter', 'GET', '/api/me/subscriptions');
    expect(subscriptions.items.map((i: { credits: number }) => i.credits)).toEqual([1, 1]);

    // The reporter opens their own cadre file from home.
    const file = await api('demo-reporter', 'GET', '/api/me/cadre-file');
    await visible(reporter, '#home-link-cadre-file').click();
    await visible(reporter, `#cadre-file-page[data-total="${file.records.length}"]`).waitFor();
    expect(await visible(reporter, '#cadre-file-name').textContent()).toContain(file.user.name);

    // The office finds the same cadre by a part of the name and opens the file from the result.
    await office.goto(e2e.url(ROUTES.home));
    await visible(office, '#home-link-cadre-file').click();
    await visible(office, '#cadre-file-page').waitFor();
    await visible(office, '#cadre-search').fill(file.user.name.slice(1));
    await visible(office, '#cadre-search-submit').click();
    await visible(office, `#cadre-search-results[data-q="${file.user.name.slice(1)}"]`).waitFor();
    const result = visible(office, `#cadre-result-${file.user.id}`);
    expect(await result.textContent()).toContain(`入选亮点 ${file.records.length} 项`);
    await result.click();
    await visible(office, `#cadre-file-page[data-user-id="${file.user.id}"][data-total="${file.records.length}"]`).waitFor();
    expect(await visible(office, '#cadre-file-name').textContent()).toBe(file.user.name);
    expect(pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });
});
