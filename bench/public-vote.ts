/**
 * Benchmark: the public vote's ballot endpoint (`POST /api/public-votes/:id/ballots`) against
 * MariaDB + Redis, beside a bare Koa no-op endpoint, in one run, with autocannon at 50 connections.
 * Both servers are separate processes started the same way (one Node process each); the load comes
 * from this process. After the ballot run, exactness is checked: every accepted answer is a stored
 * ballot, every total equals the stored valid ballots.
 *
 *   npm run bench:public-vote                                   (10 s per run, 50 connections, 3 rounds)
 *   npm run bench:public-vote -- --seconds 10 --connections 50 --rounds 3
 *
 * Needs MariaDB (BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306) and Redis (BENCH_REDIS_URL,
 * default redis://127.0.0.1:6379) and the server build (npm run build:server).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { tokenService } from '../server/src/http/auth';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const ROUNDS = Number(arg('rounds', '3'));
const MYSQL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CANDIDATES = 14;

/** User + system CPU seconds a process has used (Linux /proc). */
function cpuSeconds(pid: number): number {
  const f = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** CPU seconds of the local MariaDB server (0 when it is not on this machine). */
function mariadbCpu(): number {
  try {
    const pid = Number(require('node:child_process').execSync('pidof mariadbd mysqld', { encoding: 'utf8' }).trim().split(/\s+/)[0]);
    return pid ? cpuSeconds(pid) : 0;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

const NOOP = `
const Koa = require('koa');
const app = new Koa();
app.use((ctx) => { ctx.body = { accepted: [], rejected: [] }; });
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

async function startNoop(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', NOOP], { cwd: path.join(ROOT, 'server'), env: { ...process.env, PORT: String(port) }, stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(url, child);
  return { url, child };
}

async function startServer(databaseUrl: string, secret: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'server', 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ...(process.env.BENCH_NO_REDIS ? {} : { REDIS_URL: REDIS }),
      REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}:`,
      JWT_SECRET: secret,
      H5_DIR: 'none',
      ...(process.env.VOTE_WRITER_LANES ? { VOTE_WRITER_LANES: process.env.VOTE_WRITER_LANES } : {}),
      // Request logs stay on (info), as in production; they go to /dev/null here.
      LOG_LEVEL: 'info',
      // One load generator stands for many people: the per-address limits would refuse it.
      VOTE_IP_LIMIT: '100000000',
      VOTE_IP_BURST: '100000000',
      DATA_DIR: path.join(require('node:os').tmpdir(), 'liangdian-bench-vote'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, child);
  return { url, child };
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

async function load(url: string, body: (i: number) => { path: string; headers: Record<string, string>; body: string; tag?: number }, onAck?: (tag: number, body: string) => void): Promise<{ run: Run; sent: number }> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        // One request at a time per connection: the connection's context names the request in flight.
        setupRequest: ((req: autocannon.Request, context: Record<string, unknown>) => {
          const r = body(i++);
          context.tag = r.tag;
          return { ...req, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body } as autocannon.Request;
        }) as (req: autocannon.Request, context: object) => autocannon.Request,
        onResponse: ((status: number, resBody: string, context: Record<string, unknown>) => {
          if (status === 200 && onAck && typeof context.tag === 'number') onAck(context.tag, resBody);
        }) as (status: number, body: string, context: object) => void,
      },
    ],
  });
  return {
    run: { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, requests: result.requests.total },
    sent: i,
  };
}

async function main() {
  const dbName = `ld_bench_vote_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: MYSQL, multipleStatements: true });
  await admin.query(`CREATE DATABASE ${dbName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const databaseUrl = `${MYSQL.replace(/\/$/, '')}/${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const servers: ChildProcess[] = [];
  try {
    const api = await startServer(databaseUrl, secret);
    servers.push(api.child);
    const noop = await startNoop();
    servers.push(noop.child);

    // Candidates (ledger entries) and a vote; voters enough for every request to be a new one.
    const db = await mysql.createConnection({ uri: databaseUrl });
    const entryRows = Array.from({ length: CANDIDATES }, (_, i) => [`2026-10`, `候选工作${i + 1}`, '简要内容', 'tenFields', 'passed']);
    await db.query('INSERT INTO ledger_entries (month, title, summary, category, status) VALUES ?', [entryRows]);
    const [entries] = (await db.query('SELECT id FROM ledger_entries ORDER BY id')) as [{ id: number }[], unknown];
    const [vote] = (await db.query("INSERT INTO public_votes (title, opens_at, closes_at, daily_limit, hide_counts, created_by) VALUES ('压测投票', NOW() - INTERVAL 1 DAY, NOW() + INTERVAL 30 DAY, 10, 0, 1)")) as [{ insertId: number }, unknown];
    const voteId = vote.insertId;
    await db.query('INSERT INTO public_vote_candidates (vote_id, entry_id, title, unit_name, summary, position) VALUES ?', [entries.map((e, i) => [voteId, e.id, `候选${i + 1}`, '单位', '简要', i])]);
    const [cands] = (await db.query('SELECT id FROM public_vote_candidates WHERE vote_id = ? ORDER BY id', [voteId])) as [{ id: number }[], unknown];
    const VOTERS = Math.max(40_000, 6_000 * SECONDS * (ROUNDS + 1));
    for (let i = 0; i < VOTERS; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, VOTERS - i) }, (_, k) => [`bench-${i + k}`, '微信用户', new Date('2026-01-01')]);
      await db.query('INSERT INTO users (openid, name, created_at) VALUES ?', [rows]);
    }
    const [users] = (await db.query("SELECT id FROM users WHERE openid LIKE 'bench-%' ORDER BY id")) as [{ id: number }[], unknown];
    const tokens = tokenService(secret, 3600);
    // As sign-in issues them: with the account's sign-up time.
    const auth = await Promise.all(users.map(async (u) => `Bearer ${(await tokens.issue(u.id, { createdAt: new Date('2026-01-01') })).token}`));
    console.log(`set up: ${users.length} voters, ${cands.length} candidates`);

    let next = 0;
    const ballot = () => {
      // Past the last voter, start again: those are repeats (answered, not accepted, not counted as acknowledged).
      const v = next++ % auth.length;
      return {
        path: `/api/public-votes/${voteId}/ballots`,
        headers: { 'content-type': 'application/json', authorization: auth[v], 'x-device-id': `bench-device-${v}` },
        body: JSON.stringify({ candidateIds: [String(cands[v % cands.length].id)] }),
        tag: v,
      };
    };
    // Voters whose ballot was acknowledged as accepted: each must be a stored ballot.
    const acked: number[] = [];
    const onAck = (tag: number, body: string) => {
      if ((JSON.parse(body) as { accepted: string[] }).accepted.length) acked.push(users[tag].id);
    };
    const noopReq = () => ({ path: '/', headers: { 'content-type': 'application/json', authorization: auth[0] }, body: '{"candidateIds":["1"]}' });

    // Warm-up (JIT, connection pools), then rounds that take turns: no-op, ballots, no-op, ballots...
    await load(noop.url, noopReq);
    const warm = await load(api.url, ballot, onAck);
    console.log(`warm-up ballots: ${Math.round(warm.run.rps)}/s`);
    const results: { noop: Run; vote: Run }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const n = (await load(noop.url, noopReq)).run;
      const cpu0 = cpuSeconds(api.child.pid!);
      const db0 = mariadbCpu();
      const v = (await load(api.url, ballot, onAck)).run;
      const cpu = cpuSeconds(api.child.pid!) - cpu0;
      const dbCpu = mariadbCpu() - db0;
      console.log(`CPU during the ballot run: server ${(cpu / SECONDS * 100).toFixed(0)}% of one core (${((cpu / v.requests) * 1e6).toFixed(0)} µs per ballot), MariaDB ${(dbCpu / SECONDS * 100).toFixed(0)}% (${((dbCpu / v.requests) * 1e6).toFixed(0)} µs per ballot)`);
      results.push({ noop: n, vote: v });
      console.log(`round ${r + 1}: no-op ${Math.round(n.rps)}/s p50 ${n.p50} ms p99 ${n.p99} ms | ballots ${Math.round(v.rps)}/s p50 ${v.p50} ms p99 ${v.p99} ms, non-2xx ${v.non2xx}, errors ${v.errors} | ratio ${(v.rps / n.rps).toFixed(2)}`);
    }

    // Exactness, once the requests autocannon abandoned at the end have settled: answers vs rows vs
    // counters vs the results endpoint.
    await new Promise((r) => setTimeout(r, 2000));
    const [storedVoters] = (await db.query('SELECT voter_id FROM public_ballots WHERE vote_id = ?', [voteId])) as [{ voter_id: number }[], unknown];
    const stored = new Set(storedVoters.map((r) => r.voter_id));
    const missing = acked.filter((v) => !stored.has(v)).length;
    const [[{ n_rows: rows }]] = (await db.query('SELECT COUNT(*) AS n_rows FROM public_ballots WHERE vote_id = ?', [voteId])) as [{ n_rows: number }[], unknown];
    const [[{ counters }]] = (await db.query('SELECT SUM(k.votes) AS counters FROM public_vote_counters k JOIN public_vote_candidates c ON c.id = k.candidate_id WHERE c.vote_id = ?', [voteId])) as [{ counters: number }[], unknown];
    const [perCandidate] = (await db.query('SELECT c.id, (SELECT SUM(k.votes) FROM public_vote_counters k WHERE k.candidate_id = c.id) AS votes, (SELECT COUNT(*) FROM public_ballots b WHERE b.vote_id = c.vote_id AND b.candidate_id = c.id AND b.excluded = 0) AS counted FROM public_vote_candidates c WHERE c.vote_id = ?', [voteId])) as [{ id: number; votes: number; counted: number }[], unknown];
    const results2 = (await (await fetch(`${api.url}/api/public-votes/${voteId}/results`)).json()) as { totals: { candidateId: string; votes: number }[] };
    const answered = [warm.run, ...results.map((x) => x.vote)].reduce((s, x) => s + x.requests - x.non2xx, 0);
    const mismatched = perCandidate.filter((c) => Number(c.votes) !== Number(c.counted)).length;
    const resultsSum = results2.totals.reduce((s, t) => s + t.votes, 0);
    console.log(`exactness: accepted answers ${acked.length} (2xx ${answered}), acknowledged but not stored ${missing}, stored ballots ${rows}, counters ${counters}, results endpoint ${resultsSum}, candidates whose counter differs from its rows: ${mismatched}`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(results.map((x) => x.vote.rps / x.noop.rps));
    console.log(
      JSON.stringify({
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds: ROUNDS,
        medianRatio: Number(ratio.toFixed(2)),
        noop: { rps: median(results.map((x) => x.noop.rps)), p50: median(results.map((x) => x.noop.p50)), p99: median(results.map((x) => x.noop.p99)) },
        ballots: { rps: median(results.map((x) => x.vote.rps)), p50: median(results.map((x) => x.vote.p50)), p99: median(results.map((x) => x.vote.p99)) },
        // Stored may exceed acknowledged: requests abandoned by the load generator at the end still commit.
        exact: missing === 0 && Number(rows) >= acked.length && Number(counters) === Number(rows) && resultsSum === Number(rows) && mismatched === 0,
      }),
    );
    await db.end();
  } finally {
    for (const c of servers) c.kill('SIGTERM');
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
