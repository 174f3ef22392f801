// Runs the built CLI (bin/omni-lint.js) and checks which npm packages it evaluated: `yaml` and `ajv`
// cost a third of startup, so a run that needs neither must not load them (src/lazy-packages.ts).
// Both are CommonJS: even when imported from ES modules they land in require.cache, which a script
// given to node with --import reads when the process exits.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';

const ROOT = projectRoot();
const BIN = path.join(ROOT, 'bin', 'omni-lint.js');
const built = existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));
if (!built) console.log('startup.test.ts: dist/ is not built (npm run build), so the startup tests are skipped.');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const recorder = path.join(tmp, 'record-packages.mjs');
writeFileSync(
  recorder,
  `import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(process.env.RECORD_PACKAGES_TO, JSON.stringify(Object.keys(cache))));
`,
);

/** Lints `folder` with the built CLI; returns the exit code and the packages whose code was evaluated. */
function lint(folder: string): { status: number | null; stdout: string; stderr: string; packages: string[] } {
  const out = path.join(tmp, 'loaded.json');
  rmSync(out, { force: true });
  const { NODE_OPTIONS: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(recorder).href, BIN, folder, '--format', 'json'], {
    cwd: ROOT,
    env: { ...env, RECORD_PACKAGES_TO: out },
    encoding: 'utf8',
  });
  const files = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as string[]) : [];
  const packages = new Set<string>();
  for (const file of files) {
    // package.json files are data (registry.ts reads ajv's version for its cache key), not code.
    const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.+)$/.exec(file);
    if (m && !m[2]!.endsWith('.json')) packages.add(m[1]!.replace(/\\/g, '/'));
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, packages: [...packages].sort() };
}

describe.skipIf(!built)('startup of the built CLI', () => {
  it('lints fixtures/omni-gitops without evaluating yaml or ajv', () => {
    const run = lint('fixtures/omni-gitops');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    // (The next test shows that the recorder sees packages when they load.)
    expect(run.packages, 'yaml or ajv is loaded at startup again (or dist/ is stale: npm run build)').not.toContain('yaml');
    expect(run.packages).not.toContain('ajv');
  });

  it('loads yaml when a file needs its precise parser', () => {
    const run = lint('fixtures/yaml-syntax/invalid-bad-indentation/input');
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('yaml-syntax');
    expect(run.packages).toContain('yaml');
  });
});

describe('bin/omni-lint.js', () => {
  /** A copy of bin/ beside two fake builds that say which one ran; `bundleAge` in seconds (negative: older). */
  function runFakeBuilds(bundleAge: number | undefined): string {
    const dir = mkdtempSync(path.join(tmp, 'bin-'));
    mkdirSync(path.join(dir, 'bin'));
    copyFileSync(BIN, path.join(dir, 'bin', 'omni-lint.js'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    const fake = (which: string): string => `export function runCli() { process.stdout.write('${which}'); return 0; }\n`;
    const modules = path.join(dir, 'dist', 'src', 'cli', 'main.js');
    mkdirSync(path.dirname(modules), { recursive: true });
    writeFileSync(modules, fake('modules'));
    if (bundleAge !== undefined) {
      const bundle = path.join(dir, 'dist', 'bundle', 'omni-lint.js');
      mkdirSync(path.dirname(bundle), { recursive: true });
      writeFileSync(bundle, fake('bundle'));
      const now = Date.now() / 1000;
      utimesSync(modules, now, now);
      utimesSync(bundle, now + bundleAge, now + bundleAge);
    }
    const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'omni-lint.js')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    return run.stdout;
  }

  it('runs the one-file bundle that npm run build writes', () => {
    expect(runFakeBuilds(10)).toBe('bundle');
    // An npm tarball gives every file the same time.
    expect(runFakeBuilds(0)).toBe('bundle');
  });

  it('runs the compiled modules when the bundle is missing or older than them (tsc alone was run since)', () => {
    expect(runFakeBuilds(undefined)).toBe('modules');
    expect(runFakeBuilds(-10)).toBe('modules');
  });
});
