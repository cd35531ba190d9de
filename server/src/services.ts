import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/database';
import type { TokenService } from './http/auth';
import type { FileStorage } from './modules/evidence/file-storage';
import type { WechatClient } from './wechat/wechat-client';

/** Everything a request handler may use; built once per process by `openServices()`. */
export interface AppServices {
  config: Config;
  db: Database;
  logger: Logger;
  redis: Redis | null;
  wechat: WechatClient | null;
  tokens: TokenService;
  /** Evidence files: a local directory or S3-compatible object storage. */
  storage: FileStorage;
  /** The time: one place to read it, so tests can stand at a month's cut-off. */
  clock: () => Date;
}
