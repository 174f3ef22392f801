import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { RuleType } from '../engine/types.js';
import { projectRoot } from '../dev/gen.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import { GraphQuery } from '../graph/query.js';
import { copyFixture, kustomizeFolders, readTree } from './fs-tree.js';

/**
 * The clean-up the Flamingo guide lists by hand, done by one `--fix` on the example repository:
 * the missing GitRepository is created, HTTPRoutes move into their apps, mixed files move into the
 * target layout; every kustomize folder still builds and nothing that was deployed goes missing.
 */
const source = path.join(projectRoot(), 'fixtures', 'omni-gitops');
const options = { config: defaultConfig(), rules };
const hasKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
if (!hasKubectl) console.log('kubectl is not installed: the example repository is not rendered before and after --fix');

function fix(dir: string, types: RuleType[]): void {
  const plan = planFixes(dir, { ...options, fixTypes: new Set(types) });
  commitChanges(dir, plan.changeSet.changes());
}

/** `Kind namespace/name` of what kubectl renders for the folders Flux and Argo CD deploy. */
function deployedObjects(dir: string): Set<string> {
  const query = new GraphQuery(lintDirectory(dir, options).graph);
  const out = new Set<string>();
  for (const d of query.deployers()) {
    if (!existsSync(path.join(dir, d.dir, 'kustomization.yaml'))) {
      for (const item of d.renders.items) out.add(`${item.kind} ${item.namespace ?? ''}/${item.name}`);
      continue;
    }
    const r = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', path.join(dir, d.dir)], { encoding: 'utf8' });
    expect(r.status, `kubectl kustomize ${d.dir}: ${r.stderr}`).toBe(0);
    for (const m of r.stdout.matchAll(/^kind: (\S+)\n(?:[\s\S]*?)^metadata:\n((?:  .*\n)+)/gm)) {
      const name = /^  name: (\S+)$/m.exec(m[2]!)?.[1];
      const ns = /^  namespace: (\S+)$/m.exec(m[2]!)?.[1] ?? '';
      out.add(`${m[1]} ${ns}/${name}`);
    }
  }
  return out;
}

describe('omni-lint --fix on the example repository', () => {
  it('fixes the seed problems, keeps the layout the guide recommends, and a second --fix changes nothing', () => {
    const dir = copyFixture(source);
    const before = readTree(dir);
    fix(dir, ['problem', 'layout']);
    const after = lintDirectory(dir, options).findings.map((f) => `${f.ruleId} ${f.file}`);
    // Only the duplicate external-dns is left: removing an owner changes what is deployed, so it is a suggestion.
    expect(after).toEqual(['no-duplicate-helm-release applications/external-dns.yaml', 'no-duplicate-helm-release flux/releases/external-dns.yaml']);
    const tree = readTree(dir);
    expect(tree['flux/sources/omni-gitops.yaml']).toBe(
      '---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: omni-gitops\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  url: ssh://git@github.com/matjahs/omni-gitops\n',
    );
    expect(Object.keys(tree).filter((f) => f.startsWith('flux/httproutes/') && f !== 'flux/httproutes/kustomization.yaml')).toEqual([]);
    for (const moved of ['applications/vault.yaml', 'flux/kustomizations/hubble-relay.yaml', 'apps/vault/vault.yaml', 'apps/hubble-relay/manifests/hubble-relay.yaml']) {
      expect(tree[moved], `${moved} after --fix`).toBeDefined();
    }
    // Files no fix touched are byte-identical, comments included.
    for (const file of ['flux/releases/external-dns.yaml', 'applications/external-dns.yaml', 'apps/monitoring/kube-prometheus-stack/overlays/production/kustomization.yaml']) {
      expect(tree[file]).toBe(before[file]);
    }
    fix(dir, ['problem', 'layout']);
    expect(readTree(dir)).toEqual(tree);
  });

  it.skipIf(!hasKubectl)('keeps every kustomize folder building and everything deployed still deployed', () => {
    const dir = copyFixture(source);
    const deployedBefore = deployedObjects(dir);
    fix(dir, ['problem', 'layout']);
    for (const folder of kustomizeFolders(dir)) {
      const r = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', path.join(dir, folder)], { encoding: 'utf8' });
      expect(r.status, `kubectl kustomize ${folder}: ${r.stderr}`).toBe(0);
    }
    const deployedAfter = deployedObjects(dir);
    expect([...deployedBefore].filter((o) => !deployedAfter.has(o))).toEqual([]);
    // The new GitRepository is listed where the repository lists its sources, so Flux deploys it.
    expect(deployedAfter.has('GitRepository flux-system/omni-gitops')).toBe(true);
  });

  it('with --fix-type suggestion also resolves the duplicate external-dns the way the guide recommends (keep Flux)', () => {
    const dir = copyFixture(source);
    fix(dir, ['problem', 'layout', 'suggestion']);
    expect(lintDirectory(dir, options).findings).toEqual([]);
    const tree = readTree(dir);
    expect(tree['applications/external-dns.yaml']).toBeUndefined();
    expect(tree['applications/kustomization.yaml']).not.toContain('external-dns');
    expect(tree['flux/releases/external-dns.yaml']).toBe(readFileSync(path.join(source, 'flux/releases/external-dns.yaml'), 'utf8'));
  });

  it('plans the same fixes from a lint already run (as the action does), and leaves that lint as it was', () => {
    const dir = copyFixture(source);
    const planOptions = { ...options, fixTypes: new Set<RuleType>(['problem', 'layout']) };
    const linted = lintDirectory(dir, options);
    const findings = JSON.stringify(linted.findings);
    const fromScratch = planFixes(dir, planOptions);
    const fromLinted = planFixes(dir, planOptions, linted);
    expect(fromLinted.changeSet.changes().length).toBeGreaterThan(5);
    expect(fromLinted.changeSet.changes()).toEqual(fromScratch.changeSet.changes());
    expect(fromLinted.records).toEqual(fromScratch.records);
    expect(fromLinted.before).toBe(linted);
    expect(JSON.stringify(linted.findings)).toBe(findings);
    expect(JSON.stringify(lintDirectory(dir, options).findings)).toBe(findings);
  });
});
