import { ERROR_CODES } from '@liangdian/shared';
import { AuditLogEntity, RoleGrantEntity, UnitEntity, UserEntity } from '../src/db/entities';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';
import { describeEachDatabase, type TestApp } from './support/test-app';

/**
 * WeChat sign-in and phone binding through the real app, talking over HTTP to a local server that
 * imitates WeChat (support/fake-wechat.ts), on SQLite and on MariaDB.
 */
let fake: FakeWechat;
// Runs before each suite's own beforeAll, which reads the settings (env as a function).
beforeAll(async () => {
  fake = await startFakeWechat({ appId: 'wx-test', secret: 'test-secret' });
});
afterAll(() => fake?.stop());

let n = 0;
/** Codes are shared by both suites' fake: every one is new. */
const uniq = (what: string) => `${what}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

function wechatSuite(t: () => TestApp) {
  const users = () => t().services.db.manager.getRepository(UserEntity);
  const grants = () => t().services.db.manager.getRepository(RoleGrantEntity);
  const audit = () => t().services.db.manager.getRepository(AuditLogEntity);

  const loginCode = (openid: string) => {
    const code = uniq('js');
    fake.addLoginCode(code, openid);
    return code;
  };
  const login = (code: string) => t().http().post('/api/auth/wechat-login').send({ code });
  /** Signs in a WeChat user (created as `public` on first sign-in); returns the bearer header. */
  const signIn = async (openid: string) => {
    const res = await login(loginCode(openid)).expect(200);
    return { Authorization: `Bearer ${res.body.token}`, userId: res.body.user.id as number };
  };
  const phoneCode = (phone: string) => {
    const code = uniq('ph');
    fake.addPhoneCode(code, phone);
    return code;
  };
  const bind = (auth: { Authorization: string }, code: string) => t().http().post('/api/me/phone').set(auth).send({ code });

  /** An imported cadre: a row with name, phone, unit and grants, not signed in yet (openid null). */
  const createCadre = async (c: { name: string; phone: string; unitCode: string; roles: string[]; openid?: string | null }) => {
    const m = t().services.db.manager;
    const unit = await m.getRepository(UnitEntity).findOneByOrFail({ code: c.unitCode });
    const id = (await m.insert(UserEntity, { openid: c.openid ?? null, name: c.name, phone: c.phone, unitId: unit.id })).identifiers[0].id as number;
    for (const role of c.roles) await m.insert(RoleGrantEntity, { userId: id, role: role as RoleGrantEntity['role'] });
    return { id, unit };
  };
  /** Everything a refused binding must leave as it was. */
  const snapshot = async () => ({
    users: await users().count(),
    grants: await grants().count(),
    audit: await audit().count(),
    rows: (await users().find({ order: { id: 'ASC' } })).map((u) => [u.id, u.openid, u.phone, u.unitId, u.name]),
  });

  describe('wechat-login', () => {
    it('creates a public user on first sign-in, with a token that works on /api/me', async () => {
      const before = await users().count();
      const code = loginCode('o-first');
      const res = await login(code).expect(200);
      expect(res.body.user).toMatchObject({ name: '微信用户', phone: null, roles: ['public'], unit: null });
      expect(await users().count()).toBe(before + 1);
      const row = await users().findOneByOrFail({ openid: 'o-first' });
      expect(row.id).toBe(res.body.user.id);
      const me = await t().http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      expect(me.body).toMatchObject({ id: row.id, roles: ['public'] });
      expect(await audit().countBy({ action: 'user.create', entityId: String(row.id) })).toBe(1);
      // What the server sent to WeChat.
      const sent = fake.calls('/sns/jscode2session').find((r) => r.query.js_code === code)!;
      expect(sent.query).toEqual({ appid: 'wx-test', secret: 'test-secret', js_code: code, grant_type: 'authorization_code' });
    });

    it('signs the same openid in as the same user with a new code', async () => {
      const first = await login(loginCode('o-again')).expect(200);
      const count = await users().count();
      const second = await login(loginCode('o-again')).expect(200);
      expect(second.body.user.id).toBe(first.body.user.id);
      expect(await users().count()).toBe(count);
    });

    it('refuses a used or unknown code with 400 WECHAT_CODE_INVALID and creates no user', async () => {
      const code = loginCode('o-once');
      await login(code).expect(200);
      const count = await users().count();
      const used = await login(code);
      expect(used.status).toBe(400);
      expect(used.body.error.code).toBe('WECHAT_CODE_INVALID');
      const unknown = await login(uniq('never-issued'));
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('WECHAT_CODE_INVALID');
      expect(await users().count()).toBe(count);
    });

    it('maps a high-risk user (40226) to 403 and WeChat rate limiting (45011) to 429, creating no user', async () => {
      const count = await users().count();
      const risky = uniq('js');
      fake.addLoginCode(risky, { errcode: 40226 });
      const blocked = await login(risky);
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('WECHAT_USER_BLOCKED');
      const busy = uniq('js');
      fake.addLoginCode(busy, { errcode: 45011 });
      const limited = await login(busy);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(await users().count()).toBe(count);
    });

    it.each(['html', 'reset'] as const)('answers 502 when WeChat is down (%s), with nothing internal in the body', async (mode) => {
      const count = await users().count();
      fake.setDown(mode);
      try {
        const res = await login(loginCode('o-down'));
        expect(res.status).toBe(502);
        expect(res.body.error).toEqual({ code: 'WECHAT_UNAVAILABLE', message: ERROR_CODES.WECHAT_UNAVAILABLE.message, requestId: expect.any(String) });
        const text = JSON.stringify(res.body);
        for (const leak of ['jscode2session', 'errcode', 'network', 'HTTP', 'test-secret', '127.0.0.1', 'stack', '    at ']) {
          expect(text).not.toContain(leak);
        }
      } finally {
        fake.setDown(null);
      }
      expect(await users().count()).toBe(count);
    });

    it('validates the body before calling WeChat', async () => {
      const calls = fake.requests.length;
      const res = await t().http().post('/api/auth/wechat-login').send({ code: '' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect((await t().http().post('/api/auth/wechat-login').send({ code: 'x', openid: 'o-forged' })).status).toBe(400);
      expect(fake.requests.length).toBe(calls);
    });
  });

  describe('phone binding', () => {
    it('links a new WeChat user to the imported cadre with that phone', async () => {
      const cadre = await createCadre({ name: '吴刚', phone: '13911110001', unitCode: 'CGJ', roles: ['reporter'] });
      const visitor = await signIn('o-cadre-wu');
      const before = await users().count();
      const p = phoneCode('13911110001');
      const res = await bind(visitor, p).expect(200);
      expect(res.body.user).toMatchObject({ id: cadre.id, name: '吴刚', phone: '13911110001', roles: ['public', 'reporter'], unit: { code: 'CGJ', name: cadre.unit.name } });
      // The bare public row is gone; the cadre's row holds the openid.
      expect(await users().findOneBy({ id: visitor.userId })).toBeNull();
      expect(await users().count()).toBe(before - 1);
      expect((await users().findOneByOrFail({ id: cadre.id })).openid).toBe('o-cadre-wu');
      const [row] = await audit().findBy({ action: 'user.bind', entityId: String(cadre.id) });
      expect(JSON.parse(row.data)).toEqual({ phone: '13911110001', replacedUserId: visitor.userId });
      expect(row.actorId).toBe(cadre.id);
      // The answer carries a token for the cadre's row: the app goes on without signing in again.
      const meNow = await t().http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      expect(meNow.body).toMatchObject({ id: cadre.id, roles: ['public', 'reporter'] });
      // WeChat was asked with the current access token and the button's code.
      const sent = fake.calls('/wxa/business/getuserphonenumber').find((r) => r.body?.code === p)!;
      expect(sent.query.access_token).toBe(fake.currentToken());
      // From now on signing in with that WeChat account is signing in as the cadre.
      const again = await login(loginCode('o-cadre-wu')).expect(200);
      expect(again.body.user).toMatchObject({ id: cadre.id, name: '吴刚', roles: ['public', 'reporter'], unit: { code: 'CGJ' } });
      const me = await t().http().get('/api/me').set('Authorization', `Bearer ${again.body.token}`).expect(200);
      expect(me.body.id).toBe(cadre.id);
    });

    it('never lets the token of the removed public row act as anyone else', async () => {
      await createCadre({ name: '郑洁', phone: '13911110002', unitCode: 'XCB', roles: ['reporter'] });
      const visitor = await signIn('o-cadre-zheng');
      await bind(visitor, phoneCode('13911110002')).expect(200);
      // A user created afterwards must not inherit the removed row's id (and with it the old token).
      const next = await signIn(uniq('o-after'));
      expect(next.userId).not.toBe(visitor.userId);
      // Today the old token stops working (401) and the app signs in again; it must never be 200
      // for anyone but the cadre.
      // The old token stops working (401): the app uses the token the binding answered with.
      const me = await t().http().get('/api/me').set('Authorization', visitor.Authorization);
      expect(me.status).toBe(401);
    });

    it('keeps the phone on the user itself when no cadre has it', async () => {
      const visitor = await signIn('o-no-cadre');
      const count = await users().count();
      const res = await bind(visitor, phoneCode('13922220001')).expect(200);
      expect(res.body.user).toMatchObject({ id: visitor.userId, phone: '13922220001', roles: ['public'], unit: null });
      expect(await users().count()).toBe(count);
      expect(await audit().countBy({ action: 'user.phone.set', entityId: String(visitor.userId) })).toBe(1);
      // Binding the same number again changes nothing.
      await bind(visitor, phoneCode('13922220001')).expect(200);
      expect(await audit().countBy({ action: 'user.phone.set', entityId: String(visitor.userId) })).toBe(1);
    });

    it('retries once with a new token when WeChat says the token is stale', async () => {
      const visitor = await signIn('o-stale');
      await bind(visitor, phoneCode('13922220002')).expect(200);
      const old = fake.currentToken();
      fake.makeTokenStale();
      const other = await signIn('o-stale-2');
      const res = await bind(other, phoneCode('13922220003')).expect(200);
      expect(res.body.user.phone).toBe('13922220003');
      expect(fake.currentToken()).not.toBe(old);
    });

    it('maps WeChat failures on the phone code like sign-in', async () => {
      const visitor = await signIn('o-bad-phone');
      const bad = await bind(visitor, uniq('no-such-phone-code'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('WECHAT_CODE_INVALID');
      fake.setDown('html');
      try {
        const down = await bind(visitor, phoneCode('13922220004'));
        expect(down.status).toBe(502);
        expect(down.body.error.code).toBe('WECHAT_UNAVAILABLE');
      } finally {
        fake.setDown(null);
      }
      expect((await users().findOneByOrFail({ id: visitor.userId })).phone).toBeNull();
      expect((await t().http().post('/api/me/phone').send({ code: 'x' })).status).toBe(401);
    });

    it('refuses with 409 a phone already bound to another WeChat account, changing nothing', async () => {
      const cadre = await createCadre({ name: '钱进', phone: '13911110003', unitCode: 'CGJ', roles: ['reporter'], openid: 'o-owner' });
      const intruder = await signIn('o-intruder');
      const before = await snapshot();
      const res = await bind(intruder, phoneCode('13911110003'));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
      expect((await users().findOneByOrFail({ id: cadre.id })).openid).toBe('o-owner');
      expect((await users().findOneByOrFail({ id: intruder.userId })).openid).toBe('o-intruder');
      // The owner still signs in as the cadre; the intruder as themselves.
      expect((await login(loginCode('o-owner')).expect(200)).body.user.id).toBe(cadre.id);
      expect((await login(loginCode('o-intruder')).expect(200)).body.user.id).toBe(intruder.userId);
    });

    it('refuses with 409 when the signed-in account already has roles, changing nothing', async () => {
      const cadre = await createCadre({ name: '冯雪', phone: '13911110004', unitCode: 'XCB', roles: ['unitHead'] });
      const holder = await signIn('o-holder');
      await grants().insert({ userId: holder.userId, role: 'assessor' });
      const before = await snapshot();
      const res = await bind(holder, phoneCode('13911110004'));
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
      expect((await users().findOneByOrFail({ id: cadre.id })).openid).toBeNull();
    });

    it('gives a cadre to one WeChat account when two bind the same phone at once', async () => {
      const cadre = await createCadre({ name: '韩梅', phone: '13911110005', unitCode: 'CGJ', roles: ['reporter'] });
      const a = await signIn('o-race-a');
      const b = await signIn('o-race-b');
      const [ra, rb] = await Promise.all([bind(a, phoneCode('13911110005')), bind(b, phoneCode('13911110005'))]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      const [winner, loser] = ra.status === 200 ? [a, b] : [b, a];
      const winnerOpenid = winner === a ? 'o-race-a' : 'o-race-b';
      expect((await users().findOneByOrFail({ id: cadre.id })).openid).toBe(winnerOpenid);
      expect(await users().findOneBy({ id: winner.userId })).toBeNull();
      // The loser keeps their own account.
      expect(await users().findOneBy({ id: loser.userId })).not.toBeNull();
      expect(await audit().countBy({ action: 'user.bind', entityId: String(cadre.id) })).toBe(1);
    });
  });
}

describeEachDatabase('WeChat sign-in and phone binding', wechatSuite, {
  env: () => ({ WECHAT_APPID: 'wx-test', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: fake.url }),
});

describeEachDatabase('WeChat sign-in without WeChat settings', (t) => {
  it('answers 503 WECHAT_NOT_CONFIGURED on wechat-login and phone binding', async () => {
    const res = await t().http().post('/api/auth/wechat-login').send({ code: 'any' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('WECHAT_NOT_CONFIGURED');
    const h = await t().login('demo-public');
    const phone = await t().http().post('/api/me/phone').set(h.headers).send({ code: 'any' });
    expect(phone.status).toBe(503);
    expect(phone.body.error.code).toBe('WECHAT_NOT_CONFIGURED');
  });
});
