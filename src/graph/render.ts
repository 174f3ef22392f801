import picomatch from 'picomatch';
import { isYamlPath } from '../load/load-repo.js';
import { CLUSTER_SCOPED, isArgoApplication, isFluxKustomization } from './kinds.js';
import { kustomizationHeaderProblem } from './kustomization-header.js';
import { baseName, dirOf, isKustomizationFile, joinPath, KUSTOMIZATION_NAMES, resolveInRepo } from './paths.js';
import { arr, get, getStr, isObj, str } from './read.js';
import type { Deployer, Edge, Graph, KustomizeFile, RenderedItem, RenderedSet, Resource } from './types.js';

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
  private readonly accumulatedMemo = new Map<string, RenderedSet>();
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

  /**
   * A YAML file kustomize (or Flux's generated kustomization) cannot read: it does not parse, was not
   * read (binary, not UTF-8, over a limit), is a template, or has a document that is a list, a plain
   * value or (for a manifest) a mapping without a kind ("missing Resource metadata"). A build that
   * includes one fails.
   */
  unreadable(file: string): boolean {
    const f = this.graph.repo.yaml.get(file);
    if (!f || (!isYamlPath(file) && !isKustomizationFile(file))) return false;
    if (f.skipped !== undefined || f.template === true || f.errors.length > 0) return true;
    const manifest = !isKustomizationFile(file);
    return f.docs.some((d) => d !== null && d !== undefined && (!isObj(d) || (manifest && !str(d.kind))));
  }

  /** What `kustomize build dir` would output. */
  renderKustomizeDir(dir: string, stack: Set<string> = new Set()): RenderedSet {
    const cached = this.memo.get(dir);
    if (cached) return cached;
    const k = this.kustomizationByDir.get(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    if (!k && KUSTOMIZATION_NAMES.some((n) => this.unreadable(joinPath(dir, n)))) out.broken = true;
    if (!k || stack.has(dir)) return out;
    const before = this.accumulated(k, stack);
    const rendered: RenderedSet = { ...before, items: transform(before.items, k) };
    this.memo.set(dir, rendered);
    return rendered;
  }

  /**
   * What kustomize holds in `dir` when that kustomization's own patches run: its resources, bases,
   * components and generators, before its own namespace, namePrefix and nameSuffix (which kustomize
   * applies after patches). Items keep in `previous` the names their bases gave them on the way.
   */
  beforeOwnTransforms(dir: string): RenderedSet | undefined {
    const k = this.kustomizationByDir.get(dir);
    return k ? this.accumulated(k, new Set()) : undefined;
  }

  /** `k`'s accumulated objects before its own transforms: computed once, and rendered from by renderKustomizeDir. */
  private accumulated(k: KustomizeFile, stack: Set<string>): RenderedSet {
    const cached = this.accumulatedMemo.get(k.dir);
    if (cached) return cached;
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    stack.add(k.dir);
    this.accumulate(k, out, stack, false);
    stack.delete(k.dir);
    this.accumulatedMemo.set(k.dir, out);
    return out;
  }

  /**
   * kustomize's accumulateTarget: resources (and bases) first, then components in order, each
   * of which runs its own generators and transformers over everything accumulated so far, then
   * this kustomization's generators and transformers.
   */
  private accumulate(k: KustomizeFile, out: RenderedSet, stack: Set<string>, transformSelf = true): void {
    out.files.add(k.file);
    // kustomize refuses a kustomization file whose apiVersion or kind is not its own (a Flux Kustomization saved under that name).
    if (kustomizationHeaderProblem(k.body)) out.broken = true;
    const components: string[] = [];
    for (const edge of this.edgesByFile.get(k.file) ?? []) {
      if (edge.from.doc !== k.doc) continue;
      // A file reference that names nothing fails `kustomize build` as a whole: nothing of it is applied.
      if (edge.kind.startsWith('kustomize-') && (edge.status === 'missing' || edge.status === 'outside-root')) out.broken = true;
      if (edge.kind === 'kustomize-resource' || edge.kind === 'kustomize-base' || edge.kind === 'kustomize-component') {
        if (edge.status === 'remote') {
          out.opaque = true;
          continue;
        }
        if (edge.status !== 'resolved' || edge.target.type !== 'path') continue;
        const p = edge.target.path;
        if (edge.kind === 'kustomize-component' && this.graph.repo.dirs.has(p)) components.push(p);
        else if (this.graph.repo.dirs.has(p)) merge(out, this.renderKustomizeDir(p, stack));
        else {
          addFile(out, p, this.resourcesIn(p));
          if (this.unreadable(p)) out.broken = true;
        }
      }
      // `crds:` entries are OpenAPI definitions that teach transformers about custom kinds; kustomize emits nothing for them.
    }
    for (const p of components) {
      const component = this.kustomizationByDir.get(p);
      if (!component || stack.has(p)) continue;
      stack.add(p);
      this.accumulate(component, out, stack);
      stack.delete(p);
    }
    if (arr(k.body.helmCharts).length > 0) out.opaque = true;
    addGenerated(out, k);
    // kustomize refuses to accumulate one object twice ("may not add resource with an already registered id").
    if (hasDuplicates(out.items)) out.broken = true;
    if (transformSelf) out.items = transform(out.items, k);
  }

  /**
   * What Flux applies for `spec.path`: the folder's kustomization.yaml if it has one, else every
   * manifest below it, where a subfolder with its own kustomization.yaml counts as one unit.
   */
  renderFluxPath(dir: string): RenderedSet {
    if (this.kustomizationByDir.has(dir)) return this.renderKustomizeDir(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    const visit = (d: string): void => {
      for (const f of this.yamlFilesIn(d)) {
        addFile(out, f, this.resourcesIn(f));
        if (this.unreadable(f)) out.broken = true;
      }
      for (const sub of this.childDirs(d)) {
        if (this.kustomizationByDir.has(sub)) merge(out, this.renderKustomizeDir(sub));
        else visit(sub);
      }
    };
    visit(dir);
    // Flux lists every file in the kustomization it generates: one object twice fails its build too.
    if (hasDuplicates(out.items)) out.broken = true;
    return out;
  }

  /**
   * What an Argo CD directory source applies: the folder's files, recursing only when asked, kept
   * or dropped by `directory.include` / `directory.exclude` (globs on the path below the folder).
   */
  renderArgoPath(dir: string, recurse: boolean, include?: string, exclude?: string): RenderedSet {
    if (this.kustomizationByDir.has(dir)) return this.renderKustomizeDir(dir);
    const out: RenderedSet = { items: [], opaque: false, files: new Set() };
    if (this.graph.repo.files.has(joinPath(dir, 'Chart.yaml'))) {
      out.opaque = true;
      return out;
    }
    const keep = argoFileFilter(include, exclude);
    const visit = (d: string): void => {
      for (const f of this.yamlFilesIn(d)) if (keep(dir === '' ? f : f.slice(dir.length + 1))) addFile(out, f, this.resourcesIn(f));
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

  /** Flux Kustomization spec.components: component folders (relative to spec.path) added to the build. */
  private withFluxComponents(set: RenderedSet, dir: string, r: Resource): RenderedSet {
    const components = arr(get(r.body, 'spec', 'components')).map(str).filter((c): c is string => !!c);
    if (components.length === 0) return set;
    // The base render is memoised and shared: build a new set.
    const out: RenderedSet = { items: [...set.items], opaque: set.opaque, files: new Set(set.files), ...(set.broken ? { broken: true } : {}) };
    for (const c of components) {
      const p = resolveInRepo(dir, c);
      if (p !== undefined && this.kustomizationByDir.has(p)) merge(out, this.renderKustomizeDir(p));
    }
    return out;
  }

  /**
   * Every Flux Kustomization and Argo CD Application (one entry per source path) whose content is
   * in this checkout, with what the controller changes when applying: Flux's targetNamespace,
   * namePrefix, nameSuffix and postBuild.substitute; Argo CD's kustomize overrides and the
   * destination namespace for namespaced objects that name none.
   */
  deployers(): Deployer[] {
    const out: Deployer[] = [];
    for (const e of this.graph.edges) {
      // A path read from another revision or repository only looks like this checkout's folder.
      if (e.status !== 'resolved' || e.elsewhere || e.target.type !== 'path' || !e.from.resource) continue;
      const r = e.from.resource;
      const dir = e.target.path;
      if (e.kind === 'flux-path' && isFluxKustomization(r)) {
        out.push({ resource: r, tool: 'flux', dir, renders: fluxApply(this.withFluxComponents(this.renderFluxPath(dir), dir, r), r) });
      } else if (e.kind === 'argo-source-path' && isArgoApplication(r) && !isFlamingo(r)) {
        const source = get(r.body, ...e.from.path.slice(0, -1));
        const directory = get(source, 'directory');
        const set = this.renderArgoPath(dir, get(directory, 'recurse') === true, getStr(directory, 'include'), getStr(directory, 'exclude'));
        out.push({ resource: r, tool: 'argo', dir, renders: argoApply(set, r, source, this.kustomizationByDir.has(dir)) });
      }
    }
    return out;
  }
}

/** Flux's apply-time view: its own kustomize overlay (targetNamespace, affixes), then variable substitution. */
function fluxApply(set: RenderedSet, r: Resource): RenderedSet {
  const spec = get(r.body, 'spec');
  const overlay = { body: { namespace: getStr(spec, 'targetNamespace'), namePrefix: getStr(spec, 'namePrefix'), nameSuffix: getStr(spec, 'nameSuffix') } };
  let items = transform(set.items, overlay);
  const vars = get(spec, 'postBuild', 'substitute');
  if (isObj(vars)) {
    const sub = (v: string | undefined): string | undefined => (v?.includes('${') ? substitute(v, vars) : v);
    items = items.map((it) => (it.name.includes('${') || it.namespace?.includes('${') ? { ...it, name: sub(it.name)!, namespace: sub(it.namespace) } : it));
  }
  return items === set.items ? set : { ...set, items };
}

/** `${VAR}`, `${VAR:=default}` and `${VAR:-default}` as Flux's envsubst reads them; unknown variables stay as written. */
function substitute(v: string, vars: Record<string, unknown>): string {
  return v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}/g, (m, name: string, dflt: string | undefined) => str(vars[name]) ?? dflt ?? m);
}

/** Argo CD's apply-time view: kustomize overrides on a kustomize source, the destination namespace, plugins unknown. */
function argoApply(set: RenderedSet, r: Resource, source: unknown, isKustomize: boolean): RenderedSet {
  let items = set.items;
  const k = get(source, 'kustomize');
  if (isKustomize && isObj(k)) items = transform(items, { body: { namespace: getStr(k, 'namespace'), namePrefix: getStr(k, 'namePrefix'), nameSuffix: getStr(k, 'nameSuffix') } });
  const ns = getStr(r.body, 'spec', 'destination', 'namespace');
  if (ns && !ns.includes('{{')) items = items.map((it) => (it.namespace === undefined && !CLUSTER_SCOPED.has(it.kind) ? { ...it, namespace: ns } : it));
  // A config management plugin may render anything: what we predict is a guess.
  const opaque = set.opaque || get(source, 'plugin') !== undefined;
  return items === set.items && opaque === set.opaque ? set : { ...set, items, opaque };
}

/** Argo CD's directory include/exclude: globs (`*` may span folders, `{a,b}` alternatives) on the path below the source folder. */
function argoFileFilter(include: string | undefined, exclude: string | undefined): (rel: string) => boolean {
  const inc = include ? picomatch(include, { dot: true, bash: true }) : undefined;
  const exc = exclude ? picomatch(exclude, { dot: true, bash: true }) : undefined;
  return (rel) => (!exc || !exc(rel)) && (!inc || inc(rel));
}

function isFlamingo(r: Resource): boolean {
  return arr(get(r.body, 'spec', 'syncPolicy', 'syncOptions')).includes('FluxSubsystem=true');
}

function rank(file: string): number {
  return (KUSTOMIZATION_NAMES as readonly string[]).indexOf(baseName(file));
}

function addFile(out: RenderedSet, file: string, resources: readonly Resource[]): void {
  if (!isYamlPath(file) && !isKustomizationFile(file)) return;
  out.files.add(file);
  for (const r of resources) out.items.push({ kind: r.kind, namespace: r.namespace, name: r.name, source: r });
}

/** Two items with one API group, version, kind, namespace and name: kustomize's resource id. */
function hasDuplicates(items: readonly RenderedItem[]): boolean {
  const seen = new Set<string>();
  for (const it of items) {
    const key = `${it.source?.group ?? ''}\u0000${it.source?.version ?? 'v1'}\u0000${it.kind}\u0000${it.namespace ?? ''}\u0000${it.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function merge(into: RenderedSet, from: RenderedSet): void {
  // A loop, not push(...items): spreading a build of some 150k objects overflows the stack.
  for (const it of from.items) into.items.push(it);
  into.opaque ||= from.opaque;
  if (from.broken) into.broken = true;
  for (const f of from.files) into.files.add(f);
}

function addGenerated(out: RenderedSet, k: KustomizeFile): void {
  const hashed = get(k.body, 'generatorOptions', 'disableNameSuffixHash') !== true;
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const g of arr(k.body[field])) {
      const name = getStr(g, 'name');
      if (!name) continue;
      const behavior = getStr(g, 'behavior');
      const noHash = get(g, 'options', 'disableNameSuffixHash') === true || !hashed;
      if (behavior === 'merge' || behavior === 'replace') {
        // The object stays the base's; a merge that disables the hash drops it (kustomize ORs the two options).
        // Items may be shared with a memoised base render: replace, never mutate.
        if (noHash) out.items = out.items.map((it) => (it.kind === kind && it.name === `${name}-*` ? { ...it, name } : it));
        continue;
      }
      // The hash suffix depends on content; `-*` marks "some hash" for comparisons.
      out.items.push({ kind, namespace: getStr(g, 'namespace'), name: noHash ? name : `${name}-*` });
    }
  }
}

/** Kinds kustomize's PrefixSuffixTransformer leaves alone (prefixSuffixFieldSpecsToSkip). */
const NO_AFFIX_KINDS = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

function transform(items: RenderedItem[], k: Pick<KustomizeFile, 'body'>): RenderedItem[] {
  const namespace = str(k.body.namespace);
  const prefix = str(k.body.namePrefix) ?? '';
  const suffix = str(k.body.nameSuffix) ?? '';
  if (!namespace && !prefix && !suffix) return items;
  return items.map((it) => {
    const clusterScoped = CLUSTER_SCOPED.has(it.kind);
    // kustomize's namespace transformer also renames Namespace objects to the target namespace.
    const renamed = it.kind === 'Namespace' && namespace ? namespace : NO_AFFIX_KINDS.has(it.kind) ? it.name : addAffixes(it.name, prefix, suffix);
    const ns = clusterScoped ? it.namespace : namespace ?? it.namespace;
    if (renamed === it.name && ns === it.namespace) return it;
    // kustomize keeps each id an object had (namespace first, then prefix, then suffix) and matches patches against all of them.
    const previous = [...(it.previous ?? []), { name: it.name, namespace: it.namespace }];
    if (ns !== it.namespace && renamed !== it.name) previous.push({ name: it.name, namespace: ns });
    if (prefix && suffix && renamed !== it.name) previous.push({ name: addAffixes(it.name, prefix, ''), namespace: ns });
    return { ...it, namespace: ns, name: renamed, previous };
  });
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
