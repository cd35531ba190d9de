// Jest globalSetup: finds out once, before any worker starts, which outside services this machine has
// (MariaDB, Redis, Chromium). Workers are forked after this runs and inherit process.env, so the
// LD_TEST_* variables set here are how test files learn what they may use (see services.ts).
//
// A missing service is one plain line and its suites are skipped; with REQUIRE_SERVICES=1 (CI) a
// missing service fails the run, so CI can never go green by skipping.
//
// Also runnable on its own: `node tests/support/global-setup.js` prints the same lines and exits
// non-zero if a service is missing (.ci/run uses it to wait for MariaDB and Redis).
'use strict';

const fs = require('node:fs');
const crypto = require('node:crypto');

const PROBE_TIMEOUT_MS = 2000;

/** `host:port` of a URL, for messages (never the password). */
function where(url, defaultPort) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return url;
  }
}

/** A short reason: the error code when there is one (ECONNREFUSED, ER_ACCESS_DENIED_ERROR...). */
function reason(err) {
  if (!err) return 'unknown error';
  const code = err.code || err.errno;
  const msg = String(err.message || err).split('\n')[0];
  if (code && /^connect [A-Z]+ /.test(msg)) return String(code); // "connect ECONNREFUSED 1.2.3.4:5"
  return code && !msg.includes(String(code)) ? `${code}: ${msg}` : msg;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probeMysql() {
  const raw = process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
  // Tests create their own databases: hand them the server URL without a database path.
  const u = new URL(raw);
  u.pathname = '';
  const url = u.toString().replace(/\/$/, '');
  const mysql = require('mysql2/promise');
  let conn;
  try {
    conn = await withTimeout(mysql.createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS }), PROBE_TIMEOUT_MS + 500, 'connect');
    await withTimeout(conn.query('SELECT 1'), PROBE_TIMEOUT_MS, 'SELECT 1');
    return { ok: true, url };
  } catch (err) {
    return { ok: false, where: where(raw, 3306), reason: reason(err) };
  } finally {
    if (conn) conn.destroy();
  }
}

async function probeRedis() {
  const url = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const Redis = require('ioredis');
  // No retries and no offline queue: a dead Redis must answer "no" within the timeout, not hang.
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  let lastError;
  redis.on('error', (err) => { lastError = err; }); // otherwise ioredis logs "Unhandled error event"
  try {
    await withTimeout(redis.connect(), PROBE_TIMEOUT_MS + 500, 'connect');
    const pong = await withTimeout(redis.ping(), PROBE_TIMEOUT_MS, 'PING');
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    return { ok: true, url };
  } catch (err) {
    return { ok: false, where: where(url, 6379), reason: reason(lastError && lastError !== err ? lastError : err) };
  } finally {
    redis.disconnect();
  }
}

async function probeChromium() {
  const file = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    fs.accessSync(file, fs.constants.X_OK);
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    return { ok: true, path: file };
  } catch (err) {
    return { ok: false, where: file, reason: err.code === 'ENOENT' ? 'not installed' : reason(err) };
  }
}

const SERVICES = [
  { name: 'MariaDB', env: 'LD_TEST_MYSQL_URL', probe: probeMysql, value: (r) => r.url, missing: 'not reachable at' },
  { name: 'Redis', env: 'LD_TEST_REDIS_URL', probe: probeRedis, value: (r) => r.url, missing: 'not reachable at' },
  { name: 'Chromium', env: 'LD_TEST_CHROMIUM', probe: probeChromium, value: (r) => r.path, missing: 'not found at' },
];

const required = () => process.env.REQUIRE_SERVICES === '1';

/** Probes every service in parallel; sets or clears the LD_TEST_* variables; returns the missing. */
async function probeAll(log = (line) => process.stderr.write(line + '\n')) {
  const results = await Promise.all(SERVICES.map((s) => s.probe()));
  const available = [];
  const missing = [];
  SERVICES.forEach((s, i) => {
    const r = results[i];
    if (r.ok) {
      process.env[s.env] = s.value(r);
      available.push(s.name);
    } else {
      // Cleared even if the caller's shell had set it: only what answered now may be used.
      delete process.env[s.env];
      missing.push(s.name);
      const outcome = required() ? 'REQUIRED (REQUIRE_SERVICES=1), the run fails' : `${s.name} suites are skipped`;
      log(`[services] ${s.name} ${s.missing} ${r.where} (${r.reason}): ${outcome}`);
    }
  });
  if (available.length) log(`[services] available: ${available.join(', ')}`);
  return missing;
}

module.exports = async function globalSetup() {
  // Names every MariaDB test database of this run `ld_t_<run>_...` so teardown drops exactly ours.
  if (!process.env.LD_TEST_RUN) process.env.LD_TEST_RUN = crypto.randomBytes(4).toString('hex');
  process.stderr.write('\n');
  const missing = await probeAll();
  if (missing.length && required()) {
    throw new Error(
      `[services] REQUIRE_SERVICES=1 and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: ` +
        'start the service(s) (see .ci/run) or unset REQUIRE_SERVICES to skip those suites',
    );
  }
};

module.exports.probeAll = probeAll;

if (require.main === module) {
  probeAll((line) => console.log(line)).then(
    (missing) => process.exit(missing.length ? 1 : 0),
    (err) => { console.error(err); process.exit(2); },
  );
}
