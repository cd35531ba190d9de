import type { Middleware } from 'koa';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppServices } from '../services';
import { AppError } from './app-error';
import type { AppState } from './context';

/**
 * Limits calls per client IP. With Redis every server process counts against the same budget (a
 * client cannot multiply its allowance by hitting several processes behind the load balancer);
 * without Redis the budget is per process. If Redis fails the request passes and is logged: a
 * sign-in outage is worse than a short window without a limit.
 */
export function rateLimit(s: AppServices, name: string, opts: { points: number; durationSeconds: number }): Middleware<AppState> {
  const base = { keyPrefix: `${s.config.redisPrefix}rl:${name}`, points: opts.points, duration: opts.durationSeconds };
  const limiter = s.redis ? new RateLimiterRedis({ ...base, storeClient: s.redis }) : new RateLimiterMemory(base);
  return async (ctx, next) => {
    try {
      await limiter.consume(ctx.ip || 'unknown');
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        ctx.set('Retry-After', String(Math.ceil(e.msBeforeNext / 1000)));
        throw new AppError('RATE_LIMITED');
      }
      ctx.state.log.warn({ err: (e as Error).message, limiter: name }, 'rate limiter unavailable; request allowed');
    }
    await next();
  };
}
