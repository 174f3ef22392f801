import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { runCli } from '../cli/main.js';
import { removeTree } from '../testing/fs-tree.js';
import { git, hasGit } from '../testing/git.js';

/**
 * Every way of running omni-lint that exists for speed (the --cache, worker threads, pull-request
 * mode) must report exactly what a plain full run reports. Checked on one generated hybrid repository
 * with planted breakages, so that there are findings of many rules in many files to compare.
 */
if (!hasGit) console.log('run-modes.test.ts: git is not installed; pull-request mode is not compared.');

let dir = '';
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-modes-'));
  temps.push(dir);
  generateRepo(dir, { files: 1500, seed: 7, breakageRate: 0.03 });
});

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

function lint(args: string[], env: Record<string, string> = {}): JsonFinding[] {
  return lintJson(args, env).findings;
}

function lintJson(args: string[], env: Record<string, string> = {}, root = dir): { findings: JsonFinding[]; files: number } {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  // The worker switch is read from the process environment by the loader, as users set it.
  Object.assign(process.env, env);
  try {
    runCli([root, '--format', 'json', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: root, env: process.env, isTty: false });
  } finally {
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  if (!stdout) throw new Error(`omni-lint printed nothing: ${stderr}`);
  const report = JSON.parse(stdout) as { findings: JsonFinding[]; stats: { files: number } };
  return { findings: report.findings.map(({ ruleId, file, line, column, message }) => ({ ruleId, file, line, column, message })), files: report.stats.files };
}

describe('run modes report the same findings', () => {
  it('a cold and a warm --cache run equal a run without the cache', () => {
    const plain = lint([]);
    expect(new Set(plain.map((f) => f.ruleId)).size).toBeGreaterThanOrEqual(4);
    const cache = path.join(dir, '..', `${path.basename(dir)}.cache`);
    temps.push(cache, `${cache}.parses`, `${cache}.parses-recent`, `${cache}.scope`);
    expect(lint(['--cache', '--cache-location', cache])).toEqual(plain);
    expect(lint(['--cache', '--cache-location', cache])).toEqual(plain);
  });

  it('parsing in worker threads equals parsing on the main thread', () => {
    const plain = lint([], { OMNI_LINT_WORKERS: '0' });
    expect(lint([], { OMNI_LINT_WORKERS: '2' })).toEqual(plain);
  });

  it.skipIf(!hasGit)('pull-request mode reports, for the changed files, what a full run reports for them', () => {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const before = lint([]);
    // A --cache run on the base commit leaves the index that lets pull-request runs read only what a change bears on.
    const cache = path.join(dir, '..', `${path.basename(dir)}-pr.cache`);
    temps.push(cache, `${cache}.parses`, `${cache}.parses-recent`, `${cache}.scope`);
    lint(['--cache', '--cache-location', cache]);
    // A commit since, and a --cache run after it that keeps the index (stale for one file): runs read
    // such a file afresh, as if the pull request changed it.
    const withFindings = [...new Set(before.map((f) => f.file))].slice(0, 3);
    const committed = [...new Set(before.map((f) => f.file))][3]!;
    appendFileSync(path.join(dir, committed), '\n# changed on the base branch\n');
    git(dir, 'commit', '-qam', 'since the index');
    const index = readFileSync(`${cache}.scope`);
    lint(['--cache', '--cache-location', cache]);
    expect(readFileSync(`${cache}.scope`)).toEqual(index);
    // Files that already have findings, and one edited to gain a new one (a source that exists nowhere).
    const edited = withFindings[0]!;
    for (const f of withFindings) appendFileSync(path.join(dir, f), '\n# touched by the pull request\n');
    const ks = path.join(dir, 'flux', 'kustomizations', 'pr-added.yaml');
    writeFileSync(
      ks,
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: pr-added\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./infrastructure/gateway\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: nowhere\n',
    );
    const changed = new Set([...withFindings, 'flux/kustomizations/pr-added.yaml']);
    const full = lint([]).filter((f) => changed.has(f.file));
    const pr = lint(['--changed-since', 'HEAD']);
    expect(pr).toEqual(full);
    const scoped = lintJson(['--changed-since', 'HEAD', '--cache', '--cache-location', cache]);
    expect(scoped.findings).toEqual(full);
    // It did read less than the repository.
    expect(scoped.files).toBeLessThan(lintJson([]).files / 4);
    expect(pr.some((f) => f.file === 'flux/kustomizations/pr-added.yaml' && f.ruleId === 'flux-source-ref-exists')).toBe(true);
    expect(pr.some((f) => f.file === edited)).toBe(true);
    expect(readFileSync(ks, 'utf8')).toContain('nowhere');
  });

  it.skipIf(!hasGit)('a fresh clone elsewhere, given only the index of an earlier run (as a CI cache restores it), reads only what its change bears on', () => {
    if (!existsSync(path.join(dir, '.git'))) {
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'base');
    }
    // The run on the base branch: another checkout, another path.
    const base = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-ci-base-'));
    const head = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-ci-head-'));
    temps.push(base, head);
    git(base, 'clone', '-q', dir, 'repo');
    git(head, 'clone', '-q', dir, 'repo');
    const baseRoot = path.join(base, 'repo');
    const headRoot = path.join(head, 'repo');
    lintJson(['--cache', '--cache-location', path.join(base, 'cache', 'omni-lint')], {}, baseRoot);
    // Only the index travels (the parses and stored findings are of no use to a pull-request run).
    const restored = path.join(head, 'cache', 'omni-lint');
    mkdirSync(path.dirname(restored));
    copyFileSync(path.join(base, 'cache', 'omni-lint.scope'), `${restored}.scope`);
    const plain = lintJson([], {}, headRoot);
    const edited = plain.findings[0]!.file;
    appendFileSync(path.join(headRoot, edited), '\n# touched by the pull request\n');
    const full = lintJson([], {}, headRoot).findings.filter((f) => f.file === edited);
    expect(full.length).toBeGreaterThan(0);
    const scoped = lintJson(['--changed-since', 'HEAD', '--cache-location', restored], {}, headRoot);
    expect(scoped.findings).toEqual(full);
    expect(scoped.files).toBeLessThan(plain.files / 4);
  });
});
