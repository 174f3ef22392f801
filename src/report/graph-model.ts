import type { Finding } from '../engine/types.js';
import { applicationSources, isFlamingoApp } from '../graph/edges/argo.js';
import { buildDeployTree, sameTarget, type DeployUnit } from '../graph/deploy-tree.js';
import { argoHelmReleases, fluxHelmReleases } from '../graph/helm-releases.js';
import { CLUSTER_SCOPED, isArgoApplication, isArgoApplicationSet, isFluxKustomization, isFluxSource, isHelmRelease } from '../graph/kinds.js';
import type { GraphQuery } from '../graph/query.js';
import { getStr } from '../graph/read.js';
import type { Edge, Resource } from '../graph/types.js';

/** The rules whose findings are ownership conflicts, drawn in red. */
export const CONFLICT_RULES = ['no-duplicate-helm-release', 'no-duplicate-resource'] as const;

export type DeliveryNodeKind = 'source' | 'kustomization' | 'helmrelease' | 'application' | 'applicationset' | 'chart' | 'folder';

export interface DeliveryNode {
  /** Stable and unique: a resource's `file#doc`, `dir:<path>`, `chart:<repo> <chart>`, ... */
  id: string;
  kind: DeliveryNodeKind;
  /** First line: what it is ("HelmRelease", "folder"). */
  title: string;
  /** Second line: which one ("external-dns/external-dns", "apps/vault/"). */
  name: string;
  tool?: 'flux' | 'argo';
  /** Where the object is defined. */
  file?: string;
  /** A Flamingo Application: it shows a Flux object in Argo CD's UI and deploys nothing itself. */
  flamingo?: boolean;
  /** For things not in this checkout: missing, elsewhere (another repository or revision), remote, excluded, ... */
  status?: string;
  note?: string;
  /** Owns something another owner owns too. */
  conflict?: boolean;
}

export type DeliveryEdgeKind = 'source' | 'path' | 'chart' | 'generator' | 'applies' | 'shows' | 'conflict';

export interface DeliveryEdge {
  from: string;
  to: string;
  kind: DeliveryEdgeKind;
  label: string;
  /** For conflict edges: the rule that reported it. */
  rule?: string;
}

export interface DeliveryGraph {
  nodes: DeliveryNode[];
  edges: DeliveryEdge[];
}

const NODE_ORDER: DeliveryNodeKind[] = ['source', 'chart', 'kustomization', 'helmrelease', 'application', 'applicationset', 'folder'];
const EDGE_ORDER: DeliveryEdgeKind[] = ['source', 'chart', 'path', 'generator', 'applies', 'shows', 'conflict'];

/**
 * What deploys what: Flux sources → Kustomizations and HelmReleases → folders, Argo CD
 * Applications → their paths and charts, ApplicationSets → the paths their generators read,
 * folders → the delivery objects they apply, Flamingo Applications → the Flux object they show,
 * and an edge between the two owners of each conflict reported by `findings` (the CONFLICT_RULES).
 */
export function buildDeliveryGraph(query: GraphQuery, findings: readonly Finding[]): DeliveryGraph {
  const { graph } = query;
  const nodes = new Map<string, DeliveryNode>();
  const edges = new Map<string, DeliveryEdge>();
  const addNode = (n: DeliveryNode): string => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const addEdge = (e: DeliveryEdge): void => {
    const key = `${e.kind}\u0000${e.from}\u0000${e.to}`;
    if (!edges.has(key)) edges.set(key, e);
  };

  for (const r of graph.resources) {
    const n = resourceNode(r);
    if (n) addNode(n);
  }
  const nodeOf = (r: Resource): string | undefined => (nodes.has(r.id) ? r.id : undefined);

  // Flux: sources → Kustomizations, HelmReleases (and HelmCharts, which are sources themselves).
  for (const e of query.edges('flux-source')) {
    const consumer = e.from.resource && nodeOf(e.from.resource);
    if (!consumer) continue;
    for (const target of edgeTargets(e, addNode)) addEdge({ from: target, to: consumer, kind: 'source', label: 'source' });
  }
  for (const e of query.edges('flux-path')) {
    const ks = e.from.resource && nodeOf(e.from.resource);
    // A path that is not this checkout's folder is a path inside the Kustomization's source.
    const src = e.from.resource && query.edgesFrom(e.from.resource, 'flux-source')[0]?.target;
    const scope = src?.type === 'resource' ? `${src.kinds.join('|')} ${src.namespace ? `${src.namespace}/` : ''}${src.name}` : '';
    if (ks) addEdge({ from: ks, to: addNode(folderNode(e, scope)), kind: 'path', label: 'path' });
  }
  // Argo CD: Applications → the paths and charts they deploy. Flamingo Applications deploy nothing.
  for (const e of query.edges('argo-source-path')) {
    const r = e.from.resource;
    const app = r && !isFlamingoApp(r) ? nodeOf(r) : undefined;
    if (app) addEdge({ from: app, to: addNode(folderNode(e)), kind: 'path', label: 'path' });
  }
  for (const r of graph.resources) {
    if (!isArgoApplication(r) || isFlamingoApp(r) || !nodeOf(r)) continue;
    for (const { source } of applicationSources(r)) {
      const chart = getStr(source, 'chart');
      const repoURL = getStr(source, 'repoURL');
      if (!chart || !repoURL) continue;
      const version = getStr(source, 'targetRevision');
      const id = addNode({ id: `chart:${repoURL} ${chart}${version ? `@${version}` : ''}`, kind: 'chart', title: 'Helm chart', name: `${chart}${version ? ` ${version}` : ''} (${repoURL})` });
      addEdge({ from: id, to: r.id, kind: 'chart', label: 'chart' });
    }
  }
  for (const e of query.edges('argo-generator-path')) {
    const set = e.from.resource && nodeOf(e.from.resource);
    if (!set || e.target.type !== 'glob') continue;
    const where = e.status === 'resolved' && !e.elsewhere ? '' : e.repo?.url ?? '';
    const id = addNode({
      id: `glob:${where} ${e.target.pattern}`,
      kind: 'folder',
      title: 'generator path',
      name: e.target.raw,
      ...(e.status !== 'resolved' ? { status: e.status } : e.elsewhere ? { status: 'elsewhere' } : {}),
      ...(e.note ? { note: e.note } : {}),
    });
    addEdge({ from: set, to: id, kind: 'generator', label: 'generator' });
  }
  // Folders → the delivery objects they apply (what each Kustomization or Application would render).
  for (const d of query.deployers()) {
    const dir = `dir:${d.dir}`;
    if (!nodes.has(dir)) continue;
    for (const it of d.renders.items) {
      const target = it.source && nodeOf(it.source);
      if (target) addEdge({ from: dir, to: target, kind: 'applies', label: 'applies' });
    }
  }
  // Flamingo: the Application shows a Flux Kustomization or HelmRelease in Argo CD.
  for (const e of query.edges('flamingo-workload')) {
    const app = e.from.resource && nodeOf(e.from.resource);
    if (!app) continue;
    for (const target of edgeTargets(e, addNode)) addEdge({ from: app, to: target, kind: 'shows', label: 'shows' });
  }
  for (const c of conflicts(query, findings)) {
    if (!nodes.has(c.from) || !nodes.has(c.to)) continue;
    addEdge(c);
    nodes.get(c.from)!.conflict = true;
    nodes.get(c.to)!.conflict = true;
  }

  const nodeList = [...nodes.values()].sort(
    (a, b) => NODE_ORDER.indexOf(a.kind) - NODE_ORDER.indexOf(b.kind) || compare(a.name, b.name) || compare(a.id, b.id),
  );
  const rank = new Map(nodeList.map((n, i) => [n.id, i]));
  const edgeList = [...edges.values()].sort(
    (a, b) => EDGE_ORDER.indexOf(a.kind) - EDGE_ORDER.indexOf(b.kind) || rank.get(a.from)! - rank.get(b.from)! || rank.get(a.to)! - rank.get(b.to)!,
  );
  return { nodes: nodeList, edges: edgeList };
}

function resourceNode(r: Resource): DeliveryNode | undefined {
  const name = `${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
  const base = { id: r.id, name, file: r.file };
  if (isFluxSource(r)) return { ...base, kind: 'source', title: r.kind, tool: 'flux' };
  if (isFluxKustomization(r)) return { ...base, kind: 'kustomization', title: 'Kustomization', tool: 'flux' };
  if (isHelmRelease(r)) return { ...base, kind: 'helmrelease', title: 'HelmRelease', tool: 'flux' };
  if (isArgoApplication(r)) {
    const flamingo = isFlamingoApp(r);
    return { ...base, kind: 'application', title: flamingo ? 'Application (Flamingo)' : 'Application', tool: 'argo', ...(flamingo ? { flamingo } : {}) };
  }
  if (isArgoApplicationSet(r)) return { ...base, kind: 'applicationset', title: 'ApplicationSet', tool: 'argo' };
  return undefined;
}

/** The nodes a resource reference lands on: the resources it resolved to, or one node standing for what is not here. */
function edgeTargets(e: Edge, addNode: (n: DeliveryNode) => string): string[] {
  if (e.target.type !== 'resource') return [];
  if (e.resources && e.resources.length > 0) return e.resources.map((r) => resourceNode(r)).filter((n) => n !== undefined).map(addNode);
  const { kinds, name, namespace } = e.target;
  const kind = kinds.length === 1 ? kinds[0]! : kinds.join('|');
  // Resolved without a manifest: made by flux bootstrap, by a generator or operator, or declared external in the config.
  const status = e.status !== 'resolved' ? e.status : e.note === 'bootstrap' ? 'bootstrap' : e.note === 'external' ? 'external' : 'generated';
  return [
    addNode({
      id: `ref:${kind}/${namespace ?? ''}/${name}`,
      kind: e.kind === 'flamingo-workload' ? (kind === 'HelmRelease' ? 'helmrelease' : 'kustomization') : 'source',
      title: `${kind} (${status === 'generated' ? e.note : STATUS_WORDS[status] ?? status})`,
      name: `${namespace ? `${namespace}/` : ''}${name}`,
      status,
      ...(e.note && e.note !== 'bootstrap' && e.note !== 'external' ? { note: e.note } : {}),
    }),
  ];
}

/** A Flux Kustomization's or Argo CD Application's folder; folders outside this checkout get their own node. */
function folderNode(e: Edge, scope = ''): DeliveryNode {
  const path = e.target.type === 'path' ? e.target.path : '';
  const name = path === '' ? './' : `${path}/`;
  if (e.status === 'resolved' && !e.elsewhere) return { id: `dir:${path}`, kind: 'folder', title: 'folder', name };
  const status = e.status === 'resolved' ? 'elsewhere' : e.status;
  const where = e.repo ? `${e.repo.url}${e.repo.revision ? `@${e.repo.revision}` : ''}` : scope;
  const raw = e.target.type === 'path' ? e.target.raw : name;
  return {
    id: `dir:${status}:${where} ${raw}`,
    kind: 'folder',
    title: `folder (${STATUS_WORDS[status] ?? status})`,
    name: where ? `${raw} in ${where}` : raw,
    status,
    ...(e.note ? { note: e.note } : {}),
  };
}

const STATUS_WORDS: Record<string, string> = {
  missing: 'missing',
  bootstrap: 'created by flux bootstrap',
  external: 'outside the repository',
  elsewhere: 'elsewhere',
  remote: 'remote',
  'outside-root': 'outside the repository',
  unknown: 'unknown',
  excluded: 'excluded by .sourceignore',
};

/** Conflict edges between the owners that the conflict rules' findings name. */
function conflicts(query: GraphQuery, findings: readonly Finding[]): DeliveryEdge[] {
  const byId = new Map(query.graph.resources.map((r) => [r.id, r]));
  const flagged = (ruleId: string, only?: (f: Finding) => boolean): Set<Resource> => {
    const out = new Set<Resource>();
    for (const f of findings) {
      if (f.ruleId !== ruleId || f.doc === undefined || (only && !only(f))) continue;
      const r = byId.get(`${f.file}#${f.doc}`);
      if (r) out.add(r);
    }
    return out;
  };
  const out: DeliveryEdge[] = [];

  // One Helm release installed by a Flux HelmRelease and an Argo CD Application (both sides are reported).
  const helm = flagged('no-duplicate-helm-release');
  if (helm.size > 0) {
    const hrs = fluxHelmReleases(query).filter((h) => helm.has(h.resource));
    for (const app of argoHelmReleases(query.graph, query)) {
      if (!helm.has(app.resource)) continue;
      for (const hr of hrs) {
        if (hr.namespace !== app.namespace || !((app.chart !== undefined && app.chart === hr.chart) || app.release === hr.release)) continue;
        out.push({ from: hr.resource.id, to: app.resource.id, kind: 'conflict', label: `both install Helm release ${app.namespace}/${app.release}`, rule: 'no-duplicate-helm-release' });
      }
    }
  }

  // One object applied by two owners on one cluster.
  // The finding points at the object's metadata.name; a generated object (no manifest) points at its owner instead.
  const objects = flagged('no-duplicate-resource', (f) => f.messageId === 'twoOwners' && f.path?.join('.') === 'metadata.name');
  if (objects.size > 0) {
    const tree = buildDeployTree(query.deployers());
    const shared = new Map<string, { a: DeployUnit; b: DeployUnit; what: string[] }>();
    for (const obj of objects) {
      const owners = tree.units.filter((u) => u.parts.some((p) => p.renders.items.some((it) => it.source?.id === obj.id)));
      for (let i = 0; i < owners.length; i++) {
        for (let j = i + 1; j < owners.length; j++) {
          const [a, b] = [owners[i]!, owners[j]!];
          if (!sameTarget(tree, a, b)) continue;
          const key = `${a.resource.id}\u0000${b.resource.id}`;
          const entry = shared.get(key) ?? { a, b, what: [] };
          entry.what.push(`${obj.kind} ${obj.namespace && !CLUSTER_SCOPED.has(obj.kind) ? `${obj.namespace}/` : ''}${obj.name}`);
          shared.set(key, entry);
        }
      }
    }
    for (const { a, b, what } of shared.values()) {
      const label = `both apply ${what[0]}${what.length > 1 ? ` and ${what.length - 1} more` : ''}`;
      out.push({ from: a.resource.id, to: b.resource.id, kind: 'conflict', label, rule: 'no-duplicate-resource' });
    }
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
