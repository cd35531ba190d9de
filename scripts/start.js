#!/usr/bin/env node
// `npm start`: the local demo. Builds what is missing or out of date, then runs the server on SQLite
// with demo data and the development login, serving the API and the H5 app at http://localhost:3000.
// Production does not use this: `npm run serve` runs the built server with your own settings.
//
// Any setting in the environment wins (`PORT=8080 npm start`, `DEMO_DATA=0 npm start`).
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const log = (line) => console.log(`[start] ${line}`);

/** Newest mtime (ms) of the files under the given paths; 0 if none exist. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) {
      if (/(^|[/\\])(node_modules|dist|\.cache)$/.test(p)) return;
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  paths.forEach((p) => visit(path.join(ROOT, p)));
  return max;
}

function mtime(file) {
  try { return fs.statSync(path.join(ROOT, file)).mtimeMs; } catch { return 0; }
}

function step(label, cmd, args) {
  const started = Date.now();
  log(`${label} ...`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    log(`${label} FAILED (${r.error ? r.error.message : r.signal || `exit ${r.status}`}); nothing was started`);
    process.exit(r.status || 1);
  }
  log(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// The server: `tsc -b` keeps its own up-to-date check and takes about a second when nothing changed,
// so it always runs (and a changed shared/ is rebuilt too). That check trusts the .tsbuildinfo files,
// not the outputs: with a dist folder missing it would build nothing, so then it is forced.
const forceTsc = ['shared/dist/index.js', 'server/dist/main.js'].some((f) => mtime(f) === 0);
step('building the server (tsc -b server)', path.join(BIN, 'tsc'), ['-b', 'server', ...(forceTsc ? ['--force'] : [])]);

// The H5 app takes ~25 s to build: only when its output is missing or older than its sources.
const h5Index = 'miniapp/dist/h5/index.html';
const h5Sources = newest(['miniapp/src', 'miniapp/config', 'miniapp/babel.config.js', 'miniapp/package.json', 'shared/src']);
if (mtime(h5Index) === 0) {
  step('building the H5 app (first run, ~30 s)', NPM, ['run', 'build:h5', '-w', 'miniapp']);
} else if (h5Sources > mtime(h5Index)) {
  step('rebuilding the H5 app (sources changed, ~30 s)', NPM, ['run', 'build:h5', '-w', 'miniapp']);
}

// Demo defaults, unless set. In production the server refuses DEV_LOGIN, so it is not defaulted there.
const env = { ...process.env };
const production = env.NODE_ENV === 'production';
if (env.DEMO_DATA === undefined) env.DEMO_DATA = '1';
if (env.DEV_LOGIN === undefined && !production) env.DEV_LOGIN = '1';
const port = env.PORT || '3000';
log(
  `starting the server on http://localhost:${port} ` +
    `(demo data ${env.DEMO_DATA === '1' ? 'on' : 'off'}, development login ${env.DEV_LOGIN === '1' ? 'on' : 'off'}; Ctrl+C stops it)`,
);

// Own process group: a Ctrl+C in the terminal reaches this script only, which passes it on exactly
// once (a server that sees a second SIGINT may take it as "stop now, skip the graceful shutdown").
const child = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], {
  cwd: ROOT,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: process.platform !== 'win32',
});

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const sig of SIGNALS) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
// If this script dies some other way, do not leave the server running detached.
process.on('exit', () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

child.on('error', (err) => {
  log(`could not start the server: ${err.message}`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  for (const sig of SIGNALS) process.removeAllListeners(sig);
  if (signal) {
    // Report the server's death by signal the shell's way (128 + signal number).
    process.exitCode = 128 + (os.constants.signals[signal] || 0);
  } else {
    if (code !== 0) log(`the server exited with code ${code}`);
    process.exitCode = code ?? 1;
  }
});
