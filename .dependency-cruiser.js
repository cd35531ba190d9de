// Layer rules of the monorepo, checked by tests/layers.test.ts (dependency-cruiser 17).
//
//   shared/  — contracts (zod schemas) and pure rules used by both sides: depends on no app and on
//              no platform library, so the weapp bundle and the server can both take it whole.
//   server/  — Koa + TypeORM; never reaches into the mini-program.
//   miniapp/ — Taro; never reaches into the server (it talks to it over HTTP only).
//   shared/src/rules/ — pure functions: other shared files and dayjs, nothing else (no node:*, no
//              I/O), so the same rule gives the same answer in WeChat, in the browser and in Node.
//
// A path is the resolved file relative to the repo root (`server/src/app.ts`,
// `node_modules/koa/dist/koa.cjs`), or the name as written when it cannot be resolved (`koa`):
// the package patterns below match both forms.
const pkg = (names) => `(^|node_modules/)(${names.join('|')})(/|$)`;

const SERVER_LIBS = ['koa', 'koa-[^/]+', '@koa/[^/]+', 'typeorm', 'mysql2', 'better-sqlite3', 'ioredis'];
const UI_LIBS = ['@tarojs/[^/]+', '@nutui/[^/]+'];

module.exports = {
  forbidden: [
    {
      name: 'shared-not-to-apps',
      comment: 'shared/ is imported by server and miniapp; it cannot import either of them.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: ['^(server|miniapp)/', pkg(['@liangdian/server', '@liangdian/miniapp'])] },
    },
    {
      name: 'shared-no-platform-libs',
      comment: 'shared/ must run in the weapp, the browser and Node: no server or UI libraries.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: pkg([...SERVER_LIBS, ...UI_LIBS]) },
    },
    {
      name: 'shared-rules-are-pure',
      comment: 'shared/src/rules/ imports only other shared/src files and dayjs (no node:*, no I/O).',
      severity: 'error',
      from: { path: '^shared/src/rules/', pathNot: '\\.test\\.[jt]sx?$' },
      to: { pathNot: ['^shared/src/', pkg(['dayjs'])] },
    },
    {
      name: 'miniapp-not-to-server',
      comment: 'The mini-program talks to the server over HTTP only; shared contracts live in shared/.',
      severity: 'error',
      from: { path: '^miniapp/' },
      to: { path: ['^server/', pkg(['@liangdian/server'])] },
    },
    {
      name: 'miniapp-no-server-libs',
      comment: 'Server libraries cannot run in the weapp and would bloat the 2 MB main package.',
      severity: 'error',
      from: { path: '^miniapp/' },
      to: { path: pkg(SERVER_LIBS) },
    },
    {
      name: 'server-not-to-miniapp',
      comment: 'The server serves the H5 build as files; it never imports mini-program code.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: ['^miniapp/', pkg(['@liangdian/miniapp', ...UI_LIBS])] },
    },
  ],
  options: {
    // Type-only imports count: a `import type` from server/ still couples shared/ to it.
    tsPreCompilationDeps: true,
    // Dependencies of libraries and of build outputs are not ours to check, but edges *to* them are.
    doNotFollow: { path: ['node_modules', '^(shared|server|miniapp)/dist/'] },
    exclude: { path: ['(^|/)node_modules/\\.cache/', '\\.d\\.ts$'] },
    moduleSystems: ['cjs', 'es6'],
  },
};
