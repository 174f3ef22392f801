// Runs the built CLI (bin/omni-lint.js) and checks which npm packages it evaluated: `yaml` and `ajv`
// cost a third of startup, so a run that needs neither must not load them (src/lazy-packages.ts).
// Both are CommonJS: even when imported from ES modules they land in require.cache, which a script
// given to node with --import reads when the process exits.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    // The recorder works: the CLI's other CommonJS dependencies are there.
    expect(run.packages).toContain('picomatch');
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
