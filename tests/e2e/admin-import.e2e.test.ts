/**
 * The admin imports units from a spreadsheet in the H5 build: a file with a bad row is refused with
 * the row named and nothing imported; the corrected file is previewed, then imported.
 */
import type { Locator, Page } from 'playwright-core';
import { describeIfChromium } from '../support/services';
import { ROUTES, useE2E } from './harness';

const BAD = '单位编码,单位名称,单位类型\nWJW,卫健委,县直部门\nMD-01,孟店乡,不知道\n';
const GOOD = '单位编码,单位名称,单位类型\nWJW,卫健委,县直部门\nMD-01,孟店乡,乡镇\n';

describeIfChromium('admin import of units (H5)', () => {
  const e2e = useE2E();
  const visible = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });
  const units = async () => {
    const { token } = await e2e.devLogin('demo-admin');
    const res = await fetch(e2e.url('/api/units'), { headers: { Authorization: `Bearer ${token}` } });
    return ((await res.json()).items as { code: string; name: string }[]).map((u) => u.code);
  };

  it('shows the bad row, imports nothing, then imports the corrected file', async () => {
    const page = e2e.page;
    await page.goto(e2e.url(ROUTES.login));
    await visible(page, '#dev-user-demo-admin').click();
    await visible(page, '#home-admin-link').click();
    await visible(page, '#import-kind-units').click();
    const pick = (text: string) => page.locator('#import-file-input').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

    await pick(BAD);
    await visible(page, '#import-submit').click();
    const errors = visible(page, '#import-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('3');
    expect(await errors.textContent()).toContain('单位类型');
    expect(await units()).not.toContain('WJW');

    await pick(GOOD);
    await visible(page, '#import-dry-run').click();
    await visible(page, '#import-result[data-dry-run="1"]').waitFor();
    expect(await units()).not.toContain('WJW');
    await visible(page, '#import-submit').click();
    await visible(page, '#import-result[data-dry-run="0"]').waitFor();
    expect(await visible(page, '#import-result-created').textContent()).toContain('2');
    expect(await units()).toEqual(expect.arrayContaining(['WJW', 'MD-01']));
  });
});
