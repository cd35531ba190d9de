/**
 * What a test file needs to use the outside services that global-setup.js found. A suite that needs
 * one wraps itself in `describeIfMysql` / `describeIfRedis` / `describeIfChromium`: when the service
 * is missing the suite is reported as skipped (global-setup already printed why, and with
 * REQUIRE_SERVICES=1 the run has already failed).
 *
 *   describeIfMysql('imports on MariaDB', () => {
 *     const db = newMysqlDatabaseName();
 *     let url: string;
 *     beforeAll(async () => { url = await createMysqlDatabase(db); });
 *     afterAll(() => dropMysqlDatabase(db));
 *     ...
 *   });
 */
import { randomBytes } from 'node:crypto';

export const mysqlServerUrl: string | undefined = process.env.LD_TEST_MYSQL_URL || undefined;
export const redisUrl: string | undefined = process.env.LD_TEST_REDIS_URL || undefined;
export const chromiumPath: string | undefined = process.env.LD_TEST_CHROMIUM || undefined;

export const describeIfMysql: jest.Describe = mysqlServerUrl ? describe : describe.skip;
export const describeIfRedis: jest.Describe = redisUrl ? describe : describe.skip;
export const describeIfChromium: jest.Describe = chromiumPath ? describe : describe.skip;

/** Set by global-setup; a fixed fallback keeps a file runnable without it (teardown then skips). */
const run = process.env.LD_TEST_RUN || 'norun';
let counter = 0;

/**
 * A fresh database name for this run: `ld_t_<run>_<n><random>`. The random part keeps parallel
 * workers apart; the run prefix lets global-teardown drop whatever a failed suite left behind.
 */
export function newMysqlDatabaseName(): string {
  counter += 1;
  return `ld_t_${run}_${counter}${randomBytes(3).toString('hex')}`;
}

function requireMysqlUrl(): string {
  if (!mysqlServerUrl) throw new Error('MariaDB is not available in this run: wrap the suite in describeIfMysql');
  return mysqlServerUrl;
}

function quoteName(name: string): string {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return '`' + name + '`';
}

/** `mysql://...:3306/<name>`: the URL a server under test gets as DATABASE_URL. */
export function mysqlUrlFor(name: string): string {
  const u = new URL(requireMysqlUrl());
  u.pathname = '/' + name;
  return u.toString();
}

async function withConnection<T>(fn: (conn: import('mysql2/promise').Connection) => Promise<T>): Promise<T> {
  // Required lazily: files that only use describeIf* must not load the driver.
  const mysql: typeof import('mysql2/promise') = require('mysql2/promise');
  const conn = await mysql.createConnection({ uri: requireMysqlUrl(), connectTimeout: 5000 });
  try {
    return await fn(conn);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

/** Creates an empty utf8mb4 database and returns its URL (see mysqlUrlFor). */
export async function createMysqlDatabase(name: string): Promise<string> {
  await withConnection((c) =>
    c.query(`CREATE DATABASE ${quoteName(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  return mysqlUrlFor(name);
}

export async function dropMysqlDatabase(name: string): Promise<void> {
  if (!mysqlServerUrl) return; // the suite was skipped; nothing to drop
  await withConnection((c) => c.query(`DROP DATABASE IF EXISTS ${quoteName(name)}`));
}
