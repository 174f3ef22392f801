import type { YamlPath } from '../load/types.js';
import { applicationSources, isFlamingoApp } from './edges/argo.js';
import { isArgoApplication, isHelmRelease } from './kinds.js';
import { isTemplated, joinPath } from './paths.js';
import type { GraphQuery } from './query.js';
import { get, getStr } from './read.js';
import type { Graph, Resource } from './types.js';

/**
 * Where a Helm chart gets installed, and under which release name, by a Flux HelmRelease or an
 * Argo CD Application source. Values that are templated (`${VAR}`, `{{...}}`) are left out.
 */
export interface HelmReleaseIdentity {
  resource: Resource;
  /** Where to point a finding: the chart (or chartRef) field. */
  path: YamlPath;
  namespace: string;
  /** The chart's name (last segment of a chart path or OCI URL); undefined when unknown. */
  chart: string | undefined;
  release: string;
}

/** Every HelmRelease with where it installs: targetNamespace, else its own namespace as rendered (or as written). */
export function fluxHelmReleases(query: GraphQuery): HelmReleaseIdentity[] {
  const rendered = new Map<string, Set<string>>();
  for (const d of query.deployers()) {
    for (const it of d.renders.items) {
      if (it.source && isHelmRelease(it.source) && it.namespace) push2(rendered, it.source.id, it.namespace);
    }
  }
  const out: HelmReleaseIdentity[] = [];
  for (const r of query.ofKind('HelmRelease')) {
    if (!isHelmRelease(r)) continue;
    const target = getStr(r.body, 'spec', 'targetNamespace');
    // A kustomization's `namespace:` overrides what the manifest says, so the rendered namespace wins.
    const namespaces = target ? [target] : rendered.has(r.id) ? [...rendered.get(r.id)!] : r.namespace ? [r.namespace] : [];
    // Flux's default release name: <targetNamespace>-<name> when targetNamespace is set.
    const release = getStr(r.body, 'spec', 'releaseName') ?? (target ? `${target}-${r.name}` : r.name);
    const { chart, path } = fluxChart(query, r);
    for (const namespace of namespaces) {
      if (isTemplated(namespace) || isTemplated(release)) continue;
      out.push({ resource: r, path, namespace, chart, release });
    }
  }
  return out;
}

function fluxChart(query: GraphQuery, r: Resource): { chart: string | undefined; path: YamlPath } {
  const chart = getStr(r.body, 'spec', 'chart', 'spec', 'chart');
  if (chart) return { chart: isTemplated(chart) ? undefined : chartName(chart), path: ['spec', 'chart', 'spec', 'chart'] };
  const refPath = ['spec', 'chartRef', 'name'];
  if (getStr(r.body, ...refPath) === undefined) return { chart: undefined, path: ['metadata', 'name'] };
  const edge = query.edgesFrom(r, 'flux-source').find((e) => e.from.path.join('.') === refPath.join('.'));
  const source = edge?.resources?.[0];
  if (source?.kind === 'OCIRepository') {
    // oci://ghcr.io/org/charts/external-dns:1.15.0 → external-dns
    const url = getStr(source.body, 'spec', 'url');
    return { chart: url ? chartName(url.replace(/[@:][^/]*$/, '')) : undefined, path: refPath };
  }
  if (source?.kind === 'HelmChart') {
    const c = getStr(source.body, 'spec', 'chart');
    return { chart: c ? chartName(c) : undefined, path: refPath };
  }
  return { chart: undefined, path: refPath };
}

/** Every chart an Argo CD Application (not a Flamingo one) renders, from a Helm repository or a chart folder here. */
export function argoHelmReleases(graph: Graph, query: GraphQuery): HelmReleaseIdentity[] {
  const out: HelmReleaseIdentity[] = [];
  for (const r of query.ofKind('Application')) {
    if (!isArgoApplication(r) || isFlamingoApp(r)) continue;
    const namespace = getStr(r.body, 'spec', 'destination', 'namespace');
    if (!namespace || isTemplated(namespace)) continue;
    for (const { source, path } of applicationSources(r)) {
      const release = getStr(source, 'helm', 'releaseName') ?? r.name;
      let chart = getStr(source, 'chart');
      let at: YamlPath = [...path, 'chart'];
      if (!chart) {
        const srcPath = query.edgesFrom(r, 'argo-source-path').find((e) => e.from.path.join('.') === [...path, 'path'].join('.'));
        // A chart folder read from another repository or revision is not the one here.
        if (srcPath?.status !== 'resolved' || srcPath.elsewhere || srcPath.target.type !== 'path') continue;
        const chartYaml = graph.repo.yaml.get(joinPath(srcPath.target.path, 'Chart.yaml'));
        chart = getStr(get(chartYaml?.docs[0], 'name'));
        at = [...path, 'path'];
        if (!chart) continue;
      }
      if (isTemplated(chart) || isTemplated(release)) continue;
      out.push({ resource: r, path: at, namespace, chart: chartName(chart), release });
    }
  }
  return out;
}

/** The chart's name from a repository chart name, an OCI reference or a chart folder path. */
function chartName(ref: string): string {
  const parts = ref.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? ref;
}

function push2<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
