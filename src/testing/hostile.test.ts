import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory, type LintOptions } from '../engine/run.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import { loadRepo } from '../load/load-repo.js';
import { MAX_DEPTH } from '../load/read-yaml.js';
import { readTree, removeTree } from './fs-tree.js';

/**
 * Inputs too big or too odd for fixtures/_load (a 50 MB manifest, 10,000-deep nesting, 10,001
 * documents), generated here in temp folders. Each is linted with every rule, as the CLI does.
 */
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-hostile-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const options = (limits: LintOptions['config']['limits'] = {}): LintOptions => ({ config: { ...defaultConfig(), limits }, rules });

const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
/** A Flux Kustomization whose source is missing: a finding that proves its document was linted. */
const KS = (name: string): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: missing-repo\n`;

const summary = (root: string, o = options()): string[] => {
  const { findings } = lintDirectory(root, o);
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId}/${f.messageId}`);
};

describe('hostile input', () => {
  it('skips a 50 MB manifest without reading it, reports it, and lints the rest; reads it when the limit allows', () => {
    const big = `${CM('huge')}data:\n  blob: "${'x'.repeat(50 * 1024 * 1024)}"\n`;
    const root = tree({ 'huge.yaml': big, 'ks.yaml': KS('next-to-the-huge-one') });
    expect(summary(root)).toEqual(['huge.yaml:1 file-skipped/tooLarge', 'ks.yaml:12 flux-source-ref-exists/missing']);
    const { findings } = lintDirectory(root, options());
    expect(findings[0]!.message).toBe(`This file is ${big.length} bytes, over the limit of 8388608 bytes, so it was not linted. Raise limits.maxFileBytes in .omni-lint.yaml to lint it.`);
    // Raised past it, the file is linted like any other.
    expect(summary(root, options({ maxFileBytes: 64 * 1024 * 1024 }))).toEqual(['ks.yaml:12 flux-source-ref-exists/missing']);
  });

  it('reports nesting 10,000 levels deep as a finding, in flow and block style, and reads the other documents', () => {
    const n = 10_000;
    const root = tree({
      'flow-seq.yaml': `${CM('a')}---\n${CM('deep-seq')}data:\n  x: ${'['.repeat(n)}${']'.repeat(n)}\n---\n${KS('after-flow-seq')}`,
      'flow-map.yaml': `${CM('b')}---\n${CM('deep-map')}data:\n  x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n---\n${KS('after-flow-map')}`,
      'block-seq.yaml': `${CM('c')}---\n${'- '.repeat(n)}x\n---\n${KS('after-block-seq')}`,
      'block-map.yaml': `${CM('d')}---\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n---\n${KS('after-block-map')}`,
      'ok.yaml': KS('in-another-file'),
    });
    const { findings } = lintDirectory(root, options());
    expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}/${f.messageId}`)).toEqual([
      'block-map.yaml:5 file-skipped/tooDeep',
      'block-map.yaml:2018 flux-source-ref-exists/missing',
      'block-seq.yaml:5 file-skipped/tooDeep',
      'block-seq.yaml:19 flux-source-ref-exists/missing',
      'flow-map.yaml:5 file-skipped/tooDeep',
      'flow-map.yaml:24 flux-source-ref-exists/missing',
      'flow-seq.yaml:5 file-skipped/tooDeep',
      'flow-seq.yaml:24 flux-source-ref-exists/missing',
      'ok.yaml:12 flux-source-ref-exists/missing',
    ]);
    expect(findings[0]!.message).toBe(
      `Document 2 of this file nests deeper than ${MAX_DEPTH} levels, more than omni-lint reads, so it was not linted. No Kubernetes object nests this deep: if this is data, keep it out of the manifests, or add the file to ignore: in .omni-lint.yaml.`,
    );
    // --fix plans over the same files without crashing and leaves them alone.
    const before = readTree(root);
    commitChanges(root, planFixes(root, { ...options(), fixTypes: new Set(['problem', 'layout']) }).changeSet.changes());
    const after = readTree(root);
    for (const file of ['flow-seq.yaml', 'flow-map.yaml', 'block-seq.yaml', 'block-map.yaml']) expect(after[file]).toBe(before[file]);
  });

  it('reads the same depth the same way wherever it is parsed: just under the limit is read, just over is reported', () => {
    const at = (depth: number): string => `${CM('x')}data:\n  x: ${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}\n`;
    // The document's own map and data add two levels.
    const root = tree({ 'at-limit.yaml': at(MAX_DEPTH), 'over-limit.yaml': at(MAX_DEPTH + 1) });
    expect(summary(root)).toEqual(['over-limit.yaml:1 file-skipped/tooDeep']);
  });

  it('lints a file of 10,000 documents and skips one of 10,001 with a finding', () => {
    const docs = (n: number): string => Array.from({ length: n }, (_, i) => CM(`cm-${i}`)).join('---\n');
    const root = tree({ 'at-limit.yaml': docs(10_000), 'over-limit.yaml': docs(10_001), 'ks.yaml': KS('beside') });
    const { findings, stats } = lintDirectory(root, options());
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}/${f.messageId}`)).toEqual([
      'ks.yaml:12 flux-source-ref-exists/missing',
      'over-limit.yaml:1 file-skipped/tooManyDocuments',
    ]);
    expect(stats.resources).toBe(10_001);
  });

  it('reads a file reached through a symlink once: no second copy of its objects, references through links resolve', () => {
    const root = tree({
      'base/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
      'base/configmap.yaml': CM('settings'),
      'overlay/kustomization.yaml': 'resources:\n  - linked-base\n  - ../base/configmap.yaml\n',
      'single/kustomization.yaml': 'resources:\n  - linked.yaml\n',
    });
    symlinkSync('../base', path.join(root, 'overlay', 'linked-base'));
    symlinkSync('../base/configmap.yaml', path.join(root, 'single', 'linked.yaml'));
    const repo = loadRepo(root);
    expect([...repo.yaml.keys()].sort()).toEqual(['base/configmap.yaml', 'base/kustomization.yaml', 'overlay/kustomization.yaml', 'single/kustomization.yaml']);
    expect(repo.links).toEqual(new Map([['overlay/linked-base', 'base'], ['single/linked.yaml', 'base/configmap.yaml']]));
    const { graph, findings } = lintDirectory(root, options());
    expect(graph.resources.map((r) => `${r.file} ${r.kind}/${r.name}`)).toEqual(['base/configmap.yaml ConfigMap/settings']);
    const targets = graph.edges.filter((e) => e.target.type === 'path').map((e) => `${e.from.file} -> ${e.target.type === 'path' ? e.target.path : ''} ${e.status}`);
    expect(targets.sort()).toEqual([
      'base/kustomization.yaml -> base/configmap.yaml resolved',
      'overlay/kustomization.yaml -> base resolved',
      'overlay/kustomization.yaml -> base/configmap.yaml resolved',
      'single/kustomization.yaml -> base/configmap.yaml resolved',
    ]);
    expect(findings).toEqual([]);
  });

  it('never reads what a path that climbs out of the repository names, even when it exists', () => {
    const parent = tree({
      'outside/kustomization.yaml': 'resources: [broken\n',
      'outside/apps/secret.yaml': 'password: [hunter2\n',
      'repo/apps/kustomization.yaml': 'resources:\n  - ../../outside\n',
      'repo/clusters/ks.yaml': KS('escape').replace('path: ./apps', 'path: ../outside/apps'),
    });
    const { findings } = lintDirectory(path.join(parent, 'repo'), options());
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}/${f.messageId}`)).toEqual([
      'apps/kustomization.yaml:2 kustomize-ref-exists/outsideRoot',
      'clusters/ks.yaml:8 flux-kustomization-path-exists/outsideRoot',
      'clusters/ks.yaml:12 flux-source-ref-exists/missing',
    ]);
  });
});

describe('--fix and files it could not read', () => {
  it('never rewrites a file that is not UTF-8, even when a fix would have to edit it', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nresources:\n  - service.yaml\n')]);
    const root = tree({
      'clusters/prod/apps.yaml': `${KS('web').replace('./apps', './apps/web').replace('missing-repo', 'flux-system')}---\n${KS('platform').replace('./apps', './flux').replace('missing-repo', 'flux-system')}`,
      'applications/kustomization.yaml': '# none yet\n',
      'flux/kustomization.yaml': 'resources:\n  - httproutes\n',
      'flux/httproutes/kustomization.yaml': 'resources:\n  - web.yaml\n',
      'flux/httproutes/web.yaml':
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\n  namespace: web\nspec:\n  rules:\n    - backendRefs:\n        - name: web\n          port: 80\n',
      'apps/web/kustomization.yaml': latin1,
      'apps/web/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: web\nspec:\n  ports:\n    - port: 80\n',
    });
    const plan = planFixes(root, { ...options(), fixTypes: new Set(['problem', 'layout']) });
    commitChanges(root, plan.changeSet.changes());
    expect(readFileSync(path.join(root, 'apps/web/kustomization.yaml'))).toEqual(latin1);
    expect(plan.skipped.map((s) => s.reason)).toContain('apps/web/kustomization.yaml is left as it is: omni-lint did not read it (it is not UTF-8 text)');
    // The route stays where it was, still listed: nothing half-moved.
    expect(readFileSync(path.join(root, 'flux/httproutes/kustomization.yaml'), 'utf8')).toBe('resources:\n  - web.yaml\n');
  });
});
