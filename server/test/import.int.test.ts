import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AuditLogEntity, RoleGrantEntity, UnitEntity, UserEntity } from '../src/db/entities';
import { describeEachDatabase } from './support/test-app';

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csv = (text: string) => Buffer.from(text, 'utf8');

describeEachDatabase('admin import of units and users', (t) => {
  let admin: { headers: { Authorization: string } };
  beforeAll(async () => {
    admin = await t().login('demo-admin');
  });
  const upload = (kind: string, data: Buffer, name = 'file.xlsx', query = '') =>
    t().http().post(`/api/admin/imports/${kind}${query}`).set(admin.headers).attach('file', data, name);
  const count = async () => {
    const m = t().services.db.manager;
    return {
      units: await m.getRepository(UnitEntity).count(),
      users: await m.getRepository(UserEntity).count(),
      grants: await m.getRepository(RoleGrantEntity).count(),
      audit: await m.getRepository(AuditLogEntity).count(),
    };
  };

  it('imports units from .xlsx, upserting by code, with one audit row', async () => {
    const file = await xlsx([
      ['单位编码', '单位名称', '单位类型'],
      ['WJW', '卫健委', '县直部门'],
      ['MZZ', '孟店乡', '乡镇'],
      ['XCB', '宣传部', 'department'],
    ]);
    const before = await count();
    const res = await upload('units', file).expect(200);
    expect(res.body).toMatchObject({ kind: 'units', dryRun: false, rows: 3, created: 2, updated: 0, unchanged: 1, errors: [] });
    const after = await count();
    expect(after.units).toBe(before.units + 2);
    expect(after.audit).toBe(before.audit + 1);
    const again = await upload('units', await xlsx([['code', 'name', 'type'], ['WJW', '县卫健委', 'department']])).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    expect((await t().services.db.manager.getRepository(UnitEntity).findOneByOrFail({ code: 'WJW' })).name).toBe('县卫健委');
  });

  it('reads CSV in UTF-8 (with BOM) and in GB18030 as Excel saves it on Chinese Windows', async () => {
    const utf8 = await upload('units', csv('\uFEFF单位编码,单位名称,单位类型\nGTJ,国土局,县直部门\n'), 'u.csv').expect(200);
    expect(utf8.body.created).toBe(1);
    const gb = await upload('units', readFileSync(path.join(__dirname, 'fixtures/units-gb18030.csv')), 'g.csv').expect(200);
    expect(gb.body.created).toBe(2);
    expect((await t().services.db.manager.getRepository(UnitEntity).findOneByOrFail({ code: 'WXZ' })).name).toBe('望树镇');
  });

  it('imports users with roles by Chinese label and links them to units', async () => {
    const file = csv('姓名,手机号,单位编码,角色\n吴刚,13900000001,XCB,单位填报员\n郑洁,13900000002,,县委委员、季度观摩评分人\n');
    const res = await upload('users', file, 'users.csv').expect(200);
    expect(res.body).toMatchObject({ rows: 2, created: 2, errors: [] });
    const wu = await t().services.db.manager.getRepository(UserEntity).findOneOrFail({ where: { phone: '13900000001' }, relations: { unit: true, grants: true } });
    expect(wu.unit?.code).toBe('XCB');
    expect(wu.grants?.map((g) => g.role)).toEqual(['reporter']);
    expect(wu.openid).toBeNull();
    // Re-importing adds roles but never removes them.
    const more = await upload('users', csv('姓名,手机号,单位编码,角色\n吴刚,13900000001,XCB,unitHead\n'), 'u.csv').expect(200);
    expect(more.body).toMatchObject({ created: 0, updated: 1 });
    const grants = await t().services.db.manager.getRepository(RoleGrantEntity).findBy({ userId: wu.id });
    expect(grants.map((g) => g.role).sort()).toEqual(['reporter', 'unitHead']);
  });

  it('reports every bad row and writes nothing', async () => {
    const before = await count();
    const file = csv(
      [
        '姓名,手机号,单位编码,角色',
        '甲,1390000000,XCB,单位填报员', // 10-digit phone
        ',13900000011,XCB,', // no name
        '乙,13900000012,NOPE,', // unknown unit
        '丙,13900000013,,单位填报员', // reporter without a unit
        '丁,13900000014,XCB,市长', // unknown role
        '戊,13900000015,XCB,', // fine on its own
        '己,13900000015,XCB,', // duplicate phone
      ].join('\n'),
    );
    const res = await upload('users', file, 'bad.csv').expect(422);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    const rows = res.body.error.details.errors.map((e: { row: number }) => e.row);
    expect(rows).toEqual([2, 3, 4, 5, 6, 8]);
    expect(res.body.error.details.errors[0]).toMatchObject({ row: 2, column: '手机号' });
    expect(await count()).toEqual(before);
  });

  it('previews with dryRun and writes nothing', async () => {
    const before = await count();
    const res = await upload('units', csv('code,name,type\nDRY1,试运行单位,organ\n'), 'd.csv', '?dryRun=1').expect(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 1 });
    expect(await count()).toEqual(before);
  });

  it('refuses missing columns, an empty file, a binary file and a non-multipart body', async () => {
    const before = await count();
    expect((await upload('units', csv('编码,名称\nA,B\n'), 'x.csv').expect(400)).body.error.message).toContain('缺少列');
    expect((await upload('units', csv('code,name,type\n'), 'x.csv').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), Buffer.alloc(100)]);
    expect((await upload('units', png, 'units.xlsx').expect(415)).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const fakeZip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 1)]);
    expect((await upload('units', fakeZip, 'units.xlsx').expect(415)).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await t().http().post('/api/admin/imports/units').set(admin.headers).send({ rows: [] }).expect(415)).body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload('cars', csv('a\n1\n'), 'x.csv').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect(await count()).toEqual(before);
  });

  it('refuses a file over the limit with 413', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x41);
    const res = await upload('units', big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('is for admins only', async () => {
    const office = await t().login('demo-office');
    const res = await t().http().post('/api/admin/imports/units').set(office.headers).attach('file', csv('code,name,type\nZZ,z,organ\n'), 'z.csv');
    expect(res.status).toBe(403);
    expect(await t().services.db.manager.getRepository(UnitEntity).countBy({ code: 'ZZ' })).toBe(0);
  });
});
