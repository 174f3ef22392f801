import { isArgoApplication, isArgoApplicationSet } from './kinds.js';
import { arr, get, isObj, type Obj } from './read.js';
import type { Resource } from './types.js';

/** An Application's spec, or an ApplicationSet's template spec, with the path to it. */
export interface ArgoSpec {
  resource: Resource;
  spec: Obj;
  path: string[];
  sources: { source: Obj; path: (string | number)[] }[];
}

/** Every Argo CD Application spec in the graph, ApplicationSet templates included. */
export function argoSpecs(resources: readonly Resource[]): ArgoSpec[] {
  const out: ArgoSpec[] = [];
  for (const r of resources) {
    const path = isArgoApplication(r) ? ['spec'] : isArgoApplicationSet(r) ? ['spec', 'template', 'spec'] : undefined;
    if (!path) continue;
    const spec = get(r.body, ...path);
    if (!isObj(spec)) continue;
    const sources: ArgoSpec['sources'] = [];
    if (isObj(spec.source)) sources.push({ source: spec.source, path: [...path, 'source'] });
    arr(spec.sources).forEach((s, i) => {
      if (isObj(s)) sources.push({ source: s, path: [...path, 'sources', i] });
    });
    out.push({ resource: r, spec, path, sources });
  }
  return out;
}
