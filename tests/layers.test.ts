/**
 * Layer rules (.dependency-cruiser.js) over the sources of every package. dependency-cruiser 17 is
 * ESM-only and jest runs these files as CommonJS, so its CLI runs in a child process and reports JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
// Source folders only: tests/ may import anything, and build outputs are checked as targets.
const SOURCES = ['shared/src', 'server/src', 'server/test', 'miniapp/src', 'miniapp/config', 'miniapp/types'];
const EXPECTED_RULES = [
  'shared-not-to-apps',
  'shared-no-platform-libs',
  'shared-rules-are-pure',
  'miniapp-not-to-server',
  'miniapp-no-server-libs',
  'server-not-to-miniapp',
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface CruiseResult {
  modules: { source: string }[];
  summary: {
    violations: Violation[];
    totalCruised: number;
    ruleSetUsed: { forbidden?: { name: string }[] };
  };
}

function cruise(): CruiseResult {
  const dirs = SOURCES.filter((d) => existsSync(path.join(ROOT, d)));
  let out: string;
  try {
    // No --validate exit-code games: read the JSON and judge here, so the message can list it all.
    out = execFileSync(process.execPath, [CLI, '--config', '.dependency-cruiser.js', '--output-type', 'json', ...dirs], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    // depcruise exits with the number of error-level violations but still prints the JSON.
    if (e.stdout && e.stdout.trimStart().startsWith('{')) out = e.stdout;
    else throw new Error(`dependency-cruiser failed (exit ${e.status}):\n${e.stderr || e.stdout || String(err)}`);
  }
  return JSON.parse(out) as CruiseResult;
}

describe('layer rules (dependency-cruiser)', () => {
  let result: CruiseResult;
  beforeAll(() => {
    result = cruise();
  }, 60_000);

  it('loads every rule and actually reads the sources', () => {
    const names = (result.summary.ruleSetUsed.forbidden ?? []).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(EXPECTED_RULES));
    // Guards against a silent pass: a wrong path or config would cruise nothing.
    const sources = result.modules.map((m) => m.source);
    expect(sources).toContain('shared/src/index.ts');
    expect(sources.some((s) => s.startsWith('server/src/'))).toBe(true);
  });

  it('has no import that crosses a layer', () => {
    const lines = result.summary.violations.map((v) => `  ${v.rule.name}: ${v.from} → ${v.to}`);
    if (lines.length) {
      throw new Error(`${lines.length} forbidden import(s); see the rule comments in .dependency-cruiser.js:\n${lines.join('\n')}`);
    }
  });
});
