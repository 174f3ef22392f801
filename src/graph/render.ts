import { CLUSTER_SCOPED, isArgoApplication, isFluxKustomization } from './kinds.js';
import { baseName, dirOf, isKustomizationFile, joinPath, KUSTOMIZATION_NAMES } from './paths.js';
import { arr, get, getStr, str } from './read.js';
import type { Deployer, Edge, Graph, KustomizeFile, RenderedItem, RenderedSet, Resource } from './types.js';

const YAML_RE = /\.ya?ml$/i;

/**
 * Predicts, without running kustomize, which objects a folder renders to: the (kind, namespace,
 * name) of each, with kustomize's namespace and name prefix/suffix applied. Helm charts and
 * remote bases make a set `opaque`: we know part of it, not all.
 */
export class Renderer {
  private readonly kustomizationByDir = new Map<string, KustomizeFile>();
  private readonly resourcesByFile = new Map<string, Resource[]>();
  private readonly edgesByFile = new Map<string, Edge[]>();
  private readonly memo = new Map<string, RenderedSet>();
  private readonly filesByDir = new Map<string, string[]>();

  constructor(private readonly graph: Graph) {
    for (const k of graph.kustomizeFiles) {
      const existing = this.kustomizationByDir.get(k.dir);
      // kustomize refuses folders with two kustomization files; keep the first it would look for.
      if (!existing || rank(k.file) < rank(existing.file)) this.kustomizationByDir.set(k.dir, k);
    }
    for (const r of graph.resources) push(this.resourcesByFile, r.file, r);
    for (const e of graph.edges) push(this.edgesByFile, e.from.file, e);
    for (const f of graph.repo.yaml.keys()) push(this.filesByDir, dirOf(f), f);
  }

  kustomization(dir: string): KustomizeFile | undefined {
    return this.kustomizationByDir.get(dir);
  }

  /** Files directly in a folder that are YAML. */
  yamlFilesIn(dir: string): readonly string[] {
    return this.filesByDir.get(dir) ?? [];
  }

  resourcesIn(file: string): readonly Resource[] {
    return this.resourcesByFile.get(file) ?? [];
  }

  edgesFrom(file: string): readonly Edge[] {
    return this.edgesByFile.get(file) ?? [];
  }

  /** What `kustomize build dir` would output. */
  renderKustomizeDir(dir: string, stack: Set<string> = new Set()): RenderedSet {
    const cached = this.memo.get(dir);
    if (cached) return cached;
    const k = this.kustomizationByDir.get(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    if (!k || stack.has(dir)) return out;
    stack.add(dir);
    out.files.add(k.file);
    for (const edge of this.edgesByFile.get(k.file) ?? []) {
      if (edge.from.doc !== k.doc) continue;
      if (edge.kind === 'kustomize-resource' || edge.kind === 'kustomize-base' || edge.kind === 'kustomize-component') {
        if (edge.status === 'remote') {
          out.opaque = true;
          continue;
        }
        if (edge.status !== 'resolved' || edge.target.type !== 'path') continue;
        const p = edge.target.path;
        if (this.graph.repo.dirs.has(p)) merge(out, this.renderKustomizeDir(p, stack));
        else addFile(out, p, this.resourcesIn(p));
      } else if (edge.kind === 'kustomize-crd' && edge.status === 'resolved' && edge.target.type === 'path') {
        addFile(out, edge.target.path, this.resourcesIn(edge.target.path));
      }
    }
    if (arr(k.body.helmCharts).length > 0) out.opaque = true;
    addGenerated(out, k);
    stack.delete(dir);
    const transformed = transform(out, k);
    this.memo.set(dir, transformed);
    return transformed;
  }

  /**
   * What Flux applies for `spec.path`: the folder's kustomization.yaml if it has one, else every
   * manifest below it, where a subfolder with its own kustomization.yaml counts as one unit.
   */
  renderFluxPath(dir: string): RenderedSet {
    if (this.kustomizationByDir.has(dir)) return this.renderKustomizeDir(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    const visit = (d: string): void => {
      for (const f of this.yamlFilesIn(d)) addFile(out, f, this.resourcesIn(f));
      for (const sub of this.childDirs(d)) {
        if (this.kustomizationByDir.has(sub)) merge(out, this.renderKustomizeDir(sub));
        else visit(sub);
      }
    };
    visit(dir);
    return out;
  }

  /** What an Argo CD directory source applies: the folder's files, recursing only when asked. */
  renderArgoPath(dir: string, recurse: boolean): RenderedSet {
    if (this.kustomizationByDir.has(dir)) return this.renderKustomizeDir(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    if (this.graph.repo.files.has(joinPath(dir, 'Chart.yaml'))) {
      out.opaque = true;
      return out;
    }
    const visit = (d: string): void => {
      for (const f of this.yamlFilesIn(d)) addFile(out, f, this.resourcesIn(f));
      if (recurse) for (const sub of this.childDirs(d)) visit(sub);
    };
    visit(dir);
    return out;
  }

  private childDirsCache: Map<string, string[]> | undefined;
  childDirs(dir: string): readonly string[] {
    if (!this.childDirsCache) {
      this.childDirsCache = new Map();
      for (const d of this.graph.repo.dirs) if (d !== '') push(this.childDirsCache, dirOf(d), d);
    }
    return this.childDirsCache.get(dir) ?? [];
  }

  /** Every Flux Kustomization and Argo CD Application whose content is in this checkout. */
  deployers(): Deployer[] {
    const out: Deployer[] = [];
    for (const e of this.graph.edges) {
      if (e.status !== 'resolved' || e.target.type !== 'path' || !e.from.resource) continue;
      const r = e.from.resource;
      if (e.kind === 'flux-path' && isFluxKustomization(r)) {
        out.push({ resource: r, tool: 'flux', dir: e.target.path, renders: this.renderFluxPath(e.target.path) });
      } else if (e.kind === 'argo-source-path' && isArgoApplication(r) && !isFlamingo(r)) {
        const recurse = get(r.body, 'spec', 'source', 'directory', 'recurse') === true;
        out.push({ resource: r, tool: 'argo', dir: e.target.path, renders: this.renderArgoPath(e.target.path, recurse) });
      }
    }
    return out;
  }
}

function isFlamingo(r: Resource): boolean {
  return arr(get(r.body, 'spec', 'syncPolicy', 'syncOptions')).includes('FluxSubsystem=true');
}

function rank(file: string): number {
  return (KUSTOMIZATION_NAMES as readonly string[]).indexOf(baseName(file));
}

function addFile(out: RenderedSet, file: string, resources: readonly Resource[]): void {
  if (!YAML_RE.test(file) && !isKustomizationFile(file)) return;
  out.files.add(file);
  for (const r of resources) out.items.push({ kind: r.kind, namespace: r.namespace, name: r.name, source: r });
}

function merge(into: RenderedSet, from: RenderedSet): void {
  into.items.push(...from.items);
  into.opaque ||= from.opaque;
  for (const f of from.files) into.files.add(f);
}

function addGenerated(out: RenderedSet, k: KustomizeFile): void {
  const hashed = get(k.body, 'generatorOptions', 'disableNameSuffixHash') !== true;
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const g of arr(k.body[field])) {
      const name = getStr(g, 'name');
      if (!name) continue;
      const behavior = getStr(g, 'behavior');
      if (behavior === 'merge' || behavior === 'replace') continue;
      const noHash = get(g, 'options', 'disableNameSuffixHash') === true || !hashed;
      // The hash suffix depends on content; `-*` marks "some hash" for comparisons.
      out.items.push({ kind, namespace: getStr(g, 'namespace'), name: noHash ? name : `${name}-*` });
    }
  }
}

function transform(set: RenderedSet, k: KustomizeFile): RenderedSet {
  const namespace = str(k.body.namespace);
  const prefix = str(k.body.namePrefix) ?? '';
  const suffix = str(k.body.nameSuffix) ?? '';
  if (!namespace && !prefix && !suffix) return set;
  const items: RenderedItem[] = set.items.map((it) => {
    const clusterScoped = CLUSTER_SCOPED.has(it.kind);
    const renamed = it.kind === 'Namespace' || it.kind === 'CustomResourceDefinition' ? it.name : addAffixes(it.name, prefix, suffix);
    return { ...it, namespace: clusterScoped ? it.namespace : namespace ?? it.namespace, name: renamed };
  });
  return { items, opaque: set.opaque, files: set.files };
}

function addAffixes(name: string, prefix: string, suffix: string): string {
  if (name.endsWith('-*')) return `${prefix}${name.slice(0, -2)}${suffix}-*`;
  return `${prefix}${name}${suffix}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
