import type { GraphQuery } from '../graph/query.js';
import type { Resource } from '../graph/types.js';
import type { FixBuilder } from './builder.js';

/**
 * Removes an object from the repository: its document, or its whole file when it is alone there,
 * together with the kustomization.yaml entries that list that file (a dangling entry breaks the build).
 */
export function removeResource(query: GraphQuery, b: FixBuilder, r: Resource): void {
  const file = query.graph.repo.yaml.get(r.file);
  const docs = file?.docs.filter((d) => d !== null && d !== undefined).length ?? 0;
  if (docs > 1) {
    b.deleteDocument({ file: r.file, doc: r.doc });
    return;
  }
  b.deleteFile(r.file);
  for (const e of query.referencesTo(r.file)) {
    if (e.kind !== 'kustomize-resource') continue;
    b.deleteIn({ file: e.from.file, doc: e.from.doc }, e.from.path);
  }
}

/** Objects that only `owner` uses through the given edge kinds (its chart source, its values ConfigMaps). */
export function usedOnlyBy(query: GraphQuery, owner: Resource, kinds: readonly string[]): Resource[] {
  const out: Resource[] = [];
  for (const e of query.edgesFrom(owner)) {
    if (!kinds.includes(e.kind) || e.status !== 'resolved') continue;
    for (const target of e.resources ?? []) {
      if (query.incoming(target).every((i) => i.from.resource === owner)) out.push(target);
    }
  }
  return [...new Set(out)];
}
