/**
 * WeChat refuses to upload a mini-program whose main package or any subpackage is over 2 MB, or whose
 * packages total over 20 MB. This checks the weapp build (miniapp/dist/weapp, made by scripts/test.js)
 * so a heavy import is caught here and not at upload time.
 *
 * Main package = every file of the build except those under a subpackage root listed in the built
 * app.json (`subPackages` or `subpackages`, `[].root`). Everything is counted, sourcemaps included:
 * the limit applies to what the developer tools upload, and counting more is the safe side.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const WEAPP = path.join(ROOT, 'miniapp', 'dist', 'weapp');
const MB = 1024 * 1024;
const PACKAGE_LIMIT = 2 * MB;
const TOTAL_LIMIT = 20 * MB;
// Written by the developer tools, not uploaded as code.
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json']);

interface FileSize { file: string; bytes: number }

function walk(dir: string, base = dir): FileSize[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return walk(full, base);
    const file = path.relative(base, full).split(path.sep).join('/');
    return d.isFile() && !NOT_UPLOADED.has(file) ? [{ file, bytes: statSync(full).size }] : [];
  });
}

function readBuild(): { files: FileSize[]; roots: string[] } {
  const appJson = path.join(WEAPP, 'app.json');
  if (!existsSync(appJson)) {
    throw new Error(
      `The weapp build is missing (${path.relative(ROOT, appJson)} not found): run \`npm run build:weapp\` ` +
        '(plain `npm test` builds it; `--skip-build` reuses what is there).',
    );
  }
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => {
    // `packages/admin`, `packages/admin/` and `/packages/admin` all name the same folder.
    const root = String(p.root ?? '').replace(/^\/+|\/+$/g, '');
    if (!root) throw new Error(`app.json has a subpackage without a root: ${JSON.stringify(p)}`);
    return root + '/';
  });
  return { files: walk(WEAPP), roots };
}

const sum = (files: FileSize[]) => files.reduce((n, f) => n + f.bytes, 0);
const fmt = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;
const largest = (files: FileSize[]) =>
  [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 10).map((f) => `    ${fmt(f.bytes).padStart(9)}  ${f.file}`).join('\n');

function expectUnder(name: string, files: FileSize[], limit: number): void {
  const total = sum(files);
  if (total >= limit) {
    throw new Error(`${name} is ${fmt(total)}, over the ${fmt(limit)} limit. Largest files:\n${largest(files)}`);
  }
}

describe('weapp package sizes', () => {
  let build: ReturnType<typeof readBuild>;
  beforeAll(() => {
    build = readBuild();
  });

  const inRoot = (root: string) => (f: FileSize) => f.file.startsWith(root);
  const mainFiles = () => build.files.filter((f) => !build.roots.some((r) => inRoot(r)(f)));

  it('has a main package with the app entry', () => {
    const names = mainFiles().map((f) => f.file);
    expect(names).toEqual(expect.arrayContaining(['app.json', 'app.js']));
  });

  it('keeps the main package under 2 MB', () => {
    expectUnder('The main package', mainFiles(), PACKAGE_LIMIT);
  });

  it('keeps every subpackage under 2 MB', () => {
    for (const root of build.roots) {
      const files = build.files.filter(inRoot(root));
      // A declared subpackage with no files means app.json and the build disagree.
      expect({ root, files: files.length > 0 }).toEqual({ root, files: true });
      expectUnder(`Subpackage ${root}`, files, PACKAGE_LIMIT);
    }
  });

  it('keeps the whole mini-program under 20 MB', () => {
    expectUnder('The whole mini-program', build.files, TOTAL_LIMIT);
  });
});
