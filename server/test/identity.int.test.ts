import { AuditLogEntity, UserEntity } from '../src/db/entities';
import { describeEachDatabase } from './support/test-app';

describeEachDatabase('identity and the API surface', (t) => {
  it('answers health with the database status', async () => {
    const res = await t().http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true, kind: t().kind } });
  });

  it('signs a demo reporter in and shows their unit', async () => {
    const res = await t().http().post('/api/auth/dev-login').send({ openid: 'demo-reporter' }).expect(200);
    expect(res.body.user).toMatchObject({ name: '李明', roles: ['public', 'reporter'], unit: { code: 'XCB', name: '宣传部' } });
    const me = await t().http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(me.body.unit.name).toBe('宣传部');
  });

  it('makes any other openid a public user, once, with an audit row', async () => {
    const users = t().services.db.manager.getRepository(UserEntity);
    const before = await users.count();
    const [a, b] = await Promise.all([
      t().http().post('/api/auth/dev-login').send({ openid: 'o-new-visitor' }),
      t().http().post('/api/auth/dev-login').send({ openid: 'o-new-visitor' }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.user.id).toBe(b.body.user.id);
    expect(a.body.user.roles).toEqual(['public']);
    expect(await users.count()).toBe(before + 1);
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ action: 'user.create', entityId: String(a.body.user.id) });
    expect(audit).toHaveLength(1);
  });

  it('refuses malformed JSON, unknown and mistyped fields with 400 and a code', async () => {
    const bad = await t().http().post('/api/auth/dev-login').set('Content-Type', 'application/json').send('{"openid":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const unknown = await t().http().post('/api/auth/dev-login').send({ openid: 'x', admin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    const typed = await t().http().post('/api/auth/dev-login').send({ openid: 42 });
    expect(typed.body.error.code).toBe('VALIDATION_FAILED');
    const scalar = await t().http().post('/api/auth/dev-login').set('Content-Type', 'application/json').send('"x"');
    expect(scalar.status).toBe(400);
  });

  it('answers 413 for a body over the limit, not 500', async () => {
    const res = await t().http().post('/api/auth/dev-login').send({ openid: 'x'.repeat(200 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 401 for missing, forged and expired tokens', async () => {
    expect((await t().http().get('/api/me')).body.error.code).toBe('UNAUTHENTICATED');
    const forged = await t().http().get('/api/me').set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.');
    expect(forged.status).toBe(401);
    const expired = await t().services.tokens.issue(1);
    const { tokenService } = await import('../src/http/auth');
    const past = tokenService(t().services.config.jwtSecret, 60, () => Date.now() - 3600_000);
    const old = await past.issue(1);
    expect((await t().http().get('/api/me').set('Authorization', `Bearer ${old.token}`)).status).toBe(401);
    expect((await t().http().get('/api/me').set('Authorization', `Bearer ${expired.token}`)).status).toBe(200);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t().http().get('/api/nothing-here').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('lists units to signed-in users', async () => {
    const h = await t().login('demo-public');
    const res = await t().http().get('/api/units').set(h.headers).expect(200);
    expect(res.body.items.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['宣传部', '城管局', '圣佛镇']));
  });

  it('lets an admin set roles, audits it, and refuses a reporter without a unit', async () => {
    const admin = await t().login('demo-admin');
    const visitor = await t().login('o-role-target');
    const noUnit = await t().http().put(`/api/admin/users/${visitor.userId}/roles`).set(admin.headers).send({ roles: ['reporter'] });
    expect(noUnit.status).toBe(400);
    const units = (await t().http().get('/api/units').set(admin.headers)).body.items;
    const res = await t().http().put(`/api/admin/users/${visitor.userId}/roles`).set(admin.headers).send({ roles: ['reporter', 'assessor'], unitId: units[0].id }).expect(200);
    expect(res.body.roles).toEqual(['public', 'assessor', 'reporter']);
    const audit = await t().services.db.manager.getRepository(AuditLogEntity).findBy({ action: 'user.roles.set', entityId: String(visitor.userId) });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data).added).toEqual(['assessor', 'reporter']);
    // The new role takes effect on the next request with the same token.
    const me = await t().http().get('/api/me').set(visitor.headers).expect(200);
    expect(me.body.roles).toContain('reporter');
    const list = await t().http().get('/api/admin/users?role=reporter&pageSize=50').set(admin.headers).expect(200);
    expect(list.body.items.map((u: { id: number }) => u.id)).toContain(visitor.userId);
  });

  it('searches users by name with % and _ taken literally', async () => {
    const admin = await t().login('demo-admin');
    const odd = await t().login('search-odd');
    const plain = await t().login('search-plain');
    await t().services.db.manager.update(UserEntity, { id: odd.userId }, { name: '张_50%测试' });
    await t().services.db.manager.update(UserEntity, { id: plain.userId }, { name: '张A50X测试' });
    const find = async (q: string) =>
      (await t().http().get(`/api/admin/users?q=${encodeURIComponent(q)}&pageSize=50`).set(admin.headers).expect(200)).body.items.map((u: { id: number }) => u.id);
    expect(await find('_50%')).toEqual([odd.userId]);
    expect(await find('50')).toEqual(expect.arrayContaining([odd.userId, plain.userId]));
  });
});

describeEachDatabase(
  'without the development login',
  (t) => {
    it('has no dev-login route at all', async () => {
      const res = await t().http().post('/api/auth/dev-login').send({ openid: 'demo-admin' });
      expect(res.status).toBe(404);
      expect((await t().http().get('/api/config')).body.devLogin).toBe(false);
    });
  },
  { env: { DEV_LOGIN: '0' } },
);
