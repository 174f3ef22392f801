import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './dev/gen.js';
import { removeTree } from './testing/fs-tree.js';

/**
 * The package as users get it. A snapshot of this working tree (tracked and untracked files that
 * git does not ignore) is committed to a scratch git repository; then
 * - `npm pack` builds it (the prepare script) and packs it, and the tarball is installed into an
 *   empty folder with runtime dependencies only, where `npx omni-lint` must work;
 * - the real pre-commit installs it from git as a node hook (`pre-commit try-repo`) and runs it on a
 *   repository with a staged broken reference.
 * Both need the npm registry; pre-commit comes from the Debian package that .ci/run installs.
 */
const root = projectRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function temp(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
}

function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const GIT = ['-c', 'user.name=omni-lint test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false'];
const hasGit = spawnSync('git', ['--version']).status === 0;
if (!hasGit) console.log('package.test.ts: git is not installed; the package tests are skipped.');

/** The working tree as a fresh git repository with one commit. */
let snapshot = '';
beforeAll(() => {
  if (!hasGit) return;
  snapshot = temp('omni-lint-snapshot-');
  const files = must(sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root), 'git ls-files').split('\0');
  for (const f of files) {
    if (!f || !existsSync(path.join(root, f))) continue; // deleted but not yet committed
    mkdirSync(path.dirname(path.join(snapshot, f)), { recursive: true });
    cpSync(path.join(root, f), path.join(snapshot, f), { verbatimSymlinks: true });
  }
  must(sh('git', ['init', '-q', '-b', 'main'], snapshot), 'git init');
  must(sh('git', ['add', '-A'], snapshot), 'git add');
  must(sh('git', [...GIT, 'commit', '-q', '-m', 'snapshot'], snapshot), 'git commit');
});

const NETWORK = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)/;

const brokenKustomization = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./
  prune: true
  sourceRef:
    kind: GitRepository
    name: missing-repo
`;

/**
 * Bare module names a compiled file imports (`import x from 'y'`, `export * from 'y'`, `import('y')`,
 * `import 'y'`) or requires (`require('y')`: src/lazy-packages.ts loads yaml and ajv on first use).
 */
function importedPackages(js: string): string[] {
  const out: string[] = [];
  const specs = [
    ...js.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm),
    ...js.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...js.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...js.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  for (const spec of specs) {
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    out.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return out;
}

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

describe.skipIf(!hasGit)('npm pack', () => {
  it('builds a tarball that works installed into an empty folder with runtime dependencies only', { timeout: 600_000 }, (ctx) => {
    // Build and pack the snapshot, with this checkout's dev dependencies (TypeScript) for the prepare script.
    symlinkSync(path.join(root, 'node_modules'), path.join(snapshot, 'node_modules'), 'dir');
    const out = temp('omni-lint-pack-');
    const packed = sh('npm', ['pack', '--pack-destination', out], snapshot);
    must(packed, 'npm pack');
    // Only the file name on standard output: pre-commit's node hooks read it from there.
    expect(packed.stdout).toBe(`${pkg.name}-${pkg.version}.tgz\n`);
    const tarball = path.join(out, packed.stdout.trim());
    const listed = must(sh('tar', ['-tzf', tarball], out), 'tar').split('\n').filter(Boolean);
    for (const f of ['package/bin/omni-lint.js', 'package/dist/bundle/omni-lint.js', 'package/dist/bundle/parse-worker.js', 'package/dist/src/cli/main.js', 'package/dist/src/cli/graph.js', 'package/dist/rules/index.js', 'package/rules/flux-source-ref-exists.md', 'package/README.md', 'package/schemas/omni-lint-config.schema.json']) {
      expect(listed).toContain(f);
    }
    // No sources, tests, fixtures, dev tools or source maps.
    expect(listed.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(listed.filter((f) => /\.test\.|\/fixtures\/|\/dist\/src\/(dev|testing)\/|\.map$/.test(f))).toEqual([]);

    const app = temp('omni-lint-consumer-');
    const installed = sh('npm', ['install', tarball, '--omit=dev', '--no-audit', '--no-fund', '--no-progress'], app);
    if (installed.status !== 0 && NETWORK.test(installed.stderr)) {
      console.log(`package.test.ts: the npm registry is not reachable, so the installed package is not tested:\n${installed.stderr}`);
      ctx.skip();
    }
    must(installed, 'npm install <tarball>');
    // Nothing but runtime dependencies is installed...
    for (const dev of [...Object.keys(pkg.devDependencies), 'typescript', 'vitest', 'esbuild', 'ts-morph', 'tsx', 'ts-node']) {
      expect(existsSync(path.join(app, 'node_modules', dev)), `${dev} must not be installed`).toBe(false);
    }
    // ...and nothing the package runs imports anything else (so no TypeScript compiler or dev tool is loaded).
    const installedPkg = path.join(app, 'node_modules', pkg.name);
    const imported = new Set(jsFiles(installedPkg).flatMap((f) => importedPackages(readFileSync(f, 'utf8'))));
    expect(imported.has('yaml') && imported.has('picomatch')).toBe(true); // the scan sees imports
    expect([...imported].filter((name) => !(name in pkg.dependencies)).sort()).toEqual([]);

    const started = Date.now();
    const version = sh('npx', ['--no', '--', 'omni-lint', '--version'], app);
    const versionMs = Date.now() - started;
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`${pkg.version}\n`);
    expect(version.status).toBe(0);
    console.log(`package.test.ts: npx omni-lint --version took ${versionMs} ms`);
    expect(versionMs).toBeLessThan(10_000);

    const repo = temp('omni-lint-packaged-repo-');
    writeFileSync(path.join(repo, 'ks.yaml'), brokenKustomization);
    const lint = sh('npx', ['--no', '--', 'omni-lint', repo], app);
    expect(lint.status).toBe(1);
    expect(lint.stdout).toContain('ks.yaml');
    expect(lint.stdout).toMatch(/12:11\s+error\s+Kustomization "apps" references GitRepository "missing-repo"/);
    expect(lint.stdout).toContain('flux-source-ref-exists');
    const graph = sh('npx', ['--no', '--', 'omni-lint', 'graph', repo], app);
    expect(graph.status).toBe(0);
    expect(graph.stdout).toContain('GitRepository (missing)<br/>flux-system/missing-repo');
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
if (!hasPreCommit) console.log('package.test.ts: pre-commit is not installed (apt-get install pre-commit; .ci/run does), so the hook test is skipped.');

describe.skipIf(!hasGit || !hasPreCommit)('pre-commit hooks (.pre-commit-hooks.yaml)', () => {
  it('`pre-commit try-repo <this repo> omni-lint` fails on a staged broken reference and passes once it is fixed', { timeout: 900_000 }, (ctx) => {
    const repo = temp('omni-lint-precommit-');
    const home = temp('omni-lint-precommit-home-');
    const env = { PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never', CI: 'true' };
    must(sh('git', ['init', '-q', '-b', 'main'], repo), 'git init');
    mkdirSync(path.join(repo, 'flux'));
    writeFileSync(path.join(repo, 'flux', 'apps.yaml'), brokenKustomization);
    must(sh('git', ['add', 'flux/apps.yaml'], repo), 'git add');
    const failing = sh('pre-commit', ['try-repo', snapshot, 'omni-lint'], repo, env);
    const log = `${failing.stdout}\n${failing.stderr}`;
    if (failing.status !== 1 && NETWORK.test(log)) {
      console.log(`package.test.ts: the npm registry is not reachable, so pre-commit cannot install the hook:\n${log}`);
      ctx.skip();
    }
    expect(failing.status, log).toBe(1);
    expect(failing.stdout).toMatch(/omni-lint\.+Failed/);
    expect(failing.stdout).toContain('flux/apps.yaml');
    expect(failing.stdout).toContain('GitRepository "missing-repo"');
    expect(failing.stdout).toContain('flux-source-ref-exists');

    // Fixed and staged. A broken file that is not staged (untracked, invalid YAML) is not reported: only staged files are.
    writeFileSync(path.join(repo, 'flux', 'apps.yaml'), brokenKustomization.replace('missing-repo', 'flux-system'));
    must(sh('git', ['add', 'flux/apps.yaml'], repo), 'git add');
    writeFileSync(path.join(repo, 'flux', 'scratch.yaml'), 'a: [unclosed\n');
    const passing = sh('pre-commit', ['try-repo', snapshot, 'omni-lint'], repo, env);
    expect(passing.status, `${passing.stdout}\n${passing.stderr}`).toBe(0);
    expect(passing.stdout).toMatch(/omni-lint\.+Passed/);
  });
});
