import type { Resource } from './types.js';

/**
 * Finds resources by kind and name in O(1). Namespaces match leniently: a reference or a
 * manifest that leaves its namespace to kustomize or the applier matches any namespace,
 * because which one it lands in is decided outside the file.
 */
export class ResourceIndex {
  private static readonly built = new WeakMap<readonly Resource[], ResourceIndex>();

  /** The index of a graph's resource list, built once however many modules ask (the list is never changed after buildGraph). */
  static of(resources: readonly Resource[]): ResourceIndex {
    let index = ResourceIndex.built.get(resources);
    if (!index) ResourceIndex.built.set(resources, (index = new ResourceIndex(resources)));
    return index;
  }

  private readonly byKindName = new Map<string, Resource[]>();
  private readonly byKind = new Map<string, Resource[]>();

  constructor(resources: readonly Resource[]) {
    for (const r of resources) {
      push(this.byKindName, `${r.kind}\u0000${r.name}`, r);
      push(this.byKind, r.kind, r);
    }
  }

  find(kinds: readonly string[], name: string, namespace: string | undefined): Resource[] {
    const out: Resource[] = [];
    for (const kind of kinds) {
      for (const r of this.byKindName.get(`${kind}\u0000${name}`) ?? []) {
        if (namespace === undefined || r.namespace === undefined || r.namespace === namespace) out.push(r);
      }
    }
    return out;
  }

  ofKind(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
