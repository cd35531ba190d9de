import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from './config';

const SECRET = 's'.repeat(32);

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ld-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig({ DATA_DIR: dir, ...env });
    } catch (e) {
      if (e instanceof ConfigError) return e.problems.join('\n');
      throw e;
    }
    return '';
  };

  it('runs on the embedded default with no settings: SQLite under data/, port 3000, no dev login', () => {
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.database).toEqual({ kind: 'sqlite', path: path.join(dir, 'liangdian.sqlite') });
    expect(c.port).toBe(3000);
    expect(c.devLogin).toBe(false);
    expect(c.wechat).toBeNull();
    expect(c.redisUrl).toBeNull();
  });

  it('makes one random secret on SQLite, keeps it private in DATA_DIR and reuses it', () => {
    const first = loadConfig({ DATA_DIR: dir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first);
    const file = path.join(dir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('has no default secret in production or with MySQL', () => {
    expect(problems({ NODE_ENV: 'production' })).toMatch(/JWT_SECRET: required in production/);
    expect(problems({ DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/ld' })).toMatch(/JWT_SECRET: required with MySQL/);
    expect(problems({ JWT_SECRET: 'short' })).toMatch(/JWT_SECRET: must be at least 32/);
    expect(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
  });

  it('never allows the development login in production', () => {
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: SECRET, DEV_LOGIN: '1' })).toMatch(/DEV_LOGIN/);
    expect(loadConfig({ DATA_DIR: dir, DEV_LOGIN: '1' }).devLogin).toBe(true);
  });

  it('refuses malformed settings with every problem named', () => {
    const p = problems({ PORT: 'eighty', DATABASE_URL: 'postgres://x', REDIS_URL: 'localhost' });
    expect(p).toMatch(/PORT/);
    expect(p).toMatch(/DATABASE_URL/);
    expect(p).toMatch(/REDIS_URL/);
    expect(problems({ WECHAT_APPID: 'wx1' })).toMatch(/set both or neither/);
    expect(problems({ VOTE_WRITER_LANES: '9', DB_POOL_SIZE: '10' })).toMatch(/VOTE_WRITER_LANES: needs DB_POOL_SIZE/);
  });

  it('reads MySQL, Redis and WeChat settings', () => {
    const c = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: 'mysql://u:p@db:3306/ld',
      JWT_SECRET: SECRET,
      REDIS_URL: 'redis://cache:6379/0',
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 'sec',
      WECHAT_API_BASE: 'http://127.0.0.1:9/',
    });
    expect(c.database).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/ld', poolSize: 10 });
    expect(c.redisUrl).toBe('redis://cache:6379/0');
    expect(c.wechat).toEqual({ appId: 'wx1', secret: 'sec', apiBase: 'http://127.0.0.1:9' });
    // The official account is another appid on the same API host.
    expect(c.publication.wechatApiBase).toBe('http://127.0.0.1:9');
  });

  it('reads the publication outbox and reminder settings, with defaults', () => {
    const d = loadConfig({ DATA_DIR: dir });
    expect(d.publication).toMatchObject({ wechatApiBase: 'https://api.weixin.qq.com', issuer: '县亮点工作办公室', maxAttempts: 8, leaseMs: 120_000, backoffBaseMs: 30_000 });
    expect(d.reminders).toEqual({ deadlineTemplateId: null, resultTemplateId: null, resultNoticeDays: 7, passMinutes: 60 });
    const c = loadConfig({ DATA_DIR: dir, OUTBOX_BACKOFF_BASE_MS: '20', OUTBOX_BACKOFF_CAP_MS: '100', OUTBOX_MAX_ATTEMPTS: '3', WECHAT_TEMPLATE_DEADLINE: 'tpl-1' });
    expect(c.publication).toMatchObject({ backoffBaseMs: 20, backoffCapMs: 100, maxAttempts: 3 });
    expect(c.reminders.deadlineTemplateId).toBe('tpl-1');
    expect(problems({ OUTBOX_BACKOFF_BASE_MS: '500', OUTBOX_BACKOFF_CAP_MS: '100' })).toMatch(/OUTBOX_BACKOFF_BASE_MS/);
    expect(problems({ NODE_ENV: 'production', JWT_SECRET: SECRET, OUTBOX_LEASE_SECONDS: '10' })).toMatch(/OUTBOX_LEASE_SECONDS/);
  });
});

describe('the server process', () => {
  const main = path.resolve(__dirname, '..', 'dist', 'main.js');
  it('stops at start with a clear message when a secret is missing (built server)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ld-main-'));
    const res = await promisify(execFile)(process.execPath, [main], { env: { PATH: process.env.PATH, NODE_ENV: 'production', DATA_DIR: dir } }).then(
      () => ({ code: 0, stderr: '' }),
      (e) => ({ code: e.code as number, stderr: String(e.stderr) }),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/JWT_SECRET: required in production/);
  });
});
