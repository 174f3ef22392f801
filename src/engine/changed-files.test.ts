import { existsSync, mkdirSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture, removeTree } from '../testing/fs-tree.js';
import { git, hasGit } from '../testing/git.js';
import { stagedFiles } from './changed-files.js';

if (!hasGit) console.log('changed-files.test.ts: git is not installed; --staged is not tested.');

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function tempRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-staged-'));
  temps.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

const ks = (name: string, source: string): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: projectRoot(), env: {}, isTty: false });
  return { code, stdout, stderr };
}

const sourceFindings = (out: string): string[] =>
  (JSON.parse(out) as { findings: { file: string; ruleId: string }[] }).findings
    .filter((f) => f.ruleId === 'flux-source-ref-exists')
    .map((f) => f.file)
    .sort();

describe.skipIf(!hasGit)('stagedFiles', () => {
  it('lists staged files only: not unstaged edits, not untracked files, not deletions', () => {
    const dir = tempRepo();
    mkdirSync(path.join(dir, 'flux'));
    for (const f of ['kept.yaml', 'edited.yaml', 'deleted.yaml']) writeFileSync(path.join(dir, 'flux', f), 'a: 1\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'flux', 'staged.yaml'), 'b: 1\n');
    appendFileSync(path.join(dir, 'flux', 'kept.yaml'), 'c: 1\n');
    git(dir, 'add', 'flux/staged.yaml', 'flux/kept.yaml');
    appendFileSync(path.join(dir, 'flux', 'edited.yaml'), 'd: 1\n'); // unstaged
    writeFileSync(path.join(dir, 'flux', 'untracked.yaml'), 'e: 1\n');
    git(dir, 'rm', '-q', 'flux/deleted.yaml');
    expect([...stagedFiles(dir)].sort()).toEqual(['flux/kept.yaml', 'flux/staged.yaml']);
    // Linting a subfolder: paths are relative to it, files outside it are left out.
    writeFileSync(path.join(dir, 'top.yaml'), 'f: 1\n');
    git(dir, 'add', 'top.yaml');
    expect([...stagedFiles(path.join(dir, 'flux'))].sort()).toEqual(['kept.yaml', 'staged.yaml']);
  });

  it('works before the first commit', () => {
    const dir = tempRepo();
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'b: 1\n');
    git(dir, 'add', 'a.yaml');
    expect([...stagedFiles(dir)]).toEqual(['a.yaml']);
  });
});

describe.skipIf(!hasGit)('omni-lint --staged', () => {
  it('reports only findings in staged files, while the graph still sees the whole tree', () => {
    const dir = tempRepo();
    mkdirSync(path.join(dir, 'flux'));
    writeFileSync(path.join(dir, 'flux', 'old.yaml'), ks('old', 'gone-a'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'flux', 'staged.yaml'), ks('staged', 'gone-b'));
    git(dir, 'add', 'flux/staged.yaml');
    writeFileSync(path.join(dir, 'flux', 'untracked.yaml'), ks('untracked', 'gone-c'));
    expect(sourceFindings(run([dir, '--format', 'json']).stdout)).toEqual(['flux/old.yaml', 'flux/staged.yaml', 'flux/untracked.yaml']);
    const staged = run([dir, '--format', 'json', '--staged']);
    expect(staged.code).toBe(1);
    expect(sourceFindings(staged.stdout)).toEqual(['flux/staged.yaml']);
    // Once the staged file is fixed, nothing staged is broken: exit 0 although old.yaml still is.
    writeFileSync(path.join(dir, 'flux', 'staged.yaml'), ks('staged', 'flux-system'));
    git(dir, 'add', 'flux/staged.yaml');
    const fixed = run([dir, '--staged', ...rules.filter((r) => r.id !== 'flux-source-ref-exists').flatMap((r) => ['--rule', `${r.id}:off`])]);
    expect(fixed).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('cannot be combined with --changed-since', () => {
    const r = run(['.', '--staged', '--changed-since', 'HEAD']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--staged and --changed-since cannot be combined');
  });

  it('outside a git repository is a usage error that says so', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-nogit-'));
    temps.push(dir);
    const r = run([dir, '--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^omni-lint: git rev-parse --show-prefix failed/);
  });

  it('with --fix, fixes only findings in staged files', () => {
    const caseDir = path.join(projectRoot(), 'fixtures', 'flux-source-ref-exists', 'invalid-missing-self-source-is-created', 'input');
    const dir = copyFixture(caseDir);
    temps.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const onlyRule = rules.filter((r) => r.id !== 'flux-source-ref-exists').flatMap((r) => ['--rule', `${r.id}:off`]);
    const created = path.join(dir, 'flux', 'sources', 'platform.yaml');
    // The broken Kustomization is not staged: nothing to fix, nothing to report.
    writeFileSync(path.join(dir, 'notes.yaml'), 'a: 1\n');
    git(dir, 'add', 'notes.yaml');
    expect(run([dir, '--fix', '--staged', '--allow-dirty', ...onlyRule]).code).toBe(0);
    expect(existsSync(created)).toBe(false);
    // Staged, it is fixed: the missing GitRepository is created.
    appendFileSync(path.join(dir, 'flux', 'kustomizations', 'apps.yaml'), '# touched\n');
    git(dir, 'add', 'flux/kustomizations/apps.yaml');
    const fixed = run([dir, '--fix', '--staged', '--allow-dirty', ...onlyRule]);
    expect(fixed.code).toBe(0);
    expect(existsSync(created)).toBe(true);
  });
});
