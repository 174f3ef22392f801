import { ResourceIndex } from './index-resources.js';
import { Renderer } from './render.js';
import type { Deployer, Edge, EdgeKind, Graph, Resource } from './types.js';

/** Indexed, read-only questions rules ask of the graph; each answer costs O(1) or O(answer). */
export class GraphQuery {
  readonly index: ResourceIndex;
  readonly renderer: Renderer;
  private readonly edgesByKind = new Map<EdgeKind, Edge[]>();
  private readonly edgesByResource = new Map<string, Edge[]>();
  private readonly incomingByResource = new Map<string, Edge[]>();
  private readonly incomingByPath = new Map<string, Edge[]>();
  private deployerList: Deployer[] | undefined;

  constructor(readonly graph: Graph) {
    this.index = ResourceIndex.of(graph.resources);
    this.renderer = new Renderer(graph);
    for (const e of graph.edges) {
      push(this.edgesByKind, e.kind, e);
      if (e.from.resource) push(this.edgesByResource, e.from.resource.id, e);
      for (const r of e.resources ?? []) push(this.incomingByResource, r.id, e);
      if (e.status === 'resolved' && e.target.type === 'path') push(this.incomingByPath, e.target.path, e);
    }
  }

  ofKind(kind: string, group?: string): readonly Resource[] {
    const list = this.index.ofKind(kind);
    return group === undefined ? list : list.filter((r) => r.group === group);
  }

  edges(kind: EdgeKind): readonly Edge[] {
    return this.edgesByKind.get(kind) ?? [];
  }

  edgesFrom(resource: Resource, kind?: EdgeKind): readonly Edge[] {
    const list = this.edgesByResource.get(resource.id) ?? [];
    return kind ? list.filter((e) => e.kind === kind) : list;
  }

  incoming(resource: Resource): readonly Edge[] {
    return this.incomingByResource.get(resource.id) ?? [];
  }

  /** Resolved path references to a file or folder (kustomize entries, Flux and Argo CD paths). */
  referencesTo(path: string): readonly Edge[] {
    return this.incomingByPath.get(path) ?? [];
  }

  deployers(): readonly Deployer[] {
    this.deployerList ??= this.renderer.deployers();
    return this.deployerList;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
