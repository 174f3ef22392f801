import { HELM_KINDS, type ScopeIndex } from '../cache/scope-index.js';
import { buildGraph } from '../graph/build.js';
import { dirOf, isKustomizationFile, isTemplated, joinPath, KUSTOMIZATION_NAMES, kustomizationIn } from '../graph/paths.js';
import type { ResolveOptions } from '../graph/resolve.js';
import { applicationSources } from '../graph/edges/argo.js';
import { getStr } from '../graph/read.js';
import type { Edge, Graph, Resource } from '../graph/types.js';
import { extendRepo, isYamlPath, loadRepo } from '../load/load-repo.js';
import type { LoadOptions, Repo } from '../load/types.js';
import type { WalkEntry } from '../load/walk.js';

/**
 * Why a file is in a pull request's scope. The role decides which of its relations are followed:
 * following every relation of every file would pull in the whole repository.
 * - `changed`: a changed file (or one the index does not know); everything about it is followed.
 * - `forward`: what a changed file references, transitively (the render of a changed kustomization, its sources...).
 * - `chain`: what deploys a file in scope, up to the roots (Flux Kustomizations, Argo CD apps, kustomizations).
 * - `peer`: a file that shares a name with the change (duplicates, objects it names or that name it); brings its deployers.
 * - `context`: repository-wide facts (sources, CRDs, projects, which URLs are this repository); nothing followed.
 */
export type ScopeRole = 'changed' | 'forward' | 'chain' | 'peer' | 'context';

const RANK: Record<ScopeRole, number> = { changed: 4, forward: 3, chain: 2, peer: 1, context: 0 };

/** Kinds whose objects are repository-wide context: the graph resolves names, URLs and schemas against them. */
const CONTEXT_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'HelmRepository', 'HelmChart', 'ExternalArtifact', 'ArtifactGenerator', 'AppProject', 'CustomResourceDefinition'];

/** Past this many changed files, or this share of the repository's files, a scoped run is not worth it. */
const MAX_CHANGED = 20;
const MAX_CHANGED_SHARE = 0.05;

/** Whether a change of `changed` files in a repository of `files` is small enough to scope a run to it. */
export function changeIsSmall(changed: number, files: number): boolean {
  return changed <= Math.max(MAX_CHANGED, files * MAX_CHANGED_SHARE);
}

export interface ScopeOptions {
  resolve: ResolveOptions;
  load: Pick<LoadOptions, 'maxFileBytes' | 'maxDocuments' | 'ignore'>;
  /** Give up once the scope holds more than this share of the YAML files (default 0.25): a full run is then as cheap. */
  maxShare?: number;
}

export interface Scope {
  /** YAML files the scope holds, each with why. */
  files: Map<string, ScopeRole>;
  rounds: number;
  /** The repository with exactly these YAML files read: lint it. */
  repo: Repo;
}

/**
 * The files a run limited to `dirty` must load to report, for the dirty files, exactly what a full
 * run reports. `index` (src/cache/scope-index.ts) says, for every file it was built from, which
 * names, kinds and paths it holds; `dirty` are the files changed since (their tokens are unknown,
 * so everything about them is followed). Closes over references round by round: each round parses
 * the files it added, builds their graph for the references they make, and looks up in the index
 * who defines, deploys or shares what they name. Undefined when the scope outgrows `maxShare`.
 */
export function pullRequestScope(root: string, entries: readonly WalkEntry[], dirty: ReadonlySet<string>, index: ScopeIndex, options: ScopeOptions): Scope | undefined {
  const allFiles = new Set<string>();
  const yamlFiles: string[] = [];
  for (const e of entries) {
    if (e.linkTo !== undefined || e.broken || e.escapesTo) continue;
    allFiles.add(e.path);
    if (isYamlPath(e.path)) yamlFiles.push(e.path);
  }
  const isYaml = new Set(yamlFiles);
  const limit = Math.max(50, Math.floor(yamlFiles.length * (options.maxShare ?? 0.25)));
  // Files the index knows whose tokens still hold: not dirty, still there.
  const filesOf = (token: string): string[] => {
    const out: string[] = [];
    for (const i of index.filesWith(token)) {
      const f = index.path(i);
      if (allFiles.has(f) && !dirty.has(f)) out.push(f);
    }
    return out;
  };
  const scope = new Map<string, ScopeRole>();
  const pending: string[] = [];
  const add = (file: string, role: ScopeRole): void => {
    if (!isYaml.has(file)) return;
    const had = scope.get(file);
    if (had !== undefined && RANK[had] >= RANK[role]) return;
    scope.set(file, role);
    pending.push(file);
  };
  const deployersMemo = new Map<string, string[]>();
  const deployersOf = (file: string): string[] => {
    const out: string[] = [];
    for (let dir = dirOf(file); ; dir = dirOf(dir)) {
      for (const name of KUSTOMIZATION_NAMES) {
        const k = joinPath(dir, name);
        if (k !== file && allFiles.has(k)) out.push(k);
      }
      if (dir === '') break;
    }
    for (let target = file; ; target = dirOf(target)) {
      let naming = deployersMemo.get(target);
      if (!naming) deployersMemo.set(target, (naming = filesOf(`p:${target}`)));
      for (const f of naming) out.push(f);
      if (target === '') break;
    }
    return out;
  };

  for (const kind of CONTEXT_KINDS) for (const f of filesOf(`k:${kind}`)) add(f, 'context');
  // Glob generators (ApplicationSets) may deploy any folder.
  for (const f of filesOf('g:')) add(f, 'chain');
  for (const f of dirty) {
    if (isYaml.has(f)) add(f, 'changed');
    // A changed values file or .env: what lists it is what reports about it.
    else if (allFiles.has(f)) for (const d of deployersOf(f)) add(d, 'chain');
  }

  // The tree as it is (files, folders, ignore files, git), with no YAML read yet; each round reads its own.
  const repo = loadRepo(root, { ...options.load, entries: [...entries], only: new Set() });
  let rounds = 0;
  while (pending.length > 0) {
    if (scope.size > limit) return undefined;
    rounds++;
    const batch = new Map(pending.splice(0).map((f) => [f, scope.get(f)!] as const));
    extendRepo(repo, batch.keys(), options.load);
    // Only the references these files make are followed, and resolving them is not needed: a graph of
    // the batch alone says what they name (each round stays small however large the scope grows).
    const batchYaml = new Map([...batch.keys()].flatMap((f) => (repo.yaml.has(f) ? [[f, repo.yaml.get(f)!] as const] : [])));
    const graph = buildGraph({ ...repo, yaml: batchYaml }, options.resolve);
    const edgesFrom = groupEdges(graph, batch);
    for (const [file, role] of batch) {
      if (role === 'context') continue;
      // Deployers decide what gets applied, hence duplicates and renders; a peer's too.
      for (const d of deployersOf(file)) add(d, 'chain');
      const follows = RANK[role] >= RANK.forward;
      for (const edge of edgesFrom.get(file) ?? []) {
        const t = edge.target;
        if (t.type === 'resource') {
          if (role !== 'peer') for (const f of definers(filesOf, t.name, t.kinds)) add(f, 'peer');
        } else if (t.type === 'path' && follows) {
          for (const f of pathTargets(t.path, allFiles, yamlFiles)) add(f, 'forward');
        } else if (t.type === 'path' && role === 'chain' && edge.kind !== 'kustomize-resource' && isKustomizationFile(file) && allFiles.has(t.path)) {
          // A deploying kustomization's generators, patches and plugins shape what it applies of the change.
          add(t.path, 'context');
        }
        // One file that shows a URL is this repository is enough to know it.
        if (edge.repo?.url && follows) add(filesOf(`u:${edge.repo.url}`)[0] ?? '', 'context');
      }
      if (!follows) continue;
      for (const r of graph.resources) {
        if (r.file !== file || r.name === '' || isTemplated(r.name)) continue;
        // The same object elsewhere (duplicates); for a changed object, also whatever names it.
        for (const f of filesOf(`i:${r.kind}/${r.name}`)) add(f, 'peer');
        if (role === 'changed') for (const f of filesOf(`r:${r.kind}/${r.name}`)) add(f, 'peer');
        // Helm releases are duplicates by release and chart, whatever their objects are called.
        if (HELM_KINDS.has(r.kind)) for (const f of helmPeers(filesOf, r)) add(f, 'peer');
      }
    }
  }
  // In walk order, as a full load has them: rules that report one of two files report the same one.
  repo.yaml = new Map([...repo.yaml].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: scope, rounds, repo };
}

function groupEdges(graph: Graph, files: ReadonlyMap<string, ScopeRole>): Map<string, Edge[]> {
  const out = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    if (!files.has(e.from.file)) continue;
    const list = out.get(e.from.file);
    if (list) list.push(e);
    else out.set(e.from.file, [e]);
  }
  return out;
}

/**
 * Files that define or make an object named `name`: of one of `kinds`, or of any kind, since rules
 * also say what else goes by the name (a Flamingo app that names a HelmRelease where a Kustomization is).
 */
function definers(filesOf: (token: string) => string[], name: string, kinds: readonly string[]): string[] {
  if (name === '' || isTemplated(name)) return [];
  return [...kinds.flatMap((k) => filesOf(`i:${k}/${name}`)), ...filesOf(`d:${name}`)];
}

/** HelmReleases and Argo CD apps that mention this one's name, release name or chart. */
function helmPeers(filesOf: (token: string) => string[], r: Resource): string[] {
  const names = new Set([r.name]);
  // A HelmRelease's release and chart; an Argo CD app's, for each of its sources.
  for (const v of [getStr(r.body, 'spec', 'releaseName'), getStr(r.body, 'spec', 'chart', 'spec', 'chart')]) if (v) names.add(v);
  for (const { source } of applicationSources(r)) {
    for (const v of [getStr(source, 'chart'), getStr(source, 'helm', 'releaseName')]) if (v) names.add(v);
  }
  const helmFiles = new Set([...HELM_KINDS].flatMap((k) => filesOf(`k:${k}`)));
  return [...names].flatMap((n) => filesOf(`n:${n}`)).filter((f) => helmFiles.has(f));
}

/** A path target's YAML: the file itself, the folder's kustomization, else every YAML file under the folder (Flux applies them all). */
function pathTargets(p: string, allFiles: ReadonlySet<string>, yamlFiles: readonly string[]): string[] {
  if (allFiles.has(p)) return [p];
  // A kustomization decides what its folder holds; its own references bring the rest.
  const kustomization = kustomizationIn(p, (k) => allFiles.has(k));
  if (kustomization) return [kustomization];
  const prefix = p === '' ? '' : `${p}/`;
  return yamlFiles.filter((f) => f.startsWith(prefix));
}
