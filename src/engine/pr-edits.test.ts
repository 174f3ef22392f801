import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo, Rng } from '../../bench/generate-repo.js';
import { runCli } from '../cli/main.js';
import { removeTree } from '../testing/fs-tree.js';
import { REPO_EDITS, yamlFilesIn } from '../testing/repo-edits.js';
import { git, hasGit } from '../testing/git.js';

/**
 * Pull-request mode promises, for the files a change touches, exactly what a full run reports for
 * them. pr-scope.test.ts checks it with every file taken as the change as it is; here the changes are
 * real edits (a file overwritten with another's content, deleted, added under a new name, given a
 * suppression, a folder ignored), one to three at a time, on a generated repository with planted
 * breakages. Each is checked without the cache, and with the index a --cache run on the base commit
 * left.
 */
if (!hasGit) console.log('pr-edits.test.ts: git is not installed; pull-request mode is not checked.');

/** Seeds 1..N; more by hand with OMNI_LINT_PR_EDITS_SEEDS=N (and OMNI_LINT_PR_EDITS_KEEP=1 to keep the trees). */
const SEEDS = Array.from({ length: Number(process.env.OMNI_LINT_PR_EDITS_SEEDS ?? 2) }, (_, i) => i + 1);
const temps: string[] = [];
afterAll(() => {
  if (!process.env.OMNI_LINT_PR_EDITS_KEEP) temps.forEach(removeTree);
});

interface Shown {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

function lint(dir: string, args: string[]): { findings: Shown[]; files: number } {
  let stdout = '';
  let stderr = '';
  runCli([dir, '--format', 'json', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {}, isTty: false });
  if (!stdout) throw new Error(`omni-lint printed nothing: ${stderr}`);
  const report = JSON.parse(stdout) as { findings: Shown[]; stats: { files: number } };
  return { findings: report.findings.map(({ ruleId, file, line, column, message }) => ({ ruleId, file, line, column, message })), files: report.stats.files };
}

describe('pull-request mode after real edits', () => {
  it.skipIf(!hasGit).each(SEEDS)('reports for the changed files what a full run reports (seed %i)', (seed) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-pr-edits-'));
    const cache = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-pr-edits-cache-')), 'cache');
    temps.push(dir, path.dirname(cache));
    generateRepo(dir, { files: 400, seed, breakageRate: 0.05 });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    git(dir, 'tag', 'base');
    lint(dir, ['--cache-location', cache]);
    const base = lint(dir, []).findings;
    const rng = new Rng(seed);
    let scopedRuns = 0;
    for (let trial = 0; trial < 12; trial++) {
      const count = rng.int(1, 3);
      const did: string[] = [];
      // Now and then the base moves on after the index was written: the index is then stale for
      // what that commit changed, which scoped runs must read afresh.
      if (rng.chance(0.3)) {
        const edit = rng.pick(REPO_EDITS)(dir, rng, base);
        git(dir, 'add', '-A');
        git(dir, 'commit', '-qm', 'since the index', '--allow-empty');
        did.push(`committed: ${edit.did}`);
      }
      for (let i = 0; i < count; i++) {
        const edit = rng.pick(REPO_EDITS)(dir, rng, base);
        did.push(edit.did);
      }
      // What git sees as changed (an edit may leave a file as it was): modified and untracked files.
      const changed = new Set(git(dir, 'status', '--porcelain', '-uall').split('\n').filter(Boolean).map((l) => l.slice(3)));
      const full = lint(dir, []).findings.filter((f) => changed.has(f.file));
      const what = `trial ${trial} in ${dir}: ${did.join('; ')}`;
      expect(lint(dir, ['--changed-since', 'HEAD']).findings, `without the cache, ${what}`).toEqual(full);
      const scoped = lint(dir, ['--changed-since', 'HEAD', '--cache-location', cache]);
      expect(scoped.findings, `with the index, ${what}`).toEqual(full);
      if (scoped.files < yamlFilesIn(dir).length / 2) scopedRuns++;
      git(dir, 'reset', '-q', '--hard', 'base');
      // -x: an edit may have added a .gitignore, which would otherwise keep the files it ignores.
      git(dir, 'clean', '-qfdx');
    }
    // Trials ran scoped: the comparisons above are of the scoped path, not only of its fallback (which
    // edits of .gitignore, deployers of much of the tree or many files take).
    expect(scopedRuns).toBeGreaterThan(0);
  });

  it.skipIf(!hasGit)('leaves out what the config ignores since the index was written', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-pr-config-'));
    const cache = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-pr-config-cache-')), 'cache');
    temps.push(dir, path.dirname(cache));
    const ks = (name: string, at: string): string =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${at}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const files: Record<string, string> = {
      'flux/sources/flux-system.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://github.com/example/fleet\n  ref:\n    branch: main\n',
      'flux/kustomizations/web.yaml': ks('web', './apps/web'),
      'apps/web/deployment.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: web\n',
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    }
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    lint(dir, ['--cache-location', cache]);
    // The pull request ignores the folder the Kustomization deploys, and touches the Kustomization.
    writeFileSync(path.join(dir, '.omni-lint.yaml'), 'ignore:\n  - "apps/web/**"\n');
    appendFileSync(path.join(dir, 'flux/kustomizations/web.yaml'), '# touched\n');
    const full = lint(dir, []).findings.filter((f) => f.file === 'flux/kustomizations/web.yaml');
    expect(full.map((f) => f.ruleId)).toContain('flux-kustomization-path-exists');
    expect(lint(dir, ['--changed-since', 'HEAD', '--cache-location', cache]).findings).toEqual(full);
  });
});
