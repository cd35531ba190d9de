import type { Health, PublicConfig } from '@liangdian/shared';
import { authenticate } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { listUnits } from '../units/units.service';

const VERSION = process.env.npm_package_version ?? '0.1.0';

async function redisOk(s: AppServices): Promise<boolean> {
  try {
    // A Redis being reconnected queues commands; the health check must not wait with them.
    const answer = await Promise.race([s.redis!.ping(), new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 500).unref())]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}

export function systemRoutes(router: AppRouter, s: AppServices, identity: IdentityService) {
  // For load balancers: 503 when this process cannot serve (its database is unreachable), so traffic
  // leaves it. Redis is shared by every process and each falls back to its own counters without it:
  // "degraded" with 200, or a Redis outage would take every process out of service at once.
  router.get('/health', async (ctx) => {
    const database = { ok: await s.db.ping(), kind: s.db.kind };
    const redis = s.redis ? { ok: await redisOk(s) } : undefined;
    const ok = database.ok && (redis?.ok ?? true);
    const body: Health = { status: ok ? 'ok' : 'degraded', database, ...(redis ? { redis } : {}), version: VERSION };
    ctx.status = database.ok ? 200 : 503;
    ctx.body = body;
  });

  router.get('/config', async (ctx) => {
    const body: PublicConfig = { devLogin: s.config.devLogin, wechatLogin: Boolean(s.config.wechat), monthlyCutoffDay: s.config.monthlyCutoffDay };
    ctx.body = body;
  });

  router.get('/units', authenticate(s.tokens, (id) => identity.loadAuthUser(id)), async (ctx) => {
    ctx.body = { items: await listUnits(s.db) };
  });
}
