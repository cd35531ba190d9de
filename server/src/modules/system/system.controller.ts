import type { Health, PublicConfig } from '@liangdian/shared';
import { authenticate } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { listUnits } from '../units/units.service';

const VERSION = process.env.npm_package_version ?? '0.1.0';

async function redisOk(s: AppServices): Promise<boolean> {
  try {
    return (await s.redis!.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export function systemRoutes(router: AppRouter, s: AppServices, identity: IdentityService) {
  // For load balancers: 503 when a dependency is down, so traffic leaves this process.
  router.get('/health', async (ctx) => {
    const database = { ok: await s.db.ping(), kind: s.db.kind };
    const redis = s.redis ? { ok: await redisOk(s) } : undefined;
    const ok = database.ok && (redis?.ok ?? true);
    const body: Health = { status: ok ? 'ok' : 'degraded', database, ...(redis ? { redis } : {}), version: VERSION };
    ctx.status = ok ? 200 : 503;
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
