import { isFluxKustomization, isFluxSource, isHelmRelease, FLUX_SOURCE_KINDS } from '../kinds.js';
import { arr, get, getStr } from '../read.js';
import type { Origin, Resource } from '../types.js';
import { at, type EdgeSink } from './sink.js';

/** References of Flux Kustomizations (kustomize.toolkit.fluxcd.io/v1) and HelmReleases (helm.toolkit.fluxcd.io/v2). */
export function extractFluxEdges(r: Resource, sink: EdgeSink): void {
  if (isFluxKustomization(r)) extractKustomization(r, sink);
  else if (isHelmRelease(r)) extractHelmRelease(r, sink);
  else if (r.kind === 'HelmChart' && r.group === 'source.toolkit.fluxcd.io') {
    sourceRef(r, sink, ['spec', 'sourceRef'], ['HelmRepository', 'GitRepository', 'Bucket']);
  }
  // Source credentials: https://fluxcd.io/flux/components/source/gitrepositories/#secret-reference (and the
  // same fields of OCIRepository, HelmRepository and Bucket).
  if (isFluxSource(r)) {
    for (const path of [['spec', 'secretRef'], ['spec', 'certSecretRef'], ['spec', 'proxySecretRef'], ['spec', 'verify', 'secretRef']]) {
      secretRef(r, sink, path);
    }
  }
}

function origin(r: Resource): Omit<Origin, 'path'> {
  return { file: r.file, doc: r.doc, resource: r };
}

function sourceRef(r: Resource, sink: EdgeSink, path: string[], defaultKinds: readonly string[]): void {
  const ref = get(r.body, ...path);
  const name = getStr(ref, 'name');
  if (!name) return;
  const kind = getStr(ref, 'kind');
  sink.add('flux-source', at(origin(r), [...path, 'name']), {
    type: 'resource',
    kinds: kind ? [kind] : defaultKinds,
    name,
    namespace: getStr(ref, 'namespace') ?? r.namespace,
  });
}

function extractKustomization(r: Resource, sink: EdgeSink): void {
  sourceRef(r, sink, ['spec', 'sourceRef'], FLUX_SOURCE_KINDS);
  const p = getStr(r.body, 'spec', 'path');
  // Flux resolves spec.path against the source root; an absent path means the root.
  sink.path('flux-path', at(origin(r), p === undefined ? ['spec'] : ['spec', 'path']), '', p ?? './', 'dir');
  dependsOn(r, sink, 'Kustomization');
  arr(get(r.body, 'spec', 'postBuild', 'substituteFrom')).forEach((s, i) => {
    const name = getStr(s, 'name');
    const kind = getStr(s, 'kind');
    if (!name) return;
    const e = sink.add('flux-substitute-from', at(origin(r), ['spec', 'postBuild', 'substituteFrom', i, 'name']), {
      type: 'resource',
      kinds: kind ? [kind] : ['ConfigMap', 'Secret'],
      name,
      namespace: r.namespace,
    });
    if (get(s, 'optional') === true) e.note = 'optional';
  });
  secretRef(r, sink, ['spec', 'decryption', 'secretRef']);
  secretRef(r, sink, ['spec', 'kubeConfig', 'secretRef']);
}

function extractHelmRelease(r: Resource, sink: EdgeSink): void {
  sourceRef(r, sink, ['spec', 'chart', 'spec', 'sourceRef'], ['HelmRepository', 'GitRepository', 'Bucket']);
  sourceRef(r, sink, ['spec', 'chartRef'], ['OCIRepository', 'HelmChart']);
  dependsOn(r, sink, 'HelmRelease');
  arr(get(r.body, 'spec', 'valuesFrom')).forEach((v, i) => {
    const name = getStr(v, 'name');
    const kind = getStr(v, 'kind');
    if (!name) return;
    const e = sink.add('flux-values-from', at(origin(r), ['spec', 'valuesFrom', i, 'name']), {
      type: 'resource',
      kinds: kind ? [kind] : ['ConfigMap', 'Secret'],
      name,
      namespace: r.namespace,
    });
    if (get(v, 'optional') === true) e.note = 'optional';
  });
  secretRef(r, sink, ['spec', 'kubeConfig', 'secretRef']);
}

function dependsOn(r: Resource, sink: EdgeSink, kind: string): void {
  arr(get(r.body, 'spec', 'dependsOn')).forEach((d, i) => {
    const name = getStr(d, 'name');
    if (!name) return;
    sink.add('flux-depends-on', at(origin(r), ['spec', 'dependsOn', i, 'name']), {
      type: 'resource',
      kinds: [kind],
      name,
      namespace: getStr(d, 'namespace') ?? r.namespace,
    });
  });
}

function secretRef(r: Resource, sink: EdgeSink, path: string[]): void {
  const name = getStr(r.body, ...path, 'name');
  if (!name) return;
  sink.add('flux-secret-ref', at(origin(r), [...path, 'name']), { type: 'resource', kinds: ['Secret'], name, namespace: r.namespace });
}
