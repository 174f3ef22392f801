import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeConfig } from '../engine/config.js';
import { defineRule } from '../engine/define-rule.js';
import type { FixFunction, Rule, RuleType } from '../engine/types.js';
import { readTree, removeTree } from '../testing/fs-tree.js';
import type { FixBuilder } from './builder.js';
import { commitChanges } from './commit.js';
import { planFixes, type FixPlan } from './run-fix.js';

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-run-fix-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A test-only rule: one finding per entry of `fixes` whose file exists, carrying that fix. */
function fileRule(id: string, fixes: Record<string, FixFunction>, type: RuleType = 'problem'): Rule {
  return defineRule({
    id,
    meta: {
      type,
      description: 'Test rule.',
      rationale: 'Drives the fix engine in tests.',
      severity: 'error',
      recommended: true,
      fixable: 'move',
      defaultOptions: {},
      messages: { found: '{{file}} needs fixing.' },
    },
    check({ graph, report }) {
      for (const [file, fix] of Object.entries(fixes)) {
        if (graph.repo.files.has(file)) report({ messageId: 'found', data: { file }, at: { file, doc: 0 }, fix });
      }
    },
  }) as Rule;
}

function plan(dir: string, rules: Rule[], config: Record<string, unknown> = {}): FixPlan {
  return planFixes(dir, { config: mergeConfig(config), rules, fixTypes: new Set<RuleType>(['problem', 'layout']) });
}

/** Plans and writes the fixes, as `--fix` does. */
function fix(dir: string, rules: Rule[], config: Record<string, unknown> = {}): FixPlan {
  const p = plan(dir, rules, config);
  commitChanges(dir, p.changeSet.changes());
  return p;
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.log('run-fix.test.ts: kubectl not found; the kustomize render comparisons are skipped.');

/** `kubectl kustomize <dir>` as Flux runs it: the objects kustomize would render, as text. */
function render(root: string, dir: string): string {
  // Flux builds without kustomize's load restrictor, so shared files from sibling folders are allowed.
  const r = spawnSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(root, dir)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return r.stdout;
}

const cm = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

/** Two apps that share manifests from a sibling folder, deployed by Flux. */
const shared = {
  'clusters/prod/apps.yaml': [
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    '  name: web',
    '  namespace: flux-system',
    'spec:',
    '  interval: 10m',
    '  path: ./apps/web',
    '  prune: true',
    '  sourceRef:',
    '    kind: GitRepository',
    '    name: flux-system',
    '',
  ].join('\n'),
  'apps/web/kustomization.yaml': [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    '# shared settings live one folder up',
    'resources:',
    '  - deployment.yaml',
    '  - ../shared/config.yaml # the common ConfigMap',
    'configMapGenerator:',
    '  - name: web-settings',
    '    files:',
    '      - app.properties=../shared/app.properties',
    '',
  ].join('\n'),
  'apps/web/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx\n',
  'apps/api/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ./../shared/config.yaml\n- api.yaml\n',
  'apps/api/api.yaml': cm('api'),
  'apps/shared/config.yaml': cm('common'),
  'apps/shared/app.properties': 'color=blue\n',
};

const moveShared = fileRule('test-move-shared', {
  'apps/shared/config.yaml': (b) => b.moveFile('apps/shared/config.yaml', 'apps/common/config.yaml'),
  'apps/shared/app.properties': (b) => b.moveFile('apps/shared/app.properties', 'apps/common/settings/app.properties'),
});

describe('planFixes with moves', () => {
  it('rewrites every kustomize reference to a moved file, from any folder, in the style it was written', () => {
    const dir = tree(shared);
    const p = fix(dir, [moveShared]);
    expect(p.skipped).toEqual([]);
    const after = readTree(dir);
    expect(after['apps/shared/config.yaml']).toBeUndefined();
    expect(after['apps/common/config.yaml']).toBe(shared['apps/shared/config.yaml']);
    expect(after['apps/common/settings/app.properties']).toBe('color=blue\n');
    expect(after['apps/web/kustomization.yaml']).toBe(
      shared['apps/web/kustomization.yaml']
        .replace('../shared/config.yaml # the', '../common/config.yaml # the')
        .replace('app.properties=../shared/app.properties', 'app.properties=../common/settings/app.properties'),
    );
    expect(after['apps/api/kustomization.yaml']).toBe(shared['apps/api/kustomization.yaml'].replace('./../shared/config.yaml', '../common/config.yaml'));
    // The emptied folder is gone.
    expect(Object.keys(after).some((f) => f.startsWith('apps/shared/'))).toBe(false);
    expect(p.records.filter((r) => r.kind === 'move').map((r) => [r.path, r.to])).toEqual([
      ['apps/shared/app.properties', 'apps/common/settings/app.properties'],
      ['apps/shared/config.yaml', 'apps/common/config.yaml'],
    ]);
  });

  it.skipIf(!hasKubectl)('leaves what kustomize renders unchanged', () => {
    const dir = tree(shared);
    const before = { web: render(dir, 'apps/web'), api: render(dir, 'apps/api') };
    fix(dir, [moveShared]);
    expect({ web: render(dir, 'apps/web'), api: render(dir, 'apps/api') }).toEqual(before);
  });

  it('stops at a fixed point: a second run changes nothing', () => {
    const dir = tree(shared);
    const first = fix(dir, [moveShared]);
    // Both moves edit different lines of apps/web/kustomization.yaml: their edits merge in one pass.
    expect(first.passes).toBe(1);
    expect(first.applied).toBe(2);
    expect(first.cycle).toBe(false);
    const snapshot = readTree(dir);
    const second = plan(dir, [moveShared]);
    expect(second.changeSet.changes()).toEqual([]);
    expect(second.records).toEqual([]);
    expect(second.passes).toBe(0);
    expect(readTree(dir)).toEqual(snapshot);
  });

  it('rewrites an Argo CD value file relative to its chart folder', () => {
    const app = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: web',
      '  namespace: argocd',
      'spec:',
      '  project: default',
      '  source:',
      '    repoURL: https://github.com/example/platform.git',
      '    targetRevision: main',
      '    path: charts/web',
      '    helm:',
      '      valueFiles:',
      '        - values-prod.yaml',
      '  destination:',
      '    server: https://kubernetes.default.svc',
      '    namespace: web',
      '',
    ].join('\n');
    const dir = tree({
      'argo/web.yaml': app,
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/values-prod.yaml': 'replicas: 2\n',
    });
    const rule = fileRule('test-move-values', { 'charts/web/values-prod.yaml': (b) => b.moveFile('charts/web/values-prod.yaml', 'charts/web/env/prod.yaml') });
    const p = fix(dir, [rule], { repository: { urls: ['https://github.com/example/platform.git'], branch: 'main' } });
    expect(p.skipped).toEqual([]);
    expect(readTree(dir)['argo/web.yaml']).toBe(app.replace('- values-prod.yaml', '- env/prod.yaml'));
  });

  it('runs as many passes as the fixes need, then stops', () => {
    const dir = tree({ 'step1.yaml': cm('a') });
    const rule = fileRule('test-steps', {
      'step1.yaml': (b) => b.moveFile('step1.yaml', 'step2.yaml'),
      'step2.yaml': (b) => b.moveFile('step2.yaml', 'step3.yaml'),
    });
    const p = fix(dir, [rule]);
    expect(p.passes).toBe(2);
    expect(p.applied).toBe(2);
    expect(p.cycle).toBe(false);
    expect(readTree(dir)).toEqual({ 'step3.yaml': cm('a') });
    expect(p.after.findings).toEqual([]);
  });

  it('stops on fixes that undo each other and says so', () => {
    const dir = tree({ 'a.yaml': cm('a') });
    const rule = fileRule('test-flip', {
      'a.yaml': (b) => b.moveFile('a.yaml', 'b.yaml'),
      'b.yaml': (b) => b.moveFile('b.yaml', 'a.yaml'),
    });
    const p = plan(dir, [rule]);
    expect(p.cycle).toBe(true);
    expect(p.passes).toBeLessThanOrEqual(3);
  });

  it('does not loop on a fix that changes nothing', () => {
    const dir = tree({ 'a.yaml': cm('a') });
    const rule = fileRule('test-noop', { 'a.yaml': (b) => b.setIn({ file: 'a.yaml', doc: 0 }, ['metadata', 'name'], 'a') });
    const p = plan(dir, [rule]);
    expect(p.changeSet.changes()).toEqual([]);
    expect(p.records).toEqual([]);
    expect(p.applied).toBe(0);
    expect(p.cycle).toBe(false);
    expect(p.passes).toBe(1);
  });
});

describe('planFixes skips unsafe fixes', () => {
  const files = { 'a.yaml': cm('a'), 'b.yaml': cm('b'), 'c.yaml': cm('c') };
  const label = (file: string) => (b: FixBuilder) => b.setIn({ file, doc: 0 }, ['metadata', 'labels', 'fixed'], 'yes');
  // `yes` is a boolean to Kubernetes (YAML 1.1), so the engine quotes it.
  const labelled = (name: string): string => cm(name).replace(`  name: ${name}\n`, `  name: ${name}\n  labels:\n    fixed: "yes"\n`);

  it('skips a fix that would leave a file unparsable, and applies the others', () => {
    const dir = tree(files);
    const rule = fileRule('test-unparsable', {
      'a.yaml': label('a.yaml'),
      'b.yaml': (b) => b.createFile('broken.yaml', 'key: [unclosed\n'),
      'c.yaml': label('c.yaml'),
    });
    const p = fix(dir, [rule]);
    expect(p.skipped).toEqual([
      { ruleId: 'test-unparsable', file: 'b.yaml', line: 1, reason: expect.stringContaining('broken.yaml would not parse after the fix') as unknown as string },
    ]);
    expect(readTree(dir)).toEqual({ 'a.yaml': labelled('a'), 'b.yaml': cm('b'), 'c.yaml': labelled('c') });
  });

  it('skips a fix that would overwrite an existing file', () => {
    const dir = tree(files);
    const rule = fileRule('test-overwrite', {
      'a.yaml': (b) => b.moveFile('a.yaml', 'b.yaml'),
      'c.yaml': (b) => b.createFile('b.yaml', cm('other')),
    });
    const p = fix(dir, [rule]);
    expect(p.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['a.yaml', 'b.yaml already exists; omni-lint never overwrites a file'],
      ['c.yaml', 'b.yaml already exists; omni-lint never overwrites a file'],
    ]);
    expect(readTree(dir)).toEqual(files);
  });

  it('skips a fix that throws and still applies the other units', () => {
    const dir = tree(files);
    const rule = fileRule('test-throws', {
      'a.yaml': label('a.yaml'),
      'b.yaml': () => {
        throw new TypeError('cannot read properties of undefined');
      },
      'c.yaml': label('c.yaml'),
    });
    const p = fix(dir, [rule]);
    expect(p.skipped).toEqual([{ ruleId: 'test-throws', file: 'b.yaml', line: 1, reason: 'the fix crashed: cannot read properties of undefined' }]);
    expect(readTree(dir)).toEqual({ 'a.yaml': labelled('a'), 'b.yaml': cm('b'), 'c.yaml': labelled('c') });
  });

  it('drops a whole unit when one of its operations fails', () => {
    const dir = tree(files);
    const rule = fileRule('test-half', {
      'a.yaml': (b) => {
        b.createFile('new.yaml', cm('new'));
        b.deleteIn({ file: 'a.yaml', doc: 0 }, ['spec', 'missing']);
      },
    });
    const p = fix(dir, [rule]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['spec.missing does not exist']);
    expect(p.records).toEqual([]);
    expect(readTree(dir)).toEqual(files);
  });

  it('refuses a move out of the repository', () => {
    const dir = tree(files);
    const rule = fileRule('test-escape', { 'a.yaml': (b) => b.moveFile('a.yaml', '../outside.yaml') });
    const p = fix(dir, [rule]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['../outside.yaml is outside the repository; omni-lint never writes there']);
    expect(readTree(dir)).toEqual(files);
  });

  it('skips a move that would take a manifest out of what Flux deploys', () => {
    const ks = shared['clusters/prod/apps.yaml'].replace('./apps/web', './apps/plain');
    const dir = tree({ 'clusters/prod/apps.yaml': ks, 'apps/plain/cm.yaml': cm('plain') });
    const rule = fileRule('test-undeploy', { 'apps/plain/cm.yaml': (b) => b.moveFile('apps/plain/cm.yaml', 'elsewhere/cm.yaml') });
    const p = fix(dir, [rule]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['ConfigMap /plain would no longer be deployed']);
    expect(readTree(dir)['apps/plain/cm.yaml']).toBe(cm('plain'));
  });
});
