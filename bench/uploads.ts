/**
 * Benchmark: 20 concurrent uploads of a 10 MB camera photo through a real HTTP server (a separate
 * process), streaming (ingestUpload) against a baseline that buffers each body in memory, in one
 * run. Reports throughput, latency and the server's peak memory (VmHWM: the kernel's high-water
 * mark of resident memory, so no peak between two samples is missed).
 *
 *   npm run bench:uploads                       (all three modes, 20 concurrent, 5 rounds)
 *   npm run bench:uploads -- --concurrency 10 --rounds 5 --modes streaming,buffering
 *
 * Linux only (/proc). See BENCHMARKS.md for results and how to read them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
/** Concurrency levels; each gets fresh server processes so that each peak is its own. */
const LEVELS = arg('concurrency', '20').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '5'));
const MODES = arg('modes', 'buffering,streaming,unbounded').split(',');
const MB = 1024 * 1024;

/**
 * A 5000×4000 (20 MP) JPEG of about 10 MB, like a phone's full-resolution photo: a scene with a
 * grain of gaussian noise (pure flat colour would compress to nothing), quality 92, with EXIF
 * time and GPS. Made once and cached in the temp directory.
 */
async function benchPhoto(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'liangdian-bench');
  const file = path.join(dir, 'photo-20mp-v2.jpg');
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const W = 5000;
  const H = 4000;
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="#9ec4e8"/><stop offset="0.55" stop-color="#e8e0c8"/><stop offset="1" stop-color="#4a6a30"/>` +
      `</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="3400" cy="1500" r="900" fill="#c05030"/>` +
      `<rect x="600" y="2300" width="1800" height="1300" fill="#306090"/></svg>`,
  );
  const raw = { width: W, height: H, channels: 3 as const };
  const base = await sharp(svg).removeAlpha().raw().toBuffer();
  const grain = await sharp({ create: { ...raw, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 41 } } }).raw().toBuffer();
  const jpeg = await sharp(base, { raw })
    .composite([{ input: grain, raw, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .withExif({
      IFD0: { Make: 'BenchCam', Model: 'B1' },
      IFD2: { DateTimeOriginal: '2026:11:05 14:03:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 3000/100', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/100' },
    })
    .toBuffer();
  await writeFile(file, jpeg);
  return file;
}

function startServer(mode: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'upload-server.js'), mode], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)));
    child.stdout!.once('data', (line: Buffer) => resolve({ child, port: JSON.parse(line.toString()).port }));
  });
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One multipart upload streamed from disk; resolves with the latency in ms. */
function upload(port: number, file: string, size: number): Promise<number> {
  const boundary = `----ldbench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      agent,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': head.length + size + tail.length },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(body).toString()}`));
        else resolve(performance.now() - started);
      });
    });
    req.write(head);
    const source = createReadStream(file);
    source.pipe(req, { end: false });
    source.on('end', () => req.end(tail));
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

interface Result {
  mode: string;
  concurrency: number;
  mbPerS: number;
  uploadsPerS: number;
  p50: number;
  p95: number;
  idleRss: number;
  peakRss: number;
}

interface Server {
  mode: string;
  child: ChildProcess;
  port: number;
  idleRss: number;
  latencies: number[];
  wallMs: number;
}

/**
 * All modes' servers run side by side, idle except the one under load, and the rounds alternate
 * between modes (A B C A B C ...): drift in the machine's speed (other jobs, thermal) then falls on
 * every mode alike instead of on whichever ran last. Memory is per process, so it is unaffected.
 */
async function runAll(file: string, size: number, concurrency: number): Promise<Result[]> {
  const servers: Server[] = [];
  try {
    for (const mode of MODES) {
      const { child, port } = await startServer(mode);
      servers.push({ mode, child, port, idleRss: 0, latencies: [], wallMs: 0 });
    }
    for (const s of servers) {
      // Two warm-up uploads load sharp/libvips and the code paths; idle memory is read after them.
      for (let i = 0; i < 2; i++) await upload(s.port, file, size);
      s.idleRss = memory(s.child.pid!).rss;
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of servers) {
        const started = performance.now();
        const done = await Promise.all(Array.from({ length: concurrency }, () => upload(s.port, file, size)));
        s.wallMs += performance.now() - started;
        s.latencies.push(...done);
      }
    }
    return servers.map((s) => {
      const n = concurrency * ROUNDS;
      const wall = s.wallMs / 1000;
      return {
        mode: s.mode,
        concurrency,
        mbPerS: (n * size) / MB / wall,
        uploadsPerS: n / wall,
        p50: percentile(s.latencies, 50),
        p95: percentile(s.latencies, 95),
        idleRss: s.idleRss,
        peakRss: memory(s.child.pid!).hwm,
      };
    });
  } finally {
    await Promise.all(
      servers.map((s) => {
        const exited = new Promise((r) => s.child.once('exit', r));
        s.child.kill('SIGTERM');
        return exited;
      }),
    );
  }
}

async function main() {
  const file = await benchPhoto();
  const size = statSync(file).size;
  const cpu = os.cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`);
  console.log(
    `photo: 5000×4000 JPEG, ${(size / MB).toFixed(2)} MB; ${LEVELS.join(', ')} concurrent uploads × ${ROUNDS} rounds per mode; ` +
      `one server process per mode and level, rounds alternating between modes\n`,
  );
  const f = (x: number, d = 1) => x.toFixed(d);
  console.log('| concurrent | mode | MB/s | uploads/s | p50 latency | p95 latency | idle RSS | peak RSS (VmHWM) | peak − idle |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const ratios: string[] = [];
  for (const level of LEVELS) {
    const results = await runAll(file, size, level);
    for (const r of results) {
      console.log(
        `| ${level} | ${r.mode} | ${f(r.mbPerS)} | ${f(r.uploadsPerS, 2)} | ${f(r.p50 / 1000, 2)} s | ${f(r.p95 / 1000, 2)} s | ` +
          `${f(r.idleRss / MB, 0)} MB | ${f(r.peakRss / MB, 0)} MB | ${f((r.peakRss - r.idleRss) / MB, 0)} MB |`,
      );
    }
    const base = results.find((r) => r.mode === 'buffering');
    for (const r of results.filter((x) => base && x !== base)) {
      ratios.push(
        `${level} concurrent, ${r.mode} vs buffering: peak RSS × ${f(r.peakRss / base!.peakRss, 2)} ` +
          `(growth over idle × ${f((r.peakRss - r.idleRss) / (base!.peakRss - base!.idleRss), 2)}), throughput × ${f(r.mbPerS / base!.mbPerS, 2)}`,
      );
    }
  }
  console.log('');
  for (const line of ratios) console.log(line);
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
