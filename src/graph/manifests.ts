import { isKustomizationFile } from './paths.js';
import type { GraphQuery } from './query.js';

/**
 * Files that a tool reads as Kubernetes manifests, each with who reads it, in words for messages:
 * kustomization files (kustomize reads them whenever their folder is built), files a kustomization
 * lists under `resources` or `bases`, and files below a folder that a Flux Kustomization or an Argo CD
 * Application applies. Values files, patches, generator inputs and other data are not in it.
 */
export function manifestFiles(query: GraphQuery): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of query.graph.repo.yaml.keys()) if (isKustomizationFile(file)) out.set(file, 'kustomize reads it as the kustomization of its folder');
  for (const kind of ['kustomize-resource', 'kustomize-base'] as const) {
    for (const edge of query.edges(kind)) {
      if (edge.status !== 'resolved' || edge.target.type !== 'path' || out.has(edge.target.path)) continue;
      if (query.graph.repo.yaml.has(edge.target.path)) out.set(edge.target.path, `${edge.from.file} lists it as a resource`);
    }
  }
  for (const d of query.deployers()) {
    const by = d.tool === 'flux' ? `Flux Kustomization "${d.resource.name}"` : `Argo CD Application "${d.resource.name}"`;
    for (const file of d.renders.files) if (!out.has(file)) out.set(file, `${by} applies it`);
  }
  return out;
}
