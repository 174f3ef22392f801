import { FLUX_SOURCE_GROUP } from './kinds.js';
import { dirOf, joinPath, relativeRef } from './paths.js';
import type { GraphQuery } from './query.js';
import type { KustomizeFile } from './types.js';

export interface Listing {
  kustomization: KustomizeFile;
  /** The entry to add under `resources`, relative to the kustomization's folder. */
  entry: string;
}

/**
 * Where a new file should be listed so it is deployed like its siblings: the kustomization.yaml of
 * its own folder, else the one that already lists files of the same group (e.g. Flux sources).
 */
export function listingFor(query: GraphQuery, file: string, group = FLUX_SOURCE_GROUP): Listing | undefined {
  const dir = dirOf(file);
  const own = query.renderer.kustomization(dir);
  if (own) return { kustomization: own, entry: relativeRef(dir, file) };
  for (const edge of query.edges('kustomize-resource')) {
    if (edge.status !== 'resolved' || edge.target.type !== 'path') continue;
    if (!query.renderer.resourcesIn(edge.target.path).some((r) => r.group === group)) continue;
    const k = query.renderer.kustomization(dirOf(edge.from.file));
    // Only a kustomization above the new file: a `../` entry breaks under Argo CD's load restrictor.
    if (k && k.file === edge.from.file && (k.dir === '' || dir === k.dir || dir.startsWith(`${k.dir}/`))) {
      return { kustomization: k, entry: relativeRef(k.dir, file) };
    }
  }
  return undefined;
}

export { joinPath };
