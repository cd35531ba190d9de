/**
 * First end-to-end path through the product: the H5 build served by the real server, signed in with
 * the development login's demo-user picker.
 *
 * Contract with the miniapp (selectors) — keep in step with miniapp/src/pages:
 *   - login page (`/#/pages/login/index`) lists the dev users, one element per user with id
 *     `dev-user-<openid>`; clicking it signs in as that user and goes to home;
 *   - home (`/#/pages/home/index`) shows the user's unit name in `#home-unit-name`;
 *   - home without a (valid) token sends the visitor to the login page.
 */
import type { Locator, Page } from 'playwright-core';
import { describeIfChromium } from '../support/services';
import { DEMO, ROUTES, useE2E, type E2E } from './harness';

const devUser = (openid: string) => `#dev-user-${openid}`;
const UNIT_NAME = '#home-unit-name';

describeIfChromium('sign-in (H5, development login)', () => {
  const e2e = useE2E();

  /** Runs a step; on failure says where the page was and what the page and server reported. */
  async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new Error(
        `${what} failed: ${(err as Error).message.split('\n')[0]}\n` +
          `  page: ${e2e.page.url()}\n` +
          `  page errors: ${e2e.pageErrors.length ? e2e.pageErrors.join(' | ') : 'none'}\n` +
          `--- server output (tail) ---\n${e2e.server.log() || '(none)'}`,
      );
    }
  }

  /** Taro's H5 router keeps earlier pages in the DOM, hidden: only the visible one counts. */
  const visible = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

  const routeMatcher = (route: string) => (url: URL) => url.hash.startsWith(route.slice(1));

  async function expectOnLogin(e: E2E): Promise<void> {
    await step('landing on the login page', () => e.page.waitForURL(routeMatcher(ROUTES.login)));
    await step(`seeing ${devUser(DEMO.reporter.openid)} in the dev-user picker`, () =>
      visible(e.page, devUser(DEMO.reporter.openid)).waitFor(),
    );
  }

  async function expectHomeWithUnit(e: E2E): Promise<void> {
    await step('landing on home', () => e.page.waitForURL(routeMatcher(ROUTES.home)));
    const unit = visible(e.page, UNIT_NAME);
    await step(`seeing "${DEMO.reporter.unitName}" in ${UNIT_NAME}`, async () => {
      await unit.waitFor();
      // The element may render before the profile arrives: wait for the text, not just the node.
      await e.page
        .waitForFunction(
          ([sel, text]) => Array.from(document.querySelectorAll(sel)).some((n) => (n.textContent ?? '').includes(text)),
          [UNIT_NAME, DEMO.reporter.unitName] as const,
        )
        .catch(async (err: Error) => {
          const shown = await e.page.locator(UNIT_NAME).allTextContents();
          throw new Error(`it shows ${JSON.stringify(shown)} (${err.message.split('\n')[0]})`);
        });
    });
    expect(await unit.textContent()).toContain(DEMO.reporter.unitName);
  }

  async function signInAsReporter(e: E2E): Promise<void> {
    await e.page.goto(e.url(ROUTES.login));
    await expectOnLogin(e);
    await step('clicking the demo reporter', () => visible(e.page, devUser(DEMO.reporter.openid)).click());
    await expectHomeWithUnit(e);
  }

  const uncaught = () => e2e.pageErrors.filter((m) => m.startsWith('pageerror'));

  it('sends a visitor without a token from home to the sign-in page', async () => {
    await e2e.page.goto(e2e.url(ROUTES.home));
    await expectOnLogin(e2e);
    // Nothing of a signed-in home may be showing.
    expect(await visible(e2e.page, UNIT_NAME).count()).toBe(0);
  });

  it('signs the demo reporter in from the picker and shows their unit on home', async () => {
    await signInAsReporter(e2e);
    expect(uncaught()).toEqual([]);
  });

  it('keeps the session across a reload, and loses it with the stored token', async () => {
    await signInAsReporter(e2e);

    await e2e.page.reload();
    await expectHomeWithUnit(e2e);

    // Taro H5 keeps its storage in localStorage: without it the visitor is signed out.
    await e2e.page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    await e2e.page.goto(e2e.url(ROUTES.home));
    await e2e.page.reload();
    await expectOnLogin(e2e);
    expect(uncaught()).toEqual([]);
  });

  it('sends a visitor with a token the server rejects back to sign-in', async () => {
    await signInAsReporter(e2e);
    // Replace every stored string that looks like our token with a forged one, whatever its key.
    const replaced = await e2e.page.evaluate(() => {
      let n = 0;
      for (const key of Object.keys(localStorage)) {
        const v = localStorage.getItem(key) ?? '';
        if (/eyJ[\w-]+\.[\w-]+\.[\w-]+/.test(v)) {
          localStorage.setItem(key, v.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged'));
          n += 1;
        }
      }
      return n;
    });
    // The app must keep its token (a JWT) in storage, or this test proves nothing.
    expect(replaced).toBeGreaterThan(0);
    await e2e.page.goto(e2e.url(ROUTES.home));
    await e2e.page.reload();
    await expectOnLogin(e2e);
  });
});
