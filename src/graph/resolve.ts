import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { normaliseRepoUrl } from '../load/git-info.js';
import { ResourceIndex } from './index-resources.js';
import { isFluxKustomization } from './kinds.js';
import { joinPath } from './paths.js';
import { arr, get, getStr } from './read.js';
import type { Edge, Graph, Resource } from './types.js';

export interface ResolveOptions {
  /** URLs that denote this repository besides its git remotes (config `repository.urls`). */
  repoUrls?: string[];
  /** Branch this checkout stands for (config `repository.branch`), else the current git branch. */
  branch?: string;
  /** `Kind/namespace/name` or `Kind/name` of objects that exist outside the repo (config `externalResources`). */
  externalResources?: string[];
}

const BOOTSTRAP_SOURCE_KINDS = new Set(['GitRepository', 'OCIRepository', 'Bucket']);
const SAME_REVISIONS = new Set(['', 'HEAD']);

/** Settles the status of every edge. Pure over the graph, except that it fills `selfUrls`. */
export function resolveEdges(graph: Graph, options: ResolveOptions): void {
  const index = new ResourceIndex(graph.resources);
  const external = new Set(options.externalResources ?? []);
  for (const edge of graph.edges) {
    if (edge.status !== 'unknown' || edge.target.type !== 'resource') continue;
    const { kinds, name, namespace } = edge.target;
    const found = index.find(kinds, name, namespace);
    if (found.length > 0) {
      edge.status = 'resolved';
      edge.resources = found;
    } else if (isBootstrapSource(edge, kinds, name, namespace)) {
      edge.status = 'resolved';
      edge.note = 'bootstrap';
      graph.bootstrapSources.add(`${namespace ?? 'flux-system'}/${name}`);
    } else if (kinds.some((k) => external.has(`${k}/${namespace ?? ''}/${name}`) || external.has(`${k}/${name}`))) {
      edge.status = 'resolved';
      edge.note = 'external';
    } else {
      edge.status = 'missing';
    }
  }
  const self = selfIdentity(graph, index, options);
  for (const url of self.urls) graph.selfUrls.add(url);
  const sourceIgnore = buildSourceIgnore(graph);
  for (const edge of graph.edges) {
    if (edge.status !== 'unknown') continue;
    if (edge.target.type === 'path') resolvePathEdge(graph, edge, self, sourceIgnore);
    else if (edge.target.type === 'glob') resolveGlobEdge(graph, edge, self);
  }
}

function isBootstrapSource(edge: Edge, kinds: readonly string[], name: string, namespace: string | undefined): boolean {
  // `flux bootstrap` and the Flux Operator both create a source named flux-system in flux-system.
  return edge.kind === 'flux-source' && name === 'flux-system' && (namespace === undefined || namespace === 'flux-system') &&
    kinds.some((k) => BOOTSTRAP_SOURCE_KINDS.has(k));
}

interface SelfIdentity {
  urls: Set<string>;
  /** Revisions (branches) this checkout stands for; empty when unknown. */
  revisions: Set<string>;
}

/**
 * Which repository URLs and revisions are this checkout: git remotes, configured URLs, the
 * bootstrap GitRepository, and any URL whose referenced paths exist here (a repo copied
 * without .git still knows itself by the paths it holds).
 */
function selfIdentity(graph: Graph, index: ResourceIndex, options: ResolveOptions): SelfIdentity {
  const urls = new Set<string>([...graph.repo.git.remotes, ...(options.repoUrls ?? []).map(normaliseRepoUrl)]);
  const revisions = new Set<string>();
  const branch = options.branch ?? graph.repo.git.branch;
  if (branch) revisions.add(branch);
  for (const r of index.ofKind('GitRepository')) {
    if (r.name !== 'flux-system') continue;
    const url = getStr(r.body, 'spec', 'url');
    if (url) urls.add(normaliseRepoUrl(url));
    const ref = gitRef(r);
    if (ref && !options.branch) revisions.add(ref);
  }
  for (const edge of graph.edges) {
    if (edge.target.type !== 'path' || edge.status !== 'unknown') continue;
    const url = edgeRepoUrl(edge);
    if (url && !urls.has(url) && pathExists(graph, edge.target.path)) urls.add(url);
  }
  return { urls, revisions };
}

function gitRef(r: Resource): string | undefined {
  const ref = get(r.body, 'spec', 'ref');
  return getStr(ref, 'branch') ?? getStr(ref, 'tag') ?? getStr(ref, 'semver') ?? getStr(ref, 'name') ?? getStr(ref, 'commit');
}

/** The repository a path edge points into, normalised; undefined when that is not a Git URL we know. */
function edgeRepoUrl(edge: Edge): string | undefined {
  if (edge.repo) return normaliseRepoUrl(edge.repo.url);
  if (edge.kind === 'flux-path') {
    const src = fluxSource(edge);
    if (src?.kind === 'GitRepository') {
      const url = getStr(src.body, 'spec', 'url');
      return url ? normaliseRepoUrl(url) : undefined;
    }
  }
  return undefined;
}

function fluxSource(edge: Edge): Resource | undefined {
  const ks = edge.from.resource;
  if (!ks) return undefined;
  const sourceEdge = ksSourceEdges.get(ks);
  return sourceEdge?.resources?.[0];
}

const ksSourceEdges = new WeakMap<Resource, Edge>();

function pathExists(graph: Graph, p: string): boolean {
  return graph.repo.dirs.has(p) || graph.repo.files.has(p);
}

function resolvePathEdge(graph: Graph, edge: Edge, self: SelfIdentity, sourceIgnore: Ignore | undefined): void {
  if (edge.target.type !== 'path') return;
  const p = edge.target.path;
  const { expect } = edge.target;
  const isDir = graph.repo.dirs.has(p);
  const isFile = graph.repo.files.has(p);
  const exists = expect === 'dir' ? isDir : expect === 'file' ? isFile : isDir || isFile;

  if (edge.kind === 'flux-path') {
    const ks = edge.from.resource;
    const sourceEdge = ks ? graph.edges.find((e) => e.kind === 'flux-source' && e.from.resource === ks) : undefined;
    if (ks && sourceEdge) ksSourceEdges.set(ks, sourceEdge);
    const source = sourceEdge?.resources?.[0];
    if (sourceEdge?.note === 'bootstrap' || (source && isSelfSource(source, self))) {
      if (!exists) edge.status = 'missing';
      else if (sourceIgnore?.ignores(p === '' ? '.' : `${p}/`)) edge.status = 'excluded';
      else edge.status = 'resolved';
      return;
    }
    if (source?.kind === 'GitRepository' && self.urls.has(normaliseRepoUrl(getStr(source.body, 'spec', 'url') ?? ''))) {
      edge.status = exists ? 'resolved' : 'elsewhere';
      edge.note = `${source.kind} "${source.name}" tracks ${describeRef(source)}, which this checkout does not hold`;
      return;
    }
    edge.status = exists ? 'resolved' : source ? 'elsewhere' : 'unknown';
    if (source && !exists) edge.note = `${source.kind} "${source.name}" is another repository or artifact`;
    return;
  }

  if (edge.repo) {
    if (exists) {
      edge.status = 'resolved';
      return;
    }
    const url = normaliseRepoUrl(edge.repo.url);
    if (!self.urls.has(url)) {
      edge.status = 'elsewhere';
      edge.note = `${edge.repo.url} is another repository`;
      return;
    }
    const rev = edge.repo.revision ?? '';
    if (SAME_REVISIONS.has(rev) || self.revisions.size === 0 || self.revisions.has(rev)) {
      edge.status = 'missing';
    } else {
      edge.status = 'elsewhere';
      edge.note = `revision "${rev}" is not the one checked out here`;
    }
    return;
  }
  edge.status = exists ? 'resolved' : 'missing';
}

function isSelfSource(source: Resource, self: SelfIdentity): boolean {
  if (source.kind !== 'GitRepository') return false;
  const url = getStr(source.body, 'spec', 'url');
  if (!url || !self.urls.has(normaliseRepoUrl(url))) return false;
  const ref = gitRef(source);
  return ref === undefined || self.revisions.size === 0 || self.revisions.has(ref);
}

function describeRef(source: Resource): string {
  const ref = get(source.body, 'spec', 'ref');
  for (const k of ['branch', 'tag', 'semver', 'name', 'commit']) {
    const v = getStr(ref, k);
    if (v) return `${k} "${v}"`;
  }
  return 'another revision';
}

function resolveGlobEdge(graph: Graph, edge: Edge, self: SelfIdentity): void {
  if (edge.target.type !== 'glob') return;
  const url = edge.repo ? normaliseRepoUrl(edge.repo.url) : undefined;
  const [mode, ...rest] = edge.target.pattern.split(':');
  const pattern = rest.join(':').replace(/^\.?\//, '');
  if (pattern.includes('{{') || pattern.includes('${')) {
    edge.status = 'unknown';
    return;
  }
  const match = picomatch(pattern, { dot: false });
  const pool = mode === 'dir' ? graph.repo.dirs : graph.repo.files;
  let any = false;
  for (const p of pool) {
    if (p !== '' && match(p)) {
      any = true;
      break;
    }
  }
  if (any) edge.status = 'resolved';
  else if (url && !self.urls.has(url)) {
    edge.status = 'elsewhere';
    edge.note = `${edge.repo?.url} is another repository`;
  } else edge.status = 'missing';
}

/** `.sourceignore` files as source-controller reads them: patterns relative to the folder holding each file. */
function buildSourceIgnore(graph: Graph): Ignore | undefined {
  const files = graph.repo.ignoreFiles.filter((f) => f.file === '.sourceignore');
  if (files.length === 0) return undefined;
  const ig = ignore();
  for (const f of files) {
    for (const pattern of f.patterns) {
      const negated = pattern.startsWith('!');
      const body = negated ? pattern.slice(1) : pattern;
      const anchored = body.startsWith('/') ? body.slice(1) : body.includes('/') && !body.endsWith('/') ? body : `**/${body}`;
      const rooted = f.dir === '' ? anchored : joinPath(f.dir, anchored.replace(/^\*\*\//, '**/'));
      ig.add(`${negated ? '!' : ''}${rooted}`);
    }
  }
  return ig;
}

export const _internal = { isFluxKustomization, arr };
