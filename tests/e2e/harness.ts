/**
 * End-to-end harness: the real server (`node server/dist/main.js`, as `npm run serve` starts it) on a
 * throwaway SQLite database with demo data and the development login, serving the real H5 build, and
 * a headless Chromium driven by playwright-core.
 *
 *   describeIfChromium('something', () => {
 *     const e2e = useE2E();          // server + browser for the file, a fresh page per test
 *     it('...', async () => { await e2e.page.goto(e2e.url('/#/pages/login/index')); });
 *   });
 *
 * Builds are not made here: scripts/test.js builds server/dist and miniapp/dist/h5 first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_MAIN = path.join(ROOT, 'server', 'dist', 'main.js');
const H5_DIR = path.join(ROOT, 'miniapp', 'dist', 'h5');

/** The demo data the end-to-end tests rely on (server/src/demo/ must provide it). One place only. */
export const DEMO = {
  reporter: { openid: 'demo-reporter', unitName: '宣传部' },
} as const;

/** Hash routes of the H5 build. */
export const ROUTES = {
  login: '/#/pages/login/index',
  home: '/#/pages/home/index',
} as const;

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_TAIL_CHARS = 8_000;

/** Variables of the developer's shell that would point the server elsewhere; never inherited. */
const SCRUBBED_ENV = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'JWT_TTL_SECONDS', 'DEV_LOGIN',
  'DEMO_DATA', 'WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_API_BASE', 'H5_DIR', 'TRUST_PROXY', 'LOG_LEVEL',
  'NODE_ENV', 'NODE_OPTIONS',
];

export function assertBuilds(): void {
  const missing = [
    [SERVER_MAIN, 'the server build'],
    [path.join(H5_DIR, 'index.html'), 'the H5 build'],
  ].filter(([file]) => !existsSync(file));
  if (missing.length) {
    throw new Error(
      `End-to-end tests need ${missing.map(([f, what]) => `${what} (${path.relative(ROOT, f)})`).join(' and ')}, ` +
        `which ${missing.length > 1 ? 'are' : 'is'} missing: run \`npm run build\` ` +
        '(plain `npm test` builds first; `npm test -- --skip-build` does not).',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** The last few KB of the server's stdout+stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
  /** Kills the process at once (no shutdown: what a crash or `kill -9` does) and waits for it to be gone. */
  crash(): Promise<void>;
}

/** Starts the server on a fresh temp DATA_DIR and waits until /api/health says ok. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  assertBuilds();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ld-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of SCRUBBED_ENV) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${path.join(dataDir, 'e2e.sqlite')}`,
    DEV_LOGIN: '1',
    DEMO_DATA: '1',
    H5_DIR,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });

  let output = '';
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-LOG_TAIL_CHARS); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    child.once('error', (err) => resolve(`could not start: ${err.message}`));
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  let dead: string | undefined;
  void exited.then((why) => { dead = why; });
  while (!dead) {
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.status === 200 && JSON.parse(body).status === 'ok') {
        return { baseUrl, dataDir, log: () => output, stop, crash };
      }
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  const why = dead ? `the server ${dead}` : `GET /api/health not ok after ${READY_TIMEOUT_MS} ms (last: ${last})`;
  throw new Error(`E2E server did not become ready: ${why}.\n--- server output ---\n${output || '(none)'}`);
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.LD_TEST_CHROMIUM;
  if (!executablePath) throw new Error('Chromium is not available in this run: wrap the suite in describeIfChromium');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface E2E {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and console errors of the current page, for assertions and failures. */
  readonly pageErrors: string[];
  /** `baseUrl + path`. */
  url(p: string): string;
  /** POST /api/auth/dev-login; for tests that set up state through the API. */
  devLogin(openid: string): Promise<{ token: string; user: unknown }>;
}

/**
 * Registers beforeAll/afterAll (one server and one browser per file) and beforeEach/afterEach (a
 * fresh context and page per test, so no storage or token leaks between tests). Call it inside a
 * describe block; read its properties inside tests and hooks only.
 */
export function useE2E(): E2E {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  // jest-circus takes testTimeout from the global config only (a project's `testTimeout` is
  // ignored), so the 5 s default would cut browser steps short with a message that says nothing.
  jest.setTimeout(60_000);
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`E2E ${what} is not ready (used outside a test, or setup failed)`);
    return v;
  };

  beforeAll(async () => {
    server = await startServer();
    try {
      browser = await launchBrowser();
    } catch (err) {
      await server.stop();
      server = undefined;
      throw err;
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }, 30_000);

  beforeEach(async () => {
    pageErrors.length = 0;
    context = await need(browser, 'browser').newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => { if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`); });
  });

  afterEach(async () => {
    await context?.close().catch(() => undefined);
    context = page = undefined;
  });

  return {
    get server() { return need(server, 'server'); },
    get browser() { return need(browser, 'browser'); },
    get context() { return need(context, 'context'); },
    get page() { return need(page, 'page'); },
    pageErrors,
    url: (p: string) => need(server, 'server').baseUrl + p,
    async devLogin(openid: string) {
      const res = await fetch(`${need(server, 'server').baseUrl}/api/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`dev-login as ${openid}: HTTP ${res.status} ${body.slice(0, 300)}`);
      return JSON.parse(body);
    },
  };
}
