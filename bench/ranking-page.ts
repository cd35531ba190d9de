/**
 * How fast a leader's phone shows a ranking: the H5 build against the real server on the demo data
 * (a closed quarterly round over three works), in Chromium with the CPU slowed 4× and a 3G-like
 * network, a fresh browser context (no cache) per run. Measured from navigation start to the first
 * ranking row on screen. Baseline in the same run and conditions: the bare API call the page makes
 * (GET /api/rounds/:id/result), so the ratio is what the page itself adds.
 *
 *   npm run bench:ranking            (needs `npm run build` and /usr/bin/chromium)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

// Compiled to bench/dist/bench/: the repository is three levels up.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A mid-range phone on a weak network: CPU 4× slower than this machine, 3G-like latency and bandwidth.
const CPU_SLOWDOWN = 4;
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ld-bench-rank-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'b.sqlite')}`, DEV_LOGIN: '1', DEMO_DATA: '1', LOG_LEVEL: 'warn', NODE_ENV: 'test', LOGIN_RATE_LIMIT: '10000' },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) break;
      if (i > 200) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const tokens = new Map<string, string>();
    const api = async (who: string, method: string, p: string, body?: unknown) => {
      if (!tokens.has(who)) {
        const r = await fetch(`${base}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: who }) });
        tokens.set(who, ((await r.json()) as { token: string }).token);
      }
      const r = await fetch(base + p, { method, headers: { Authorization: `Bearer ${tokens.get(who)}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };
    // The demo data's August 2018 works → a monthly vote → a quarterly round, scored and closed.
    const me = await api('demo-office', 'GET', '/api/me');
    const works: number[] = (await api('demo-office', 'GET', '/api/ledger?month=2018-08&pageSize=100')).items.slice(0, 3).map((e: { id: number }) => e.id);
    for (const id of works) {
      await api('demo-office', 'POST', `/api/ledger/${id}/inspector`, { inspectorId: me.id });
      await api('demo-office', 'POST', `/api/ledger/${id}/inspection`, { visitedAt: '2018-08-25T10:00:00+08:00', findings: '现场核查情况属实', verdict: 'pass' });
    }
    const month = await api('demo-office', 'POST', '/api/rounds', { month: '2018-08', selectCount: 3, endsAt: '2099-01-01T00:00:00+08:00' });
    await api('demo-leader', 'PUT', `/api/rounds/${month.id}/ballot`, { entryIds: works });
    await api('demo-office', 'POST', `/api/rounds/${month.id}/close`, {});
    const quarter = await api('demo-office', 'POST', '/api/rounds/quarterly', { quarter: '2018-Q3', selectCount: 2, endsAt: '2099-01-01T00:00:00+08:00' });
    const assessor = (await api('demo-assessor', 'GET', '/api/me')).id;
    await api('demo-office', 'POST', `/api/rounds/${quarter.id}/assignments`, { assessorId: assessor, entryIds: works });
    for (const [i, e] of works.entries()) {
      const v = [9, 8, 6][i];
      await api('demo-assessor', 'PUT', `/api/rounds/${quarter.id}/sheets/${e}`, { scores: { distinctive: v, organised: v, influence: v, breakthrough: v, leaderPraise: v }, clientId: `bench-sheet-${e}` });
    }
    await api('demo-office', 'POST', `/api/rounds/${quarter.id}/close`, {});
    const token = tokens.get('demo-leader') ?? (await api('demo-leader', 'GET', '/api/me'), tokens.get('demo-leader')!);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const page = async (): Promise<{ p: Page; close: () => Promise<void> }> => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      // Signed in already, as a returning leader is: Taro keeps the token as {data} in localStorage.
      await context.addInitScript(`localStorage.setItem('liangdian.token', ${JSON.stringify(JSON.stringify({ data: token }))})`);
      const p = await context.newPage();
      const cdp = await context.newCDPSession(p);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await cdp.send('Network.enable');
      if (process.env.BENCH_NETWORK !== 'none') await cdp.send('Network.emulateNetworkConditions', NETWORK);
      return { p, close: () => context.close() };
    };
    const pageTimes: number[] = [];
    const apiTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await page();
      await a.p.goto(`${base}/bench-blank`).catch(() => undefined);
      apiTimes.push(
        await a.p.evaluate(async ([u, t]) => {
          const s = performance.now();
          await (await fetch(u, { headers: { Authorization: `Bearer ${t}` } })).json();
          return performance.now() - s;
        }, [`${base}/api/rounds/${quarter.id}/result`, token] as const),
      );
      await a.close();
      const b = await page();
      const start = Date.now();
      await b.p.goto(`${base}/#/packages/rank/pages/ranking/index?roundId=${quarter.id}`);
      await b.p.locator(`#ranking-row-${works[0]}`).filter({ visible: true }).waitFor({ timeout: 30_000 });
      pageTimes.push(Date.now() - start);
      await b.close();
    }
    await browser.close();
    const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    const row = (name: string, xs: number[]) => `| ${name} | ${q(xs, 0.5).toFixed(0)} ms | ${q(xs, 0.95).toFixed(0)} ms |`;
    const net = process.env.BENCH_NETWORK === 'none' ? 'local network (code already on the device, as in the mini-program)' : '3G-like network';
    console.log(`ranking page on the demo data, ${RUNS} cold runs, CPU ÷${CPU_SLOWDOWN}, ${net}\n`);
    console.log('| what | p50 | p95 |\n|---|---:|---:|');
    console.log(row('bare API call (baseline)', apiTimes));
    console.log(row('ranking page: navigation → first row on screen', pageTimes));
    console.log(`\nratio page / API (p50): × ${(q(pageTimes, 0.5) / q(apiTimes, 0.5)).toFixed(1)}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
