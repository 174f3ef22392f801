import type { FlamingoApp } from '../fix/flamingo-export.js';
import { isFluxKustomization, isHelmRelease } from './kinds.js';
import type { GraphQuery } from './query.js';
import { arr, get, getStr } from './read.js';
import type { Resource } from './types.js';

/** The fields `flamingo generate-app` reads from a Flux object and its source; undefined when the source is unknown. */
export function flamingoAppFor(query: GraphQuery, r: Resource): FlamingoApp | undefined {
  const namespace = r.namespace ?? 'flux-system';
  const sourceEdge = query.edgesFrom(r, 'flux-source')[0];
  const source = sourceEdge?.resources?.[0];
  if (isFluxKustomization(r)) {
    if (!source) return undefined;
    const url = getStr(source.body, 'spec', 'url') ?? '';
    const ref = get(source.body, 'spec', 'ref');
    const revision =
      source.kind === 'GitRepository'
        ? (['commit', 'name', 'semver', 'tag', 'branch'].map((k) => getStr(ref, k)).find(Boolean) ?? 'master')
        : source.kind === 'OCIRepository'
          ? (['digest', 'semver', 'tag'].map((k) => getStr(ref, k)).find(Boolean) ?? 'latest')
          : 'HEAD';
    return {
      workloadType: 'Kustomization',
      workloadName: r.name,
      namespace,
      sourceType: source.kind,
      path: getStr(r.body, 'spec', 'path') || '.',
      repoURL: url,
      targetRevision: revision,
    };
  }
  const chart = getStr(r.body, 'spec', 'chart', 'spec', 'chart');
  if (!chart) return undefined; // chartRef is not handled by generate-app
  return {
    workloadType: 'HelmRelease',
    workloadName: r.name,
    namespace,
    sourceType: getStr(r.body, 'spec', 'chart', 'spec', 'sourceRef', 'kind') ?? 'HelmRepository',
    chart,
    releaseName: getStr(r.body, 'spec', 'releaseName') ?? r.name,
    repoURL: source?.kind === 'HelmRepository' ? (getStr(source.body, 'spec', 'url') ?? '') : '',
    targetRevision: getStr(r.body, 'spec', 'chart', 'spec', 'version') ?? '',
  };
}

/** Whether Flamingo creates the Flux objects itself from the Application (sync option AutoCreateFluxResources=true). */
export function autoCreatesFluxObjects(app: Resource): boolean {
  return arr(get(app.body, 'spec', 'syncPolicy', 'syncOptions')).includes('AutoCreateFluxResources=true');
}

/** Where an Application names its Flux object: the flamingo/workload-name label, else its own name. */
export function workloadNamePath(app: Resource): string[] {
  return getStr(app.body, 'metadata', 'labels', 'flamingo/workload-name') !== undefined ? ['metadata', 'labels', 'flamingo/workload-name'] : ['metadata', 'name'];
}

/** Flux Kustomizations and HelmReleases of a name, in any namespace. */
export function fluxWorkloadsNamed(query: GraphQuery, name: string): Resource[] {
  return query.index.find(['Kustomization', 'HelmRelease'], name, undefined).filter((r) => isFluxKustomization(r) || isHelmRelease(r));
}
