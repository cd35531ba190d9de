/**
 * The month from the office's ledger to its highlights, in the H5 build against the real server:
 * the office merges a leader's recommendation into the unit's report of the same work, verifies
 * the entries on site, opens the monthly vote; three leading-group members vote; the office closes
 * it and the month's highlights appear. The received items are set up through the API (the
 * reporting suite drives that part through the pages).
 */
import { cameraJpeg } from '../../server/test/fixtures/evidence-images';
import { describeIfChromium } from '../support/services';
import { useE2E } from './harness';
import { people, visible } from './people';

const WORKS = {
  toilets: { title: '农村户厕改造全面完成年度任务', summary: '全县完成农村户厕改造3200户，建立粪污收集转运体系，配备抽粪车12台，群众满意率达到96%以上。', category: 'tenFields' },
  toiletsByLeader: { title: '农村厕所改造超额完成全年任务', summary: '今年完成农村户厕改造3200余户，同步建立粪污收集转运体系，配备抽粪车12台，群众满意率超过96%。', category: 'tenFields', reason: '群众获得感强' },
  parking: { title: '智慧停车系统上线运行', summary: '在城区主要街道施划智慧停车泊位860个，群众通过手机即可查询空余车位并缴费，停车难问题明显缓解。', category: 'tenFields' },
  hotline: { title: '县融媒体中心开通网上问政平台', summary: '开通网上问政栏目，本月受理群众留言460条，办结率98%，相关部门负责人在线答复群众关切。', category: 'reform', reason: '第二项：群众关注度高' },
};

describeIfChromium('from the ledger to the month\'s highlights (H5)', () => {
  const e2e = useE2E();

  /** A report or recommendation taken to "received": it enters the ledger. Returns its ledger entry id. */
  async function received(author: string, head: string | null, work: object, path = '/api/reports'): Promise<number> {
    const draft = await api(author, 'POST', path, work);
    const kind = path.endsWith('recommendations') ? 'recommendation' : 'report';
    const { month } = await api(author, 'GET', `/api/quota?kind=${kind}`);
    await api(author, 'POST', `/api/reports/${draft.id}/submit`, { month });
    if (head) await api(head, 'POST', `/api/reports/${draft.id}/sign-off`, {});
    await api('demo-office', 'POST', `/api/reports/${draft.id}/receive`, {});
    const ledger = await api('demo-office', 'GET', `/api/ledger?month=${month}&pageSize=100`);
    return ledger.items.find((e: { sources: { reportId: number }[] }) => e.sources.some((s) => s.reportId === draft.id)).id;
  }

  const { api, asPerson, closeAll } = people(e2e);
  afterEach(() => closeAll());

  it('merges, verifies, votes and publishes', async () => {
    const report = await received('demo-reporter', 'demo-unithead', WORKS.toilets);
    const recommendation = await received('demo-leader', null, WORKS.toiletsByLeader, '/api/recommendations');
    const parking = await received('demo-reporter-cgj', 'demo-unithead-cgj', WORKS.parking);
    const hotline = await received('demo-reporter', 'demo-unithead', WORKS.hotline);
    const office = await asPerson('demo-office');
    const officeId = (await api('demo-office', 'GET', '/api/me')).id;

    // The ledger flags the recommendation as a likely duplicate of the unit's report: merge it in.
    await visible(office, '#home-link-ledger').click();
    await visible(office, `#ledger-dup-badge-${recommendation}`).waitFor();
    await visible(office, `#ledger-item-${recommendation}`).click();
    await visible(office, `#entry-dup-${report}-merge`).click();
    await visible(office, '#merge-keep-other').click();
    await visible(office, '#merge-reason').fill('县领导推荐与单位申报为同一项工作');
    await visible(office, '#merge-confirm').click();
    await visible(office, `#entry-detail[data-id="${report}"]`).waitFor();

    // On-site verification: assign, record the visit, pass.
    for (const entry of [report, parking, hotline]) {
      await office.goto(e2e.url(`/#/packages/office/pages/entry/index?id=${entry}`));
      await visible(office, `#entry-detail[data-id="${entry}"]`).waitFor();
      await visible(office, '#inspector-select').selectOption(String(officeId));
      await visible(office, '#inspector-assign').click();
      if (entry === report) {
        // A photo taken at the visit, kept with the inspection.
        const photo = await cameraJpeg(800, 600, 'b');
        await office.locator('#inspection-photo-input').setInputFiles({ name: 'visit.jpg', mimeType: 'image/jpeg', buffer: photo });
        await visible(office, '#inspection-photo-0[data-status="done"]').waitFor();
      }
      await visible(office, '#inspection-findings').fill('现场查看台账资料和实地情况，情况属实');
      await visible(office, '#inspection-verdict-pass').click();
      await visible(office, '#inspection-submit').click();
      await visible(office, '#entry-detail[data-status="passed"]').waitFor();
    }
    expect((await api('demo-office', 'GET', `/api/ledger/${report}`)).photos).toHaveLength(1);

    // The catalog holds the three verified works; open the vote for 2 highlights.
    const { month } = await api('demo-reporter', 'GET', '/api/quota?kind=report');
    await office.goto(e2e.url(`/#/packages/office/pages/catalog/index?month=${month}`));
    for (const entry of [report, parking, hotline]) await visible(office, `#catalog-item-${entry}`).waitFor();
    await visible(office, '#round-open').click();
    await visible(office, '#round-select-count').fill('2');
    await visible(office, '#round-ends-at').fill('2099-12-31T18:00');
    await visible(office, '#round-open-confirm').click();
    await visible(office, '#round-detail[data-status="open"]').waitFor();
    const roundId = (await api('demo-office', 'GET', '/api/rounds')).items[0].id;

    // Three members vote in their own browsers.
    const ballots: [string, number[]][] = [
      ['demo-leader', [report, parking]],
      ['demo-member-2', [report, hotline]],
      ['demo-member-3', [report, parking]],
    ];
    for (const [member, choice] of ballots) {
      const page = await asPerson(member);
      await visible(page, '#home-link-rounds').click();
      await visible(page, `#round-item-${roundId}`).click();
      for (const entry of choice) await visible(page, `#ballot-entry-${entry}`).click();
      await visible(page, '#ballot-count[data-count="2"]').waitFor();
      await visible(page, '#ballot-submit').click();
      await visible(page, '#ballot[data-state="saved"]').waitFor();
    }

    // The office closes the vote: 3 for the toilets work, 2 for parking, 1 for the hotline.
    await office.reload();
    await visible(office, '#round-close').click();
    await visible(office, `#result-row-${report}[data-selected="1"]`).waitFor();
    expect(await visible(office, `#result-row-${report}`).getAttribute('data-votes')).toBe('3');
    expect(await visible(office, `#result-row-${parking}`).getAttribute('data-selected')).toBe('1');
    expect(await visible(office, `#result-row-${hotline}`).getAttribute('data-selected')).toBe('0');

    // Anyone signed in sees the month's highlights.
    const reader = await asPerson('demo-public');
    await reader.goto(e2e.url(`/#/packages/office/pages/highlights/index?month=${month}`));
    await visible(reader, `#highlight-${report}`).waitFor();
    await visible(reader, `#highlight-${parking}`).waitFor();
    expect(await visible(reader, `#highlight-${hotline}`).count()).toBe(0);
    expect(e2e.pageErrors.filter((m) => m.startsWith('pageerror'))).toEqual([]);
  });
});
