/**
 * The office's search for a cadre (GET /api/cadres), on SQLite and MariaDB: by a part of the name
 * or of the unit's name, with the number of selected works in the cadre's file; only users of a
 * unit, never a phone number; `%`, `_` and the escape character match literally.
 */
import { cadrePageSchema, cadreFileSchema } from '@liangdian/shared';
import { UnitEntity, UserEntity } from '../src/db/entities';
import { closedMonthlyRound } from './support/publication';
import type { Session } from './support/reports';
import { describeEachDatabase } from './support/test-app';

describeEachDatabase('the office finds a cadre', (t) => {
  let office: Session, reporter: Session;
  const search = async (query: string) => cadrePageSchema.parse((await t().http().get(`/api/cadres${query}`).set(office.headers).expect(200)).body);
  const names = (page: { items: { name: string }[] }) => page.items.map((x) => x.name);

  beforeAll(async () => {
    office = await t().login('demo-office');
    reporter = await t().login('demo-reporter');
  });

  it('finds a demo cadre by part of the name and by the unit name, without phone numbers', async () => {
    const byName = await search(`?q=${encodeURIComponent('明')}`);
    expect(byName.items).toEqual([{ id: reporter.userId, name: '李明', unitName: '宣传部', roles: ['public', 'reporter'], selectedWorks: 0 }]);
    expect(byName).toMatchObject({ total: 1, page: 1, pageSize: 20 });

    const byUnit = await search(`?q=${encodeURIComponent(' 宣传 ')}`);
    expect(byUnit.items.map((x) => [x.name, x.unitName])).toEqual([
      ['李明', '宣传部'],
      ['张华', '宣传部'],
    ]);
    expect(byUnit.items[1]!.roles).toEqual(['public', 'unitHead']);

    const all = await t().http().get('/api/cadres?pageSize=100').set(office.headers).expect(200);
    expect(JSON.stringify(all.body)).not.toMatch(/1380000\d{4}|phone/);
    for (const item of all.body.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'roles', 'selectedWorks', 'unitName']);
    // Only users of a unit: the leading group, the admin and a plain public account have none.
    expect(all.body.items.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['李明', '张华', '赵强', '孙伟', '周丽', '王静']));
    expect(all.body.items.map((x: { name: string }) => x.name)).not.toEqual(expect.arrayContaining(['群众甲']));
    expect(all.body.items.every((x: { unitName: string }) => x.unitName)).toBe(true);
    expect((await search(`?q=${encodeURIComponent('群众')}`)).total).toBe(0);
    expect((await search(`?q=${encodeURIComponent('刘建国')}`)).total).toBe(0);
  });

  it('counts the selected works of each cadre as their file does', async () => {
    t().setNow(null);
    await closedMonthlyRound(t(), t().kind === 'sqlite' ? '2070-04' : '2071-04');
    const file = cadreFileSchema.parse((await t().http().get(`/api/users/${reporter.userId}/cadre-file`).set(office.headers).expect(200)).body);
    expect(file.records.length).toBe(2);
    const [found] = (await search(`?q=${encodeURIComponent('李明')}`)).items;
    expect(found).toMatchObject({ id: reporter.userId, selectedWorks: file.records.length });
    // The other cadre of the unit wrote none of the works.
    expect((await search(`?q=${encodeURIComponent('张华')}`)).items[0]!.selectedWorks).toBe(0);
  });

  it('lists imported cadres who have not signed in, and matches %, _ and ! literally', async () => {
    const m = t().services.db.manager;
    const unit = await m.getRepository(UnitEntity).findOneByOrFail({ code: 'CGJ' });
    for (const name of ['百分%之百', '百分_之百', '百分!之百', '百分x之百', '百分之百']) {
      await m.insert(UserEntity, { name, openid: null, phone: null, unitId: unit.id });
    }
    expect(names(await search(`?q=${encodeURIComponent('百分')}`))).toEqual(['百分%之百', '百分_之百', '百分!之百', '百分x之百', '百分之百']);
    expect(names(await search(`?q=${encodeURIComponent('%')}`))).toEqual(['百分%之百']);
    expect(names(await search(`?q=${encodeURIComponent('分%之')}`))).toEqual(['百分%之百']);
    expect(names(await search(`?q=${encodeURIComponent('分_之')}`))).toEqual(['百分_之百']);
    expect(names(await search(`?q=${encodeURIComponent('分!之')}`))).toEqual(['百分!之百']);
    expect(names(await search(`?q=${encodeURIComponent('!%')}`))).toEqual([]);
  });

  it('pages the results', async () => {
    const first = await search(`?q=${encodeURIComponent('宣传部')}&page=1&pageSize=1`);
    const second = await search(`?q=${encodeURIComponent('宣传部')}&page=2&pageSize=1`);
    expect([first.total, second.total, first.pageSize, second.page]).toEqual([2, 2, 1, 2]);
    expect([...names(first), ...names(second)]).toEqual(['李明', '张华']);
    expect((await search(`?q=${encodeURIComponent('宣传部')}&page=3&pageSize=1`)).items).toEqual([]);
  });

  it('refuses callers other than the office, and bad queries', async () => {
    const refused = await t().http().get('/api/cadres?q=x').set(reporter.headers);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // The role is checked before the query: a refusal does not tell what the query got wrong.
    expect((await t().http().get('/api/cadres?page=0').set(reporter.headers)).status).toBe(403);
    expect((await t().http().get('/api/cadres')).status).toBe(401);
    for (const query of ['page=0', 'page=-1', 'page=1.5', 'page=x', 'pageSize=0', 'pageSize=101', 'phone=138', 'q=a&q=b', `q=${'甲'.repeat(51)}`]) {
      const res = await t().http().get(`/api/cadres?${query.replace(/[^\x20-\x7e]/g, encodeURIComponent)}`).set(office.headers);
      expect({ query, status: res.status, code: res.body.error?.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    // Fifty characters once trimmed are enough.
    expect((await t().http().get(`/api/cadres?q=${encodeURIComponent(` ${'甲'.repeat(50)} `)}`).set(office.headers)).status).toBe(200);
  });
});
