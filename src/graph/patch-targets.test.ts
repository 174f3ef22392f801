import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepo } from '../load/load-repo.js';
import { buildGraph } from './build.js';
import { entryFiles, patchableObjects, patchId, patchMatches, selfTargetedPatches } from './patch-targets.js';
import { Renderer } from './render.js';
import type { RenderedItem } from './types.js';

/** Each case was checked with `kubectl kustomize` (kustomize v5.5): see rules/kustomize-patch-target-exists.md. */
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-patch-targets-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  const graph = buildGraph(loadRepo(root));
  const renderer = new Renderer(graph);
  return { graph, renderer, objects: (dir: string) => patchableObjects(graph, renderer, dir, new Map()) };
}

const deployment = (name: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: x}]\n`;
const id = (name: string, namespace?: string) => ({ group: 'apps', version: 'v1', kind: 'Deployment', name, namespace });
const item = (name: string, namespace?: string, previous?: RenderedItem['previous']): RenderedItem => ({
  kind: 'Deployment',
  name,
  namespace,
  source: { id: 'd.yaml#0', file: 'd.yaml', doc: 0, apiVersion: 'apps/v1', group: 'apps', version: 'v1', kind: 'Deployment', name, namespace, body: {} },
  ...(previous ? { previous } : {}),
});

describe('patchId', () => {
  it('reads apiVersion, kind, name and namespace', () => {
    expect(patchId({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } })).toEqual(id('web', 'a'));
    expect(patchId({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toMatchObject({ group: '', version: 'v1' });
  });

  it('leaves out JSON patches, unnamed, templated and List documents', () => {
    expect(patchId([{ op: 'replace', path: '/spec/replicas', value: 2 }])).toBeUndefined();
    expect(patchId({ apiVersion: 'apps/v1', kind: 'Deployment', spec: {} })).toBeUndefined();
    expect(patchId({ kind: 'Deployment', metadata: { name: 'web' } })).toBeUndefined();
    expect(patchId({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: '${APP}' } })).toBeUndefined();
    expect(patchId({ apiVersion: 'v1', kind: 'List', metadata: { name: 'l' } })).toBeUndefined();
  });
});

describe('patchMatches', () => {
  it('needs the same group, version, kind and name', () => {
    expect(patchMatches(id('web'), item('web'))).toBe(true);
    expect(patchMatches(id('api'), item('web'))).toBe(false);
    expect(patchMatches({ ...id('web'), version: 'v1beta1' }, item('web'))).toBe(false);
  });

  it('reads no namespace as "default" and ignores it for cluster-scoped kinds', () => {
    expect(patchMatches(id('web', 'default'), item('web'))).toBe(true);
    expect(patchMatches(id('web'), item('web', 'default'))).toBe(true);
    expect(patchMatches(id('web'), item('web', 'apps'))).toBe(false);
    const rbac: RenderedItem = { kind: 'ClusterRole', name: 'r', namespace: undefined, source: { ...item('r').source!, group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' } };
    expect(patchMatches({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', name: 'r', namespace: 'x' }, rbac)).toBe(true);
  });

  it('matches earlier names and generated names without their hash', () => {
    const renamed = item('pre-web', 'apps', [{ name: 'web', namespace: undefined }, { name: 'web', namespace: 'apps' }]);
    expect(patchMatches(id('web'), renamed)).toBe(true);
    expect(patchMatches(id('web', 'apps'), renamed)).toBe(true);
    expect(patchMatches(id('pre-web', 'apps'), renamed)).toBe(true);
    expect(patchMatches(id('pre-web'), renamed)).toBe(false);
    expect(patchMatches({ group: '', version: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: undefined }, { kind: 'ConfigMap', name: 'cfg-*', namespace: undefined })).toBe(true);
  });
});

describe('selfTargetedPatches', () => {
  it('takes patchesStrategicMerge entries and patches without target:, file and inline', () => {
    const { graph, renderer } = setup({
      'app/kustomization.yaml': [
        'resources: [d.yaml]',
        'patchesStrategicMerge:',
        '  - p.yaml',
        '  - |-',
        '    apiVersion: v1',
        '    kind: Service',
        '    metadata: {name: svc}',
        'patches:',
        '  - path: p.yaml',
        '  - path: p.yaml',
        '    target: {kind: Deployment}',
        '  - patch: "apiVersion: apps/v1\\nkind: Deployment\\nmetadata: {name: inline}"',
        '  - path: j.yaml',
        'patchesJson6902:',
        '  - path: j.yaml',
        '    target: {group: apps, version: v1, kind: Deployment, name: none}',
        '',
      ].join('\n'),
      'app/d.yaml': deployment('web'),
      'app/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: two}\n',
      'app/j.yaml': '- op: replace\n  path: /spec/replicas\n  value: 2\n',
    });
    const k = graph.kustomizeFiles[0]!;
    const found = selfTargetedPatches(graph, k, entryFiles(renderer, k)).map((p) => `${p.path.join('.')}#${p.doc}/${p.docs} ${p.id.name}`);
    expect(found).toEqual([
      'patchesStrategicMerge.0#0/2 web',
      'patchesStrategicMerge.0#1/2 two',
      'patchesStrategicMerge.1#0/1 svc',
      'patches.0.path#0/2 web',
      'patches.0.path#1/2 two',
      'patches.2.patch#0/1 inline',
    ]);
  });
});

describe('patchableObjects', () => {
  it('keeps names from before a base prefix and namespace, and leaves this folder\'s own for later', () => {
    const { objects } = setup({
      'base/kustomization.yaml': 'namespace: apps\nnamePrefix: base-\nresources: [d.yaml]\n',
      'base/d.yaml': deployment('web'),
      'overlay/kustomization.yaml': 'namePrefix: top-\nresources: [../base]\npatches: [{path: p.yaml}]\n',
      'overlay/p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
    });
    const items = objects('overlay')!;
    expect(items.map((it) => it.name)).toEqual(['base-web']);
    expect(patchMatches(id('web'), items[0]!)).toBe(true);
    expect(patchMatches(id('base-web', 'apps'), items[0]!)).toBe(true);
    expect(patchMatches(id('top-base-web', 'apps'), items[0]!)).toBe(false);
  });

  it('gives up where a base renames by patch or replacement, a plugin generates, or a List hides objects', () => {
    const unknowable: Record<string, string>[] = [
      // kustomize then matches both "web" and "renamed"; we would only know "web".
      { 'base/kustomization.yaml': 'resources: [d.yaml]\npatches:\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: replace\n        path: /metadata/name\n        value: renamed\n' },
      { 'base/kustomization.yaml': 'resources: [d.yaml]\nreplacements:\n  - source: {kind: ConfigMap, name: c, fieldPath: data.name}\n    targets:\n      - select: {kind: Deployment}\n        fieldPaths: [metadata.name]\n' },
      { 'base/kustomization.yaml': 'resources: [d.yaml]\ngenerators: [gen.yaml]\n', 'base/gen.yaml': 'apiVersion: viaduct.ai/v1\nkind: ksops\nmetadata: {name: g}\nfiles: []\n' },
      { 'base/kustomization.yaml': 'resources: [d.yaml, list.yaml]\n', 'base/list.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' },
      { 'base/kustomization.yaml': 'resources: [d.yaml, https://github.com/acme/app//deploy?ref=v1]\n' },
      { 'base/kustomization.yaml': 'resources: [d.yaml, missing.yaml]\n' },
    ];
    for (const files of unknowable) {
      const { objects } = setup({ ...files, 'base/d.yaml': deployment('web'), 'overlay/kustomization.yaml': 'resources: [../base]\n' });
      expect(objects('overlay'), JSON.stringify(files)).toBeUndefined();
    }
    const known = setup({
      'base/kustomization.yaml': 'resources: [d.yaml]\npatches:\n  - target: {kind: Deployment}\n    patch: |-\n      - op: add\n        path: /metadata/labels/team\n        value: a\n',
      'base/d.yaml': deployment('web'),
      'overlay/kustomization.yaml': 'resources: [../base]\n',
    });
    expect(known.objects('overlay')?.map((it) => it.name)).toEqual(['web']);
  });
});
