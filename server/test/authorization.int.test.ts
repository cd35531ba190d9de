import { ROLES, type Role } from '@liangdian/shared';
import { AuditLogEntity, RoleGrantEntity, UnitEntity, UserEntity } from '../src/db/entities';
import { describeEachDatabase } from './support/test-app';

/**
 * Every API route × every caller, with the answer expected. A route added without rows here fails
 * the coverage test below. `anon` has no token; each role's caller holds that role alone.
 */
type Caller = 'anon' | Role;
const CALLERS: Caller[] = ['anon', ...ROLES];

interface RouteCase {
  method: 'get' | 'post' | 'put';
  path: string;
  /** The pattern as registered, when `path` fills in parameters. */
  pattern?: string;
  body?: object;
  file?: { name: string; data: Buffer };
  /** Expected status by caller; `rest` for every caller not named. */
  expect: Partial<Record<Caller | 'rest', number>>;
}

const ADMIN_ONLY = { anon: 401, admin: 200, rest: 403 };
const SIGNED_IN = { anon: 401, rest: 200 };

function routes(targetUserId: number, unitId: number): RouteCase[] {
  return [
    { method: 'get', path: '/api/health', expect: { rest: 200 } },
    { method: 'get', path: '/api/config', expect: { rest: 200 } },
    { method: 'post', path: '/api/auth/wechat-login', body: { code: 'c' }, expect: { rest: 503 } },
    { method: 'post', path: '/api/auth/dev-login', body: { openid: 'demo-public' }, expect: { rest: 200 } },
    { method: 'get', path: '/api/auth/dev-users', expect: { rest: 200 } },
    { method: 'get', path: '/api/me', expect: SIGNED_IN },
    { method: 'post', path: '/api/me/phone', body: { code: 'c' }, expect: { anon: 401, rest: 503 } },
    { method: 'get', path: '/api/units', expect: SIGNED_IN },
    { method: 'get', path: '/api/admin/users', expect: ADMIN_ONLY },
    {
      method: 'put',
      path: `/api/admin/users/${targetUserId}/roles`,
      pattern: '/api/admin/users/:id/roles',
      body: { roles: ['reporter'], unitId },
      expect: ADMIN_ONLY,
    },
    {
      method: 'post',
      path: '/api/admin/imports/units?dryRun=1',
      pattern: '/api/admin/imports/:kind',
      file: { name: 'u.csv', data: Buffer.from('code,name,type\nAUTHZ,鉴权测试单位,organ\n') },
      expect: ADMIN_ONLY,
    },
  ];
}

describeEachDatabase('authorization: every route × every role', (t) => {
  const headers = new Map<Caller, Record<string, string>>();
  let target = 0;
  let unitId = 0;

  beforeAll(async () => {
    const m = t().services.db.manager;
    unitId = (await m.getRepository(UnitEntity).findOneByOrFail({ code: 'XCB' })).id;
    for (const role of ROLES) {
      const { headers: auth, userId } = await t().login(`authz-${role}`);
      await m.update(UserEntity, { id: userId }, { unitId: role === 'reporter' || role === 'unitHead' ? unitId : null });
      if (role !== 'public') await m.insert(RoleGrantEntity, { userId, role });
      headers.set(role, auth);
    }
    headers.set('anon', {});
    target = (await t().login('authz-target')).userId;
  });

  const snapshot = async () => {
    const m = t().services.db.manager;
    return {
      audit: await m.getRepository(AuditLogEntity).count(),
      users: await m.getRepository(UserEntity).count(),
      grants: await m.getRepository(RoleGrantEntity).find({ order: { id: 'ASC' } }),
      units: await m.getRepository(UnitEntity).count(),
    };
  };

  it('covers every registered API route', () => {
    const registered = t()
      .app.api.stack.flatMap((layer) => layer.methods.filter((x) => x !== 'HEAD').map((x) => `${x} ${layer.path}`))
      .sort();
    const covered = routes(0, 0).map((r) => `${r.method.toUpperCase()} ${r.pattern ?? r.path.split('?')[0]}`).sort();
    expect(covered).toEqual(registered);
  });

  for (const caller of CALLERS) {
    it(`answers ${caller} as the table says, and a refusal changes nothing`, async () => {
      for (const r of routes(target, unitId)) {
        const expected = r.expect[caller] ?? r.expect.rest!;
        const before = await snapshot();
        let req = t().http()[r.method](r.path).set(headers.get(caller)!);
        if (r.file) req = req.attach('file', r.file.data, r.file.name);
        const res = await (r.body ? req.send(r.body) : req);
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: expected });
        if (expected >= 400) {
          expect(res.body.error.code).toEqual(expect.any(String));
          expect(await snapshot()).toEqual(before);
        }
      }
    });
  }
});
