import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createMysqlDatabase, dropMysqlDatabase, mysqlServerUrl, newMysqlDatabaseName } from '../../../tests/support/services';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { loadDemoData } from '../../src/demo/load-demo';
import { closeServices, openServices } from '../../src/open-services';
import type { AppServices } from '../../src/services';

export type DbKind = 'sqlite' | 'mysql';

export interface TestApp {
  kind: DbKind;
  services: AppServices;
  app: App;
  http: () => TestAgent;
  /** Signs in through the development login and returns the bearer header. */
  login: (openid: string) => Promise<{ headers: { Authorization: string }; userId: number }>;
  /** Stands the server's clock at an instant (null: real time again). */
  setNow: (at: Date | string | null) => void;
  /** Where this app's data lives: pass both as `database` to start another app on the same data. */
  databaseUrl: string;
  dataDir: string;
}

export interface TestAppOptions {
  demo?: boolean;
  /** Extra settings; a function is called when the app starts (in beforeAll), e.g. for a fake server's URL. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Start on an existing app's database and data directory (a restart) instead of new ones. */
  database?: { url: string; dataDir: string };
  /** `stop()` leaves the database and data directory for a later app (which then removes them). */
  keepDatabase?: boolean;
}

/**
 * Runs `fn` once per database: SQLite in a temporary file, and MariaDB in a database created for
 * this suite and dropped after (skipped, and counted so, when MariaDB is not available). The real
 * server is built with `createApp` over real services: no mocks between the API and the database.
 */
export function describeEachDatabase(name: string, fn: (t: () => TestApp) => void, opts: TestAppOptions = {}) {
  for (const kind of ['sqlite', 'mysql'] as const) {
    const d = kind === 'mysql' && !mysqlServerUrl ? describe.skip : describe;
    d(`${name} [${kind}]`, () => {
      let current: TestApp | undefined;
      let cleanup: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const started = await startTestApp(kind, opts);
        current = started.app;
        cleanup = started.stop;
      });
      afterAll(() => cleanup());
      fn(() => {
        if (!current) throw new Error('test app not started');
        return current;
      });
    });
  }
}

export async function startTestApp(kind: DbKind, opts: TestAppOptions = {}): Promise<{ app: TestApp; stop: () => Promise<void> }> {
  const dataDir = opts.database?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ld-test-'));
  const dbName = kind === 'mysql' ? (opts.database ? new URL(opts.database.url).pathname.slice(1) : newMysqlDatabaseName()) : '';
  const databaseUrl = opts.database?.url ?? (kind === 'mysql' ? await createMysqlDatabase(dbName) : `sqlite:${path.join(dataDir, 'test.sqlite')}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    DEV_LOGIN: '1',
    H5_DIR: 'none',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT: '100000',
    ...(typeof opts.env === 'function' ? opts.env() : opts.env),
  });
  const services = await openServices(config);
  if (opts.demo !== false) await loadDemoData(services.db);
  let fixedNow: Date | null = null;
  services.clock = () => fixedNow ?? new Date();
  const setNow = (at: Date | string | null) => {
    fixedNow = at === null ? null : new Date(at);
  };
  const app = createApp(services);
  const http = () => request(app.koa.callback());
  const login = async (openid: string) => {
    const res = await http().post('/api/auth/dev-login').send({ openid }).expect(200);
    return { headers: { Authorization: `Bearer ${res.body.token}` }, userId: res.body.user.id as number };
  };
  return {
    app: { kind, services, app, http, login, setNow, databaseUrl, dataDir },
    stop: async () => {
      // The outbox worker (when a test started it) finishes its step before the database closes.
      await app.outbox.stop();
      await closeServices(services);
      if (opts.keepDatabase) return;
      if (kind === 'mysql') await dropMysqlDatabase(dbName);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
