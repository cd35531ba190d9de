/**
 * Highlight reporting end to end, in the H5 build against the real server: a reporter fills in a
 * report with a field photo, the unit head signs it off, the office finds it in its inbox and
 * receives it. Each person signs in in a fresh browser context.
 */
import type { Locator, Page } from 'playwright-core';
import { cameraJpeg } from '../../server/test/fixtures/evidence-images';
import { describeIfChromium } from '../support/services';
import { ROUTES, useE2E } from './harness';

const TITLE = '城区文明示范街区创建取得阶段性成效';
const SUMMARY = '自5月1日起开展文明街区创建活动，整治占道经营、游商小贩和交通秩序，城区环境明显改善，门店基本实现退店经营。';

describeIfChromium('reporting a highlight from the field (H5)', () => {
  const e2e = useE2E();
  const visible = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

  /** Signs in through the demo-user picker, as a person would. */
  async function signIn(page: Page, openid: string) {
    await page.goto(e2e.url(ROUTES.login));
    await visible(page, `#dev-user-${openid}`).click();
    await page.waitForURL((u) => u.hash.startsWith(ROUTES.home.slice(1)));
  }

  const contexts: import('playwright-core').BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });

  /** A fresh browser context per person: nothing of the previous session is left. */
  async function asPerson(openid: string): Promise<Page> {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => e2e.pageErrors.push(`pageerror: ${err.message}`));
    await signIn(page, openid);
    return page;
  }

  it('goes from the reporter through the unit head to the office inbox', async () => {
    // The reporter: a new report with a photo taken on site, then submit.
    const reporter = e2e.page;
    await signIn(reporter, 'demo-reporter');
    await visible(reporter, '#home-link-report-new').click();
    await visible(reporter, '#report-title').fill(TITLE);
    await visible(reporter, '#report-summary').fill(SUMMARY);
    await visible(reporter, '#report-category-tenFields').click();
    await reporter.waitForFunction(() => document.querySelector('#report-edit')?.getAttribute('data-id'));
    const reportId = Number(await visible(reporter, '#report-edit').getAttribute('data-id'));
    expect(reportId).toBeGreaterThan(0);

    const photo = await cameraJpeg(1600, 1200, 'a', { dateTimeOriginal: '2026:11:20 10:00:00', latitude: 38.0586, longitude: 117.2306 });
    await reporter.locator('#evidence-file-input').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: photo });
    await visible(reporter, '#evidence-item-0[data-status="done"]').waitFor();
    await visible(reporter, '#report-save-state[data-state="saved"]').waitFor();
    await visible(reporter, '#report-submit').click();
    await visible(reporter, '#report-submit-message[data-state="done"]').waitFor();

    // The unit head: the report awaits sign-off, with its photo; sign it off.
    const head = await asPerson('demo-unithead');
    await visible(head, '#home-link-signoff').click();
    await visible(head, `#signoff-item-${reportId}`).click();
    await visible(head, '#report-detail').waitFor();
    expect(await visible(head, '#report-detail').textContent()).toContain(TITLE);
    await visible(head, '#signoff-approve').click();
    await visible(head, '#signoff-message').waitFor();

    // The office: the signed-off report is in the inbox; receive it.
    const office = await asPerson('demo-office');
    await visible(office, '#home-link-inbox').click();
    const item = visible(office, `#inbox-item-${reportId}`);
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('signedOff');
    expect(await item.textContent()).toContain(TITLE);
    await item.click();
    await visible(office, '#inbox-receive').click();
    await visible(office, '#inbox-message').waitFor();

    // What the people saw is what the server holds, with its evidence.
    const { token } = await e2e.devLogin('demo-office');
    const res = await fetch(e2e.url(`/api/reports/${reportId}`), { headers: { Authorization: `Bearer ${token}` } });
    const report = await res.json();
    expect(report).toMatchObject({ title: TITLE, status: 'received', unit: { name: '宣传部' } });
    expect(report.evidence).toHaveLength(1);
    expect(report.evidence[0]).toMatchObject({ kind: 'photo', exif: { latitude: expect.any(Number) } });
    expect(e2e.pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });
});
