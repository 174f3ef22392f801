import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { projectRoot } from '../dev/gen.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import { copyFixture, kustomizeFolders } from './fs-tree.js';

/**
 * omni-lint as a new user would try it, on real public repositories (../shared/corpus, present on
 * the developers' machines and in CI): no crash, the same findings twice, and a --fix with every
 * layout rule forced on never breaks a kustomize folder that built before, and converges.
 */
const corpus = path.join(projectRoot(), '..', 'shared', 'corpus');
const repos = existsSync(corpus) ? readdirSync(corpus).filter((d) => existsSync(path.join(corpus, d, '.corpus-commit'))).sort() : [];
if (repos.length === 0) console.log(`no corpus at ${corpus}: real-repository tests skipped`);
const hasKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
if (!hasKubectl) console.log('kubectl is not installed: corpus builds are not checked after --fix');

const forced = { 'layout-kind-folder': 'warning', 'layout-httproute-in-app-folder': 'warning', 'flamingo-app-exists': 'warning' } as const;
const options = { config: defaultConfig(), rules, ruleOverrides: forced };

const builds = (dir: string): boolean =>
  spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' }).status === 0;

describe.skipIf(repos.length === 0)('real repositories', () => {
  for (const repo of repos) {
    it(`${repo}: lints deterministically and --fix keeps every build that worked`, () => {
      const dir = copyFixture(path.join(corpus, repo));
      const first = lintDirectory(dir, options).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
      const second = lintDirectory(dir, options).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
      expect(second).toEqual(first);
      expect(first.filter((f) => f.includes('internal-error'))).toEqual([]);
      const buildingBefore = hasKubectl ? kustomizeFolders(dir).filter((f) => builds(path.join(dir, f))) : [];
      const plan = planFixes(dir, { ...options, fixTypes: new Set(['problem', 'layout']) });
      commitChanges(dir, plan.changeSet.changes());
      const broken = buildingBefore.filter((f) => existsSync(path.join(dir, f, 'kustomization.yaml')) && !builds(path.join(dir, f)));
      expect(broken).toEqual([]);
      const again = planFixes(dir, { ...options, fixTypes: new Set(['problem', 'layout']) });
      expect(again.changeSet.changes().map((c) => c.path)).toEqual([]);
    }, 300_000);
  }
});
