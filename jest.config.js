// One jest run over every package. @swc/jest compiles TypeScript (with TypeORM's decorators and
// their metadata); `tsc -b` type-checks separately in `npm test`.
const path = require('node:path');

const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const moduleNameMapper = { '^@liangdian/shared$': path.join(__dirname, 'shared/src/index.ts') };
const base = { transform, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  // Integration suites run DDL and many requests against MariaDB beside other workers on 2 cores.
  testTimeout: 30000,
  globalSetup: '<rootDir>/tests/support/global-setup.js',
  globalTeardown: '<rootDir>/tests/support/global-teardown.js',
  projects: [
    { ...base, displayName: 'shared', roots: ['<rootDir>/shared/src'] },
    { ...base, displayName: 'server', roots: ['<rootDir>/server/src', '<rootDir>/server/test'] },
    { ...base, displayName: 'miniapp', roots: ['<rootDir>/miniapp/src'] },
    // No per-project testTimeout: jest 30 ignores it (only the global one counts). Slow suites set
    // their own with jest.setTimeout (the e2e harness does).
    { ...base, displayName: 'tests', roots: ['<rootDir>/tests'] },
  ],
};
