#!/usr/bin/env node
// `npm test`: builds what the tests run against, then runs jest over every package.
//
//   npm test                          build, then all tests
//   npm test -- --skip-build          reuse server/dist and miniapp/dist (quick re-runs)
//   npm test -- tests/layers.test.ts  any other argument goes to jest
//
// The builds are part of the test: `tsc -b` is the type-check (jest's @swc/jest only strips types),
// the end-to-end suite drives server/dist + miniapp/dist/h5, and the size test reads the weapp build.
// A build's own output is shown only when it fails, so a green run reads as a list of timings.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build') || process.env.SKIP_BUILD === '1';
const jestArgs = args.filter((a) => a !== '--skip-build');
// A suite that leaks a connection (a failed test skipping its cleanup) keeps jest alive after the
// results are in; in CI that hang would eat the whole time budget. --forceExit ends the run anyway and
// jest still names the problem ("Force exiting Jest..."). Not when hunting handles or watching.
if (!jestArgs.some((a) => /^--(detectOpenHandles|watch|watchAll|forceExit)\b/.test(a))) jestArgs.push('--forceExit');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => console.log(`[test] ${line}`);
const timings = [];
const startedAt = Date.now();

/**
 * Runs one command. quiet: keep its output and print it only on failure (the tail is what matters).
 * Resolves with the exit code; a signal counts as failure.
 */
function run(label, cmd, cmdArgs, { quiet = false, env } = {}) {
  const started = Date.now();
  if (!quiet) log(`${label} ...`);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (quiet) {
      const keep = (chunk) => { output = (output + chunk).slice(-20000); };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
    }
    const done = (code, why) => {
      const ms = Date.now() - started;
      timings.push([label, ms, code]);
      if (code !== 0 && quiet) process.stderr.write(`\n----- ${label} output (tail) -----\n${output}\n-----\n`);
      log(`${label}: ${code === 0 ? 'ok' : `FAILED (${why})`} in ${seconds(ms)}`);
      resolve(code);
    };
    child.on('error', (err) => done(127, err.message));
    child.on('exit', (code, signal) => done(code ?? 1, signal ? `signal ${signal}` : `exit ${code}`));
  });
}

function summary() {
  const width = Math.max(...timings.map(([l]) => l.length));
  log('timings:');
  for (const [label, ms, code] of timings) {
    console.log(`[test]   ${label.padEnd(width)}  ${seconds(ms).padStart(8)}${code === 0 ? '' : '  FAILED'}`);
  }
}

async function main() {
  if (skipBuild) {
    log('--skip-build: reusing server/dist and miniapp/dist as they are');
  } else {
    // Type-checks shared and server and emits server/dist (incremental: quick when nothing changed).
    // tsc -b trusts its .tsbuildinfo files: with a dist folder deleted (or a .tsbuildinfo committed
    // and a fresh clone) it reports "up to date" and builds nothing, so force it when outputs lack.
    const outputs = ['shared/dist/index.js', 'server/dist/main.js'];
    const force = outputs.some((f) => !fs.existsSync(path.join(ROOT, f)));
    if (force) log('server or shared build output missing: tsc -b --force');
    let code = await run('type-check + build server (tsc -b shared server)', path.join(BIN, 'tsc'), [
      '-b', 'shared', 'server', ...(force ? ['--force'] : []),
    ]);
    if (code !== 0) return finish(code, 'the TypeScript build failed (errors above)');
    // The test files and the mini-program are type-checked too (jest and Taro only strip types).
    for (const [label, project] of [['server tests', 'server/tsconfig.test.json'], ['tests/', 'tests'], ['miniapp', 'miniapp']]) {
      code = await run(`type-check ${label} (tsc -p ${project})`, path.join(BIN, 'tsc'), ['-p', project, '--noEmit']);
      if (code !== 0) return finish(code, `the ${label} type-check failed (errors above)`);
    }
    // The two Taro builds write to separate folders (dist/h5, dist/weapp) and can run side by side.
    const [h5, weapp] = await Promise.all([
      run('build H5 (taro build --type h5)', NPM, ['run', 'build:h5', '-w', 'miniapp'], { quiet: true }),
      run('build weapp (taro build --type weapp)', NPM, ['run', 'build:weapp', '-w', 'miniapp'], { quiet: true }),
    ]);
    code = h5 || weapp;
    if (code !== 0) return finish(code, `the ${h5 ? 'H5' : 'weapp'} build failed (output above)`);
  }
  const code = await run('jest', path.join(BIN, 'jest'), jestArgs);
  return finish(code, 'tests failed');
}

function finish(code, why) {
  summary();
  const total = seconds(Date.now() - startedAt);
  log(code === 0 ? `all passed in ${total}` : `FAILED: ${why} (after ${total})`);
  process.exitCode = code === 0 ? 0 : code || 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
