import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'mysql'; url: string; poolSize?: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  devLogin: boolean;
  demoData: boolean;
  wechat: { appId: string; secret: string; apiBase: string } | null;
  /** Directory of the H5 build served at `/`; null serves no front end. */
  h5Dir: string | null;
  trustProxy: boolean;
  logLevel: string;
  limits: { jsonBytes: number; importBytes: number };
  monthlyCutoffDay: number;
  /** Sign-in attempts per client IP per minute. */
  loginRateLimit: number;
  quotas: { unitFree: number; unitMax: number; leaderMax: number };
  evidence: { photoBytes: number; documentBytes: number; photos: number; documents: number; links: number; maxPixels: number };
  /** The public online vote's abuse limits and fraud-signal thresholds (per minute unless named). */
  publicVote: {
    ipLimit: number;
    ipBurst: number;
    deviceLimit: number;
    deviceBurst: number;
    voterLimit: number;
    sharedDeviceVoters: number;
    newAccountHours: number;
    newAccountWave: number;
    writerLanes: number;
  };
  /** Publication of results: the bulletin's issuer, the official-account API and the push outbox. */
  publication: {
    /** Base URL of the official account's WeChat APIs (WECHAT_API_BASE: the same host as the mini-program's). */
    wechatApiBase: string;
    issuer: string;
    /** How often each process's outbox worker looks for due deliveries. */
    pollMs: number;
    /** Retry after a transient failure: base × 2^(n−1), at most cap; failed after maxAttempts. */
    backoffBaseMs: number;
    backoffCapMs: number;
    maxAttempts: number;
    /** How long a claimed delivery stays with its process (longer than any one call to WeChat or a webhook). */
    leaseMs: number;
    /** First wait before asking WeChat whether a submitted article is out (doubles, up to backoffCapMs). */
    publishPollMs: number;
    webhookTimeoutMs: number;
  };
  /** Subscribe-message reminders: the mini-program's template ids (null: not configured, nothing sent). */
  reminders: { deadlineTemplateId: string | null; resultTemplateId: string | null; resultNoticeDays: number; passMinutes: number };
  storage:
    | { kind: 'local'; root: string }
    | { kind: 's3'; endpoint: string | null; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };
}

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|mysql:\/\/.+)$/, 'must be sqlite:<path> or mysql://user:pass@host:port/db')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be redis://host:port[/db]').optional(),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,32}$/).default('ld:'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(7 * 24 * 3600),
  DEV_LOGIN: flag,
  DEMO_DATA: flag,
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  H5_DIR: z.string().optional(),
  TRUST_PROXY: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JSON_LIMIT_BYTES: z.coerce.number().int().min(1024).default(100 * 1024),
  IMPORT_LIMIT_BYTES: z.coerce.number().int().min(1024).default(5 * 1024 * 1024),
  MONTHLY_CUTOFF_DAY: z.coerce.number().int().min(1).max(28).default(20),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  UNIT_MONTHLY_FREE: z.coerce.number().int().min(1).default(1),
  UNIT_MONTHLY_MAX: z.coerce.number().int().min(1).default(3),
  LEADER_MONTHLY_MAX: z.coerce.number().int().min(1).default(5),
  EVIDENCE_PHOTO_MAX_BYTES: z.coerce.number().int().min(1024).default(15 * 1024 * 1024),
  EVIDENCE_DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  EVIDENCE_MAX_PHOTOS: z.coerce.number().int().min(1).default(9),
  EVIDENCE_MAX_DOCUMENTS: z.coerce.number().int().min(0).default(5),
  EVIDENCE_MAX_LINKS: z.coerce.number().int().min(0).default(10),
  /** Decoded pixels an image may have (against pixel floods); 100 MP covers any phone camera. */
  EVIDENCE_MAX_PIXELS: z.coerce.number().int().min(1).default(100_000_000),
  /** Ballots (one per chosen candidate) one address may cast a minute (refused beyond); carrier NAT puts many people behind one address. */
  VOTE_IP_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Beyond this many a minute from one address, ballots are flagged for review (still counted). */
  VOTE_IP_BURST: z.coerce.number().int().min(1).default(120),
  VOTE_DEVICE_LIMIT: z.coerce.number().int().min(1).default(60),
  VOTE_DEVICE_BURST: z.coerce.number().int().min(1).default(20),
  VOTE_VOTER_LIMIT: z.coerce.number().int().min(1).default(30),
  /** A device used by more than this many WeChat accounts in one vote flags their ballots. */
  VOTE_SHARED_DEVICE_VOTERS: z.coerce.number().int().min(1).default(3),
  /** An account younger than this is "new"; this many new accounts voting from one address within 10 minutes is a wave. */
  VOTE_NEW_ACCOUNT_HOURS: z.coerce.number().int().min(1).default(24),
  VOTE_NEW_ACCOUNT_WAVE: z.coerce.number().int().min(2).default(5),
  /** Ballot batches a process writes at once on MySQL (each its own transaction and counter shard). */
  VOTE_WRITER_LANES: z.coerce.number().int().min(1).max(16).default(4),
  /** MySQL connections per process. */
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  BULLETIN_ISSUER: z.string().trim().min(2).max(64).default('县亮点工作办公室'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(2000),
  OUTBOX_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  OUTBOX_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(3_600_000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  OUTBOX_PUBLISH_POLL_MS: z.coerce.number().int().min(1).default(15_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Subscribe-message templates chosen in the mini-program's admin console (申报截止提醒, 评选结果通知). */
  WECHAT_TEMPLATE_DEADLINE: z.string().trim().max(128).optional(),
  WECHAT_TEMPLATE_RESULT: z.string().trim().max(128).optional(),
  /** Rounds closed within this many days get their result notices from the reminder pass. */
  RESULT_NOTICE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Each process runs the reminder pass this often (0: only through POST /api/reminders/run); the log keeps every reminder single. */
  REMINDER_PASS_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: flag,
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n  - ${problems.join('\n  - ')}`);
  }
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Reads and validates the settings. Nothing has a default secret: JWT_SECRET is required unless the
 * server runs on the embedded SQLite default outside production, where one random secret is made
 * once and kept in DATA_DIR so that restarts keep sessions valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const dataDir = path.resolve(e.DATA_DIR ?? path.join(process.cwd(), 'data'));
  const database: DatabaseConfig = e.DATABASE_URL?.startsWith('mysql://')
    ? { kind: 'mysql', url: e.DATABASE_URL, poolSize: e.DB_POOL_SIZE }
    : { kind: 'sqlite', path: path.resolve(dataDir, e.DATABASE_URL?.slice('sqlite:'.length) ?? 'liangdian.sqlite') };

  if (e.NODE_ENV === 'production' && e.DEV_LOGIN) {
    problems.push('DEV_LOGIN: the development login cannot be enabled when NODE_ENV=production');
  }
  if (Boolean(e.WECHAT_APPID) !== Boolean(e.WECHAT_SECRET)) {
    problems.push('WECHAT_APPID and WECHAT_SECRET: set both or neither');
  }
  let jwtSecret = e.JWT_SECRET ?? '';
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') problems.push('JWT_SECRET: required in production (32+ random characters)');
    else if (database.kind === 'mysql')
      problems.push('JWT_SECRET: required with MySQL (every server process must share one secret)');
    else jwtSecret = embeddedSecret(dataDir);
  }
  if (e.VOTE_WRITER_LANES + 2 > e.DB_POOL_SIZE) problems.push('VOTE_WRITER_LANES: needs DB_POOL_SIZE of at least lanes + 2');
  if (e.UNIT_MONTHLY_FREE > e.UNIT_MONTHLY_MAX) problems.push('UNIT_MONTHLY_FREE: cannot exceed UNIT_MONTHLY_MAX');
  if (e.OUTBOX_BACKOFF_BASE_MS > e.OUTBOX_BACKOFF_CAP_MS) problems.push('OUTBOX_BACKOFF_BASE_MS: cannot exceed OUTBOX_BACKOFF_CAP_MS');
  // A lease shorter than the slowest call (a 30 s upload) would let a second process take a delivery mid-call.
  if (e.OUTBOX_LEASE_SECONDS * 1000 < Math.max(30_000, e.WEBHOOK_TIMEOUT_MS) + 5000 && e.NODE_ENV === 'production') {
    problems.push('OUTBOX_LEASE_SECONDS: must outlast the slowest push call (35 s or more)');
  }
  if (e.STORAGE === 's3' && !(e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY)) {
    problems.push('STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  if (problems.length) throw new ConfigError(problems);

  const defaultH5 = path.join(REPO_ROOT, 'miniapp', 'dist', 'h5');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    devLogin: e.DEV_LOGIN,
    demoData: e.DEMO_DATA,
    wechat: e.WECHAT_APPID && e.WECHAT_SECRET
      ? { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/$/, '') }
      : null,
    h5Dir: e.H5_DIR === 'none' ? null : path.resolve(e.H5_DIR ?? defaultH5),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    limits: { jsonBytes: e.JSON_LIMIT_BYTES, importBytes: e.IMPORT_LIMIT_BYTES },
    monthlyCutoffDay: e.MONTHLY_CUTOFF_DAY,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    quotas: { unitFree: e.UNIT_MONTHLY_FREE, unitMax: e.UNIT_MONTHLY_MAX, leaderMax: e.LEADER_MONTHLY_MAX },
    evidence: {
      photoBytes: e.EVIDENCE_PHOTO_MAX_BYTES,
      documentBytes: e.EVIDENCE_DOCUMENT_MAX_BYTES,
      photos: e.EVIDENCE_MAX_PHOTOS,
      documents: e.EVIDENCE_MAX_DOCUMENTS,
      links: e.EVIDENCE_MAX_LINKS,
      maxPixels: e.EVIDENCE_MAX_PIXELS,
    },
    publicVote: {
      ipLimit: e.VOTE_IP_LIMIT,
      ipBurst: e.VOTE_IP_BURST,
      deviceLimit: e.VOTE_DEVICE_LIMIT,
      deviceBurst: e.VOTE_DEVICE_BURST,
      voterLimit: e.VOTE_VOTER_LIMIT,
      sharedDeviceVoters: e.VOTE_SHARED_DEVICE_VOTERS,
      newAccountHours: e.VOTE_NEW_ACCOUNT_HOURS,
      newAccountWave: e.VOTE_NEW_ACCOUNT_WAVE,
      writerLanes: e.VOTE_WRITER_LANES,
    },
    publication: {
      wechatApiBase: e.WECHAT_API_BASE.replace(/\/$/, ''),
      issuer: e.BULLETIN_ISSUER,
      pollMs: e.OUTBOX_POLL_MS,
      backoffBaseMs: e.OUTBOX_BACKOFF_BASE_MS,
      backoffCapMs: e.OUTBOX_BACKOFF_CAP_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      leaseMs: e.OUTBOX_LEASE_SECONDS * 1000,
      publishPollMs: e.OUTBOX_PUBLISH_POLL_MS,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    reminders: {
      deadlineTemplateId: e.WECHAT_TEMPLATE_DEADLINE || null,
      resultTemplateId: e.WECHAT_TEMPLATE_RESULT || null,
      resultNoticeDays: e.RESULT_NOTICE_DAYS,
      passMinutes: e.REMINDER_PASS_MINUTES,
    },
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT ?? null,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID!,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'local', root: path.join(dataDir, 'files') },
  };
}

function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
