/**
 * Several people in one end-to-end test: each signs in through the demo-user picker in a browser
 * context of their own, and the test sets up state through the API as them. Sign-ins are rate
 * limited per client address, so each person's token is fetched once.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ROUTES, type E2E } from './harness';

export const visible = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

export function people(e2e: E2E) {
  const tokens = new Map<string, string>();
  const contexts: BrowserContext[] = [];

  async function api(openid: string, method: string, path: string, body?: unknown) {
    if (!tokens.has(openid)) tokens.set(openid, (await e2e.devLogin(openid)).token);
    const res = await fetch(e2e.url(path), {
      method,
      headers: { Authorization: `Bearer ${tokens.get(openid)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} as ${openid}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** A fresh browser context, signed in through the picker and on the home page. */
  async function asPerson(openid: string): Promise<Page> {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => e2e.pageErrors.push(`pageerror: ${err.message}`));
    await page.goto(e2e.url(ROUTES.login));
    await visible(page, `#dev-user-${openid}`).click();
    await visible(page, '#home-page').waitFor();
    return page;
  }

  async function closeAll() {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  }

  return { api, asPerson, closeAll };
}
