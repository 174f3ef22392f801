import { dirOf } from './paths.js';
import type { GraphQuery } from './query.js';

/**
 * Whether a new file in `dir` would be deployed once listed there: the folder's kustomization.yaml
 * is part of what some Flux Kustomization or Argo CD Application renders, or Flux applies the folder
 * by recursion. A folder whose files are only referenced one by one from elsewhere does not count.
 */
export function isDeployedFolder(query: GraphQuery, dir: string): boolean {
  const k = query.renderer.kustomization(dir);
  if (k) return query.deployers().some((d) => d.renders.files.has(k.file));
  if (query.deployers().some((d) => d.tool === 'argo' && d.dir === dir)) return true;
  return coveredByFluxRecursion(query, dir);
}

/** Flux applies every manifest below a spec.path that has no kustomization.yaml. */
export function coveredByFluxRecursion(query: GraphQuery, dir: string): boolean {
  return query.deployers().some(
    (d) => d.tool === 'flux' && !query.renderer.kustomization(d.dir) && (d.dir === '' || dir === d.dir || dir.startsWith(`${d.dir}/`)) &&
      !hasKustomizationBetween(query, d.dir, dir),
  );
}

function hasKustomizationBetween(query: GraphQuery, top: string, dir: string): boolean {
  for (let d = dir; d !== top && d !== ''; d = dirOf(d)) if (query.renderer.kustomization(d)) return true;
  return false;
}
