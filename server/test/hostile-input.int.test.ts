import { describeEachDatabase } from './support/test-app';

/** Bodies a client may send that no schema expects; none may reach a 500. */
const BODIES: (string | undefined)[] = [
  '',
  'null',
  '[]',
  '[1,2,3]',
  '0',
  'true',
  '"text"',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"openid":null}',
  '{"openid":["demo-admin"]}',
  '{"openid":{"$gt":""}}',
  '{"code":"\u0000\u0001"}',
  '{"roles":"admin"}',
  '{"roles":[null]}',
  '{"roles":["admin"],"unitId":1e309}',
  '{"roles":["admin"],"unitId":-1}',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  '{"openid":"😀🀄\uD800"}',
  '{"openid":"\' OR 1=1 --"}',
  '\uFEFF{"openid":"x"}',
  '{bad json',
  undefined,
];
const PATHS = [
  '/api/admin/users/abc/roles',
  '/api/admin/users/99999999999999999999/roles',
  '/api/admin/users/-1/roles',
  '/api/admin/users/%00/roles',
  '/api/admin/imports/../../etc/passwd',
  '/api/admin/imports/%2e%2e%2fusers',
  '/api/admin/users?page=-1',
  '/api/admin/users?page=1e9&pageSize=100000',
  '/api/admin/users?q=%25%27%22',
  '/api/admin/users?role=god',
  '/api/admin/users?page=1&page=2',
  '/api/units?x=1',
  '/api/%E4%B8%AD',
  '/api/%',
];

describeEachDatabase('hostile input never reaches a 500', (t) => {
  it('answers every odd body on every write route with a 4xx or a success', async () => {
    const admin = await t().login('demo-admin');
    const target = (await t().login('o-hostile')).userId;
    const routes = [
      ['post', '/api/auth/dev-login'],
      ['post', '/api/auth/wechat-login'],
      ['post', '/api/me/phone'],
      ['put', `/api/admin/users/${target}/roles`],
      ['post', '/api/admin/imports/units'],
    ] as const;
    for (const [method, path] of routes) {
      for (const body of BODIES) {
        let req = t().http()[method](path).set(admin.headers);
        if (body !== undefined) req = req.set('Content-Type', 'application/json').send(body);
        const res = await req;
        expect({ path, body: body?.slice(0, 40), status: res.status < 500 || res.status === 503 }).toEqual({ path, body: body?.slice(0, 40), status: true });
        expect(res.body?.error?.message ?? '').not.toMatch(/at .*\.(ts|js):\d+|SQL|QueryFailed/);
      }
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers odd paths and queries with a 4xx', async () => {
    const admin = await t().login('demo-admin');
    for (const p of PATHS) {
      const res = await t().http().get(p).set(admin.headers);
      const put = await t().http().put(p).set(admin.headers).send({ roles: [] });
      expect({ p, get: res.status < 500, put: put.status < 500 }).toEqual({ p, get: true, put: true });
    }
  });

  it('refuses a multipart body that lies about its boundary', async () => {
    const admin = await t().login('demo-admin');
    const res = await t()
      .http()
      .post('/api/admin/imports/units')
      .set(admin.headers)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode\r\n--abc--');
    expect(res.status).toBe(400);
    const noBoundary = await t().http().post('/api/admin/imports/units').set(admin.headers).set('Content-Type', 'multipart/form-data').send('x');
    expect(noBoundary.status).toBe(400);
  });
});
