import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../dev/gen.js';
import { loadRepo } from '../load/load-repo.js';
import { buildGraph } from './build.js';
import { CLUSTER_SCOPED } from './kinds.js';
import { KUSTOMIZATION_NAMES } from './paths.js';
import { GraphQuery } from './query.js';
import type { RenderedItem } from './types.js';

/**
 * kubectl oracle: for every folder under fixtures/ with a kustomization, the graph's predicted
 * render must hold the same (kind, namespace, name) multiset as `kubectl kustomize` prints.
 * The fixture tree is the test: each folder found is one case. fixtures/_render/ holds repos
 * written to exercise kustomize's transformations (namespace, affixes, components, generators).
 */
const fixturesDir = path.join(projectRoot(), 'fixtures');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.log('render oracle: kubectl is not on PATH, skipping every kustomize render comparison');

/**
 * Cluster-scoped kinds that kustomize's built-in schema does not know (CRDs and newer APIs): it
 * sets `namespace:` on them and the API server drops it. Their namespace is not compared.
 */
const SCOPE_UNKNOWN_TO_KUSTOMIZE = new Set(
  [...CLUSTER_SCOPED].filter((k) => !['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
    'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'ValidatingWebhookConfiguration',
    'MutatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'CSIDriver', 'Node'].includes(k)),
);

interface Case {
  /** Fixture-relative folder holding the kustomization, for the test name. */
  name: string;
  /** Absolute path of the repository root the graph is built from. */
  root: string;
  /** The kustomization folder relative to `root` ('' for the root itself). */
  dir: string;
}

function discover(): Case[] {
  const out: Case[] = [];
  const visit = (abs: string): void => {
    const names = readdirSync(abs);
    if (names.some((n) => (KUSTOMIZATION_NAMES as readonly string[]).includes(n))) {
      const root = repoRootOf(abs);
      out.push({ name: rel(fixturesDir, abs), root, dir: rel(root, abs) });
    }
    for (const n of names.sort()) {
      const child = path.join(abs, n);
      if (n !== 'node_modules' && !n.startsWith('.') && statSync(child).isDirectory()) visit(child);
    }
  };
  if (existsSync(fixturesDir)) visit(fixturesDir);
  return out;
}

/**
 * The fixture repo a folder belongs to: a rule case's `input/` or `expected-fixed/` (the tree after
 * --fix, which must build too), else fixtures/<top>, or fixtures/_<name>/<case>.
 */
function repoRootOf(abs: string): string {
  const parts = rel(fixturesDir, abs).split('/');
  const tree = parts.findIndex((p, i) => i >= 2 && (p === 'input' || p === 'expected-fixed'));
  if (tree >= 2) return path.join(fixturesDir, ...parts.slice(0, tree + 1));
  if (parts[0]!.startsWith('_') && parts.length >= 2) return path.join(fixturesDir, parts[0]!, parts[1]!);
  return path.join(fixturesDir, parts[0]!);
}

function rel(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

const queries = new Map<string, GraphQuery>();
function queryFor(root: string): GraphQuery {
  let q = queries.get(root);
  if (!q) {
    q = new GraphQuery(buildGraph(loadRepo(root)));
    queries.set(root, q);
  }
  return q;
}

type Key = string;
const key = (kind: string, namespace: string | undefined, name: string): Key =>
  `${kind} ${SCOPE_UNKNOWN_TO_KUSTOMIZE.has(kind) ? '-' : namespace ?? '-'} ${name}`;

function predicted(items: readonly RenderedItem[]): Key[] {
  return items.map((it) => key(it.kind, it.namespace, it.name)).sort();
}

/** kubectl's objects as keys; a generated `name-<hash>` becomes `name-*` when the prediction has that form. */
function actual(yamlText: string, predictedKeys: ReadonlySet<Key>): Key[] {
  const out: Key[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    const v = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (!v?.kind) continue;
    const name = v.metadata?.name ?? '';
    const ns = v.metadata?.namespace;
    const hashed = /^(.*)-[a-z0-9]{10}$/.exec(name);
    const wildcard = hashed && key(v.kind, ns, `${hashed[1]}-*`);
    out.push(wildcard && predictedKeys.has(wildcard) ? wildcard : key(v.kind, ns, name));
  }
  return out.sort();
}

describe('kustomize render matches kubectl kustomize', () => {
  for (const c of discover()) {
    it.skipIf(!hasKubectl)(c.name, ({ skip }) => {
      const set = queryFor(c.root).renderer.renderKustomizeDir(c.dir);
      if (set.opaque) {
        console.log(`render oracle: ${c.name}: skipped, its render is opaque (Helm chart or remote base)`);
        skip();
      }
      // Flux's kustomize-controller builds without load restrictions (files from sibling folders are
      // allowed); the renderer models that, so kubectl must too.
      const args = ['kustomize', '--load-restrictor=LoadRestrictionsNone', path.join(c.root, c.dir)];
      const run = spawnSync('kubectl', args, { encoding: 'utf8', timeout: 30_000 });
      if (run.status !== 0) {
        const stderr = (run.stderr || run.error?.message || `exit ${run.status}`).trim();
        const reason = (/err="(.*)"$/m.exec(stderr)?.[1] ?? stderr.split('\n').pop() ?? '').slice(0, 200);
        console.log(`render oracle: ${c.name}: skipped, kubectl kustomize fails: ${reason}`);
        skip();
      }
      const want = predicted(set.items);
      expect(want).toEqual(actual(run.stdout, new Set(want)));
    });
  }
});
