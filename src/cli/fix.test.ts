import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture, readTree, removeTree } from '../testing/fs-tree.js';
import { git, hasGit } from '../testing/git.js';
import { runCli } from './main.js';

/**
 * --fix end to end, with flux-source-ref-exists: its fix creates flux/sources/platform.yaml as
 * `flux create source git --export` writes it and lists it in flux/sources/kustomization.yaml.
 * Every other rule is turned off so rules added later cannot change what these tests see.
 */
const caseDir = path.join(projectRoot(), 'fixtures', 'flux-source-ref-exists', 'invalid-missing-self-source-is-created');
const onlyThisRule = rules.filter((r) => r.id !== 'flux-source-ref-exists').flatMap((r) => ['--rule', `${r.id}:off`]);

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli([...args, ...onlyThisRule], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: projectRoot(), env: {}, isTty: false });
  return { code, stdout, stderr };
}

function copy(): string {
  const dir = copyFixture(path.join(caseDir, 'input'));
  temps.push(dir);
  return dir;
}

/** A copy of the fixture as a git repository with everything committed. */
function gitRepo(): string {
  const dir = copy();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

if (!hasGit) console.log('fix.test.ts: git not found; the dirty-tree tests are skipped.');

const expectedFixed = readTree(path.join(caseDir, 'expected-fixed'));

describe('omni-lint --fix-dry-run', () => {
  it('prints a unified diff and the files it would create, and changes nothing', () => {
    const dir = copy();
    const before = readTree(dir);
    const { code, stdout } = run([dir, '--fix-dry-run']);
    expect(code).toBe(1);
    expect(stdout).toContain('--- a/flux/sources/kustomization.yaml\n+++ b/flux/sources/kustomization.yaml\n');
    expect(stdout).toContain('@@ -3,3 +3,4 @@\n resources:\n   # Helm chart repositories\n   - podinfo.yaml\n+  - platform.yaml\n');
    expect(stdout).toContain('--- /dev/null\n+++ b/flux/sources/platform.yaml\n');
    expect(stdout).toContain('+  url: ssh://git@github.com/example/platform\n');
    expect(stdout).toContain('Files:\n  create  flux/sources/platform.yaml\n');
    // The findings are still reported: nothing was fixed.
    expect(stdout).toContain('GitRepository "platform"');
    expect(readTree(dir)).toEqual(before);
  });

  it('says so when there is nothing to fix', () => {
    const dir = copy();
    expect(run([dir, '--fix']).code).toBe(0);
    const again = run([dir, '--fix-dry-run']);
    expect(again).toEqual({ code: 0, stdout: 'omni-lint --fix-dry-run: nothing to fix.\n', stderr: '' });
  });

  it('with --format json prints no diff, only the report with the planned changes', () => {
    const dir = copy();
    const { stdout } = run([dir, '--fix-dry-run', '--format', 'json']);
    const report = JSON.parse(stdout) as { fix: { applied: boolean; changes: unknown[] } };
    expect(report.fix.applied).toBe(false);
    expect(report.fix.changes).toHaveLength(2);
    expect(readTree(dir)).toEqual(readTree(path.join(caseDir, 'input')));
  });
});

describe('omni-lint --fix', () => {
  it('writes the fix, reports what it did and exits 0 when nothing remains', () => {
    const dir = copy();
    const { code, stdout, stderr } = run([dir, '--fix']);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('omni-lint --fix: applied 1 fix in 1 pass (1 edited, 1 created, 0 moved, 0 deleted).\n');
    expect(readTree(dir)).toEqual(expectedFixed);
  });

  it('lists the changes in a `fix` object of the JSON report', () => {
    const dir = copy();
    const { code, stdout } = run([dir, '--fix', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { findings: unknown[]; fix: Record<string, unknown> };
    expect(report.findings).toEqual([]);
    const unit = 'flux-source-ref-exists:flux/kustomizations/apps.yaml:12:11';
    expect(report.fix).toEqual({
      applied: true,
      changes: [
        { kind: 'create', path: 'flux/sources/platform.yaml', finding: unit },
        { kind: 'edit', path: 'flux/sources/kustomization.yaml', finding: unit },
      ],
      skipped: [],
      passes: 1,
    });
  });

  it.skipIf(!hasGit)('applies on a clean git checkout', () => {
    const dir = gitRepo();
    expect(run([dir, '--fix']).code).toBe(0);
    expect(readTree(dir)).toMatchObject(expectedFixed);
    expect(git(dir, 'status', '--porcelain')).toBe(' M flux/sources/kustomization.yaml\n?? flux/sources/platform.yaml\n');
  });

  it.skipIf(!hasGit)('refuses with exit 2, naming the file, when a file it would change has uncommitted changes', () => {
    const dir = gitRepo();
    const kustomization = path.join(dir, 'flux', 'sources', 'kustomization.yaml');
    appendFileSync(kustomization, '# work in progress\n');
    const edited = readFileSync(kustomization, 'utf8');
    const before = readTree(dir);
    const { code, stderr, stdout } = run([dir, '--fix']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'omni-lint: --fix would change files that have uncommitted changes: flux/sources/kustomization.yaml. Commit or stash them first, or pass --allow-dirty.\n',
    );
    expect(readTree(dir)).toEqual(before);

    const allowed = run([dir, '--fix', '--allow-dirty']);
    expect(allowed.code).toBe(0);
    // The new entry goes after the last item, above the uncommitted comment, which is kept.
    expect(edited).toBe(`${readTree(path.join(caseDir, 'input'))['flux/sources/kustomization.yaml']}# work in progress\n`);
    expect(readFileSync(kustomization, 'utf8')).toBe(`${expectedFixed['flux/sources/kustomization.yaml']}# work in progress\n`);
    expect(readTree(dir)['flux/sources/platform.yaml']).toBe(expectedFixed['flux/sources/platform.yaml']);
  });

  it.skipIf(!hasGit)('names the dirty file relative to the linted folder when that is a subfolder of the checkout', () => {
    const top = copy();
    cpSync(path.join(caseDir, 'input'), path.join(top, 'gitops'), { recursive: true });
    git(top, 'init', '-q', '-b', 'main');
    git(top, 'add', '-A');
    git(top, 'commit', '-q', '-m', 'initial');
    appendFileSync(path.join(top, 'gitops', 'flux', 'sources', 'kustomization.yaml'), '# wip\n');
    const { code, stderr } = run([path.join(top, 'gitops'), '--fix']);
    expect(code).toBe(2);
    expect(stderr).toContain('uncommitted changes: flux/sources/kustomization.yaml.');
  });

  it.skipIf(!hasGit)('ignores uncommitted changes in files it does not touch', () => {
    const dir = gitRepo();
    appendFileSync(path.join(dir, 'flux', 'sources', 'podinfo.yaml'), '# edited\n');
    expect(run([dir, '--fix']).code).toBe(0);
    expect(readTree(dir)['flux/sources/platform.yaml']).toBeDefined();
  });

  it('refuses --fix with more than one folder', () => {
    const { code, stderr } = run([copy(), copy(), '--fix']);
    expect(code).toBe(2);
    expect(stderr).toContain('--fix and --fix-dry-run take one folder at a time.');
  });

  it('rejects an unknown --fix-type', () => {
    const { code, stderr } = run([copy(), '--fix', '--fix-type', 'everything']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown --fix-type "everything"');
  });

  it('applies nothing when the fix type is not selected', () => {
    const dir = copy();
    const { code } = run([dir, '--fix', '--fix-type', 'layout']);
    expect(code).toBe(1);
    expect(readTree(dir)).toEqual(readTree(path.join(caseDir, 'input')));
  });
});
