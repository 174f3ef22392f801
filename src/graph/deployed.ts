import { dirOf } from './paths.js';
import type { GraphQuery } from './query.js';

/** Whether some Flux Kustomization or Argo CD Application already applies the files of `dir`. */
export function isDeployedFolder(query: GraphQuery, dir: string): boolean {
  for (const d of query.deployers()) {
    for (const f of d.renders.files) if (dirOf(f) === dir) return true;
  }
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
