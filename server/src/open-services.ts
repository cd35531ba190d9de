import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { Database } from './db/database';
import { tokenService } from './http/auth';
import type { AppServices } from './services';
import { createStorage } from './modules/evidence/storage';
import { WechatClient } from './wechat/wechat-client';

/**
 * One JSON line per event on stdout, written asynchronously in 4 KB blocks and at least every
 * second: a log line per request must not cost a write system call per request (the last lines are
 * flushed on shutdown; a crash may lose up to a second of lines).
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  const options = { level: config.logLevel, base: { pid: process.pid }, redact: ['req.headers.authorization', 'token', 'secret'] };
  if (config.logLevel === 'silent') return pino(options);
  return pino(options, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 } as Parameters<typeof pino.destination>[0]));
}

/** Opens the database (running migrations) and Redis; the caller closes them with `closeServices`. */
export async function openServices(config: Config, logger: Logger = createLogger(config)): Promise<AppServices> {
  const db = await Database.open(config.database);
  let redis: Redis | null = null;
  if (config.redisUrl) {
    // Auto-pipelining sends the commands of one event-loop turn in one write (rate limits of many requests at once).
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true, enableAutoPipelining: true });
    redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
    try {
      await redis.connect();
    } catch (err) {
      await db.close();
      redis.disconnect();
      throw new Error(`REDIS_URL is set but Redis cannot be reached: ${(err as Error).message}`);
    }
  }
  return {
    config,
    db,
    logger,
    redis,
    wechat: config.wechat ? new WechatClient(config.wechat) : null,
    tokens: tokenService(config.jwtSecret, config.jwtTtlSeconds),
    storage: createStorage(config.storage, { logger }),
    clock: () => new Date(),
  };
}

export async function closeServices(s: AppServices): Promise<void> {
  s.redis?.disconnect();
  await s.db.close();
}
