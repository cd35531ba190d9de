import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { Database } from './db/database';
import { tokenService } from './http/auth';
import type { AppServices } from './services';
import { createStorage } from './modules/evidence/storage';
import { WechatClient } from './wechat/wechat-client';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { pid: process.pid }, redact: ['req.headers.authorization', 'token', 'secret'] });
}

/** Opens the database (running migrations) and Redis; the caller closes them with `closeServices`. */
export async function openServices(config: Config, logger: Logger = createLogger(config)): Promise<AppServices> {
  const db = await Database.open(config.database);
  let redis: Redis | null = null;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true });
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
