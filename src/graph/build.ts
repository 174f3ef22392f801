import type { Repo } from '../load/types.js';
import { extractArgoEdges } from './edges/argo.js';
import { extractFluxEdges } from './edges/flux.js';
import { extractGatewayEdges } from './edges/gateway.js';
import { extractKustomizeEdges } from './edges/kustomize.js';
import { EdgeSink } from './edges/sink.js';
import { splitApiVersion } from './kinds.js';
import { dirOf, isKustomizationFile } from './paths.js';
import { getStr, isObj } from './read.js';
import { resolveEdges, type ResolveOptions } from './resolve.js';
import type { Graph, KustomizeFile, Resource } from './types.js';

/** Turns every YAML document into a resource or kustomization node, then every reference into an edge. */
export function buildGraph(repo: Repo, options: ResolveOptions = {}): Graph {
  const resources: Resource[] = [];
  const kustomizeFiles: KustomizeFile[] = [];
  for (const file of repo.yaml.values()) {
    if (file.skipped || file.template) continue;
    const isKustomization = isKustomizationFile(file.path);
    file.docs.forEach((doc, i) => {
      if (!isObj(doc)) return;
      if (isKustomization) {
        const kind = getStr(doc, 'kind');
        kustomizeFiles.push({ dir: dirOf(file.path), file: file.path, doc: i, body: doc, isComponent: kind === 'Component' });
        return;
      }
      const resource = toResource(file.path, i, doc);
      if (resource) resources.push(resource);
    });
  }
  const sink = new EdgeSink();
  for (const k of kustomizeFiles) extractKustomizeEdges(k, sink);
  for (const r of resources) {
    extractFluxEdges(r, sink);
    extractArgoEdges(r, sink);
    extractGatewayEdges(r, sink);
  }
  const graph: Graph = { repo, resources, kustomizeFiles, edges: sink.edges, selfUrls: new Set(), bootstrapSources: new Set() };
  resolveEdges(graph, options);
  return graph;
}

/** A document is a Kubernetes object when it names an apiVersion and a kind; anything else is data (values, Chart.yaml). */
export function toResource(file: string, doc: number, body: Record<string, unknown>): Resource | undefined {
  const apiVersion = getStr(body, 'apiVersion');
  const kind = getStr(body, 'kind');
  if (!apiVersion || !kind) return undefined;
  const { group, version } = splitApiVersion(apiVersion);
  const metadata = body.metadata;
  return {
    id: `${file}#${doc}`,
    file,
    doc,
    apiVersion,
    group,
    version,
    kind,
    name: getStr(metadata, 'name') ?? getStr(metadata, 'generateName') ?? '',
    namespace: getStr(metadata, 'namespace'),
    body,
  };
}
