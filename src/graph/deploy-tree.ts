import { isTemplated } from './paths.js';
import { get, getStr } from './read.js';
import type { Deployer, RenderedItem, Resource } from './types.js';

/** One entry point's share of the cluster: a Flux Kustomization, or an Argo CD Application with all its sources. */
export interface DeployUnit {
  resource: Resource;
  tool: 'flux' | 'argo';
  /**
   * The cluster it applies to: 'in-cluster' for Flux without spec.kubeConfig and Argo CD's local
   * destination, else the kubeConfig secret or destination server/name; undefined when templated.
   */
  cluster: string | undefined;
  /** Each source path with what it applies; Flux Kustomizations have one. */
  parts: Deployer[];
}

export interface DeployTree {
  units: DeployUnit[];
  /** The units that deploy a unit's object (its parents). */
  parents: Map<DeployUnit, DeployUnit[]>;
  /** For each unit, the roots it is reached from: units nobody in this repository deploys (or cycle entries). */
  rootsOf: Map<DeployUnit, Set<DeployUnit>>;
}

/**
 * Who deploys whom: a unit is the child of every unit whose render holds its object (a Flux
 * Kustomization listed by a parent's kustomization.yaml, an Application in an app-of-apps
 * folder). Units reached from the same root end up on the same cluster; units from different
 * roots may be different clusters (clusters/staging and clusters/production).
 */
export function buildDeployTree(deployers: readonly Deployer[]): DeployTree {
  const byId = new Map<string, DeployUnit>();
  for (const d of deployers) {
    const unit = byId.get(d.resource.id);
    if (unit) unit.parts.push(d);
    else byId.set(d.resource.id, { resource: d.resource, tool: d.tool, cluster: clusterOf(d), parts: [d] });
  }
  const units = [...byId.values()];
  const children = new Map<DeployUnit, Set<DeployUnit>>();
  const parents = new Map<DeployUnit, DeployUnit[]>();
  for (const u of units) {
    for (const it of unitItems(u)) {
      const child = it.source ? byId.get(it.source.id) : undefined;
      if (!child || child === u || children.get(u)?.has(child)) continue;
      if (!children.has(u)) children.set(u, new Set());
      children.get(u)!.add(child);
      parents.set(child, [...(parents.get(child) ?? []), u]);
    }
  }
  const rootsOf = new Map<DeployUnit, Set<DeployUnit>>(units.map((u) => [u, new Set()]));
  const walk = (root: DeployUnit): void => {
    const stack = [root];
    while (stack.length > 0) {
      const u = stack.pop()!;
      const roots = rootsOf.get(u)!;
      if (roots.has(root)) continue;
      roots.add(root);
      for (const c of children.get(u) ?? []) stack.push(c);
    }
  };
  for (const u of units) if (!parents.has(u)) walk(u);
  // Units only reachable through a cycle: each unvisited one stands for its cycle.
  for (const u of units) if (rootsOf.get(u)!.size === 0) walk(u);
  return { units, parents, rootsOf };
}

function clusterOf(d: Deployer): string | undefined {
  const spec = get(d.resource.body, 'spec');
  if (d.tool === 'flux') {
    const kubeConfig = get(spec, 'kubeConfig');
    if (kubeConfig === undefined) return 'in-cluster';
    const name = getStr(kubeConfig, 'secretRef', 'name') ?? getStr(kubeConfig, 'configMapRef', 'name');
    return name ? `kubeconfig:${name}` : undefined;
  }
  const server = getStr(spec, 'destination', 'server')?.replace(/\/+$/, '');
  const name = getStr(spec, 'destination', 'name');
  const id = server ?? (name ? `name:${name}` : 'in-cluster');
  if (isTemplated(id)) return undefined;
  return id === 'https://kubernetes.default.svc' || id === 'name:in-cluster' ? 'in-cluster' : id;
}

export function unitItems(u: DeployUnit): RenderedItem[] {
  return u.parts.length === 1 ? u.parts[0]!.renders.items : u.parts.flatMap((p) => p.renders.items);
}

/**
 * Whether two units apply to one cluster and one owner should win: the same known cluster, and
 * either different tools or a common root (so not, say, clusters/staging against clusters/production).
 */
export function sameTarget(tree: DeployTree, a: DeployUnit, b: DeployUnit): boolean {
  if (a.cluster === undefined || a.cluster !== b.cluster) return false;
  return a.tool !== b.tool || shareRoot(tree, a, b);
}

/** Whether two units are reached from a common root. */
export function shareRoot(tree: DeployTree, a: DeployUnit, b: DeployUnit): boolean {
  const ra = tree.rootsOf.get(a);
  const rb = tree.rootsOf.get(b);
  if (!ra || !rb) return false;
  for (const r of ra) if (rb.has(r)) return true;
  return false;
}
