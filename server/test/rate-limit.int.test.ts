import { randomBytes } from 'node:crypto';
import { describeIfRedis, redisUrl } from '../../tests/support/services';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Two server processes behind one load balancer must agree: with Redis they share one sign-in
 * budget per client, so spreading attempts across processes gains nothing.
 */
describeIfRedis('sign-in rate limit shared through Redis by several server processes', () => {
  const apps: { app: TestApp; stop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl!, REDIS_PREFIX: `ldt${randomBytes(4).toString('hex')}:`, LOGIN_RATE_LIMIT: '6' };
    apps.push(await startTestApp('sqlite', { env }), await startTestApp('sqlite', { env }));
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
  });

  it('counts attempts on both processes against one budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await apps[i % 2].app.http().post('/api/auth/dev-login').send({ openid: 'demo-public' });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('reports Redis in health', async () => {
    const res = await apps[0].app.http().get('/api/health').expect(200);
    expect(res.body.redis).toEqual({ ok: true });
  });
});

describe('sign-in rate limit without Redis', () => {
  let a: { app: TestApp; stop: () => Promise<void> };
  beforeAll(async () => {
    a = await startTestApp('sqlite', { env: { LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(() => a.stop());

  it('limits per process and refuses with 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await a.app.http().post('/api/auth/dev-login').send({ openid: 'demo-public' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
