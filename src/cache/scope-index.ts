import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { ResourceIndex } from '../graph/index-resources.js';
import { producedObjects } from '../graph/producers.js';
import type { Graph } from '../graph/types.js';
import type { Repo, YamlFile } from '../load/types.js';
import type { WalkEntry } from '../load/walk.js';

/** Bump when what a token means changes. */
const FORMAT = 5;
/** Longer strings are data (embedded configs, certificates), never names or paths. */
const MAX_TOKEN = 253;
/** Objects whose duplicates are found by release and chart rather than by name (no-duplicate-helm-release). */
export const HELM_KINDS: ReadonlySet<string> = new Set(['HelmRelease', 'Application', 'ApplicationSet']);

/**
 * What a full run learnt about every file, kept beside the --cache so that a pull-request run can
 * find the few files that bear on a change without reading the others. Tokens, each mapped to the
 * files that hold them:
 * - `n:<string>`: a string written in a HelmRelease or Argo CD app in the file (release and chart names...);
 * - `k:<Kind>`: a kind of object the file defines (`k:` alone for a kustomization file);
 * - `i:<Kind>/<name>`: an object the file defines, or makes (kustomize generators, ExternalSecrets...);
 * - `d:<name>`: the file defines an object of this name, of whatever kind;
 * - `r:<Kind>/<name>`: an object the file references by name;
 * - `p:<path>`: a repository path the file references (a folder or file, '' for the root), as resolved;
 * - `g:`: the file references paths by glob (ApplicationSet generators): it may deploy anything;
 * - `u:<url>`: the file references this repository URL with a path that exists, so the URL is this repository.
 * Each file also keeps its git blob id, so a run can tell, from `git ls-files -s` alone, which files
 * changed since the index was written.
 */
/** The index as stored: flat arrays, which v8 deserialises an order of magnitude faster than maps of objects. */
interface StoredIndex {
  format: number;
  /** The walk the index was built from: paths, plus the links among them (entry index → what the walk said). */
  paths: string[];
  links: [number, Omit<WalkEntry, 'path'>][];
  /** Git blob id of each YAML file's and each .gitignore's content ('' for other files), parallel to `paths`. */
  blobs: string[];
  /** Sorted tokens; token k's files are postings[starts[k]..starts[k+1]), as indexes into `paths`. */
  tokens: string[];
  starts: Int32Array;
  postings: Int32Array;
}

export class ScopeIndex {
  private constructor(private readonly data: StoredIndex) {}

  static fromStored(data: StoredIndex): ScopeIndex {
    return new ScopeIndex(data);
  }

  get stored(): StoredIndex {
    return this.data;
  }

  /** The walk the index was built from. */
  entries(): WalkEntry[] {
    const out: WalkEntry[] = this.data.paths.map((path) => ({ path }));
    for (const [i, link] of this.data.links) Object.assign(out[i]!, link);
    return out;
  }

  path(i: number): string {
    return this.data.paths[i]!;
  }

  /** The git blob id a YAML file had, by its index in `entries()`. */
  blob(i: number): string {
    return this.data.blobs[i] ?? '';
  }

  /** Indexes of the files that hold `token`. */
  filesWith(token: string): Int32Array {
    const { tokens, starts, postings } = this.data;
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = tokens[mid]!;
      if (t === token) return postings.subarray(starts[mid]!, starts[mid + 1]!);
      if (t < token) lo = mid + 1;
      else hi = mid - 1;
    }
    return EMPTY;
  }
}

const EMPTY = new Int32Array(0);

/** The git blob id of some content: what `git hash-object` prints, so it compares with `git ls-files -s`. */
export function gitBlobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Indexes a full run's repository and graph; `blobOf` gives blob ids already computed (the --cache's). */
export function buildScopeIndex(graph: Graph, entries: readonly WalkEntry[], blobOf: (file: string) => string | undefined = () => undefined): ScopeIndex {
  const position = new Map<string, number>();
  entries.forEach((e, i) => position.set(e.path, i));
  const tokens = new Map<string, number[]>();
  const add = (token: string, file: string): void => {
    const i = position.get(file);
    if (i === undefined) return;
    const list = tokens.get(token);
    if (!list) tokens.set(token, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  const blobs: string[] = entries.map(() => '');
  for (const file of graph.repo.yaml.values()) {
    const i = position.get(file.path);
    if (i !== undefined) blobs[i] = indexedBlob(file, blobOf);
  }
  // .gitignore files decide what the walk lists: a run from the index must know when one changed.
  entries.forEach((e, i) => {
    if (isGitIgnore(e.path)) blobs[i] = gitIgnoreBlob(graph.repo.root, e.path);
  });
  for (const r of graph.resources) {
    if (HELM_KINDS.has(r.kind)) {
      const seen = new Set<string>();
      collectStrings(r.body, seen, 0);
      for (const s of seen) add(`n:${s}`, r.file);
    }
    add(`k:${r.kind}`, r.file);
    add(`i:${r.kind}/${r.name}`, r.file);
    add(`d:${r.name}`, r.file);
  }
  for (const k of graph.kustomizeFiles) add('k:', k.file);
  for (const [key, producers] of producedObjects(ResourceIndex.of(graph.resources), graph.kustomizeFiles)) {
    const [kind, name] = key.split('\u0000');
    for (const p of producers) add(`i:${kind}/${name}`, p.file);
  }
  for (const e of graph.edges) {
    const t = e.target;
    if (t.type === 'resource') for (const kind of t.kinds) add(`r:${kind}/${t.name}`, e.from.file);
    else if (t.type === 'path') add(`p:${t.path}`, e.from.file);
    else if (t.type === 'glob') add('g:', e.from.file);
    if (e.repo?.url && e.status === 'resolved') add(`u:${e.repo.url}`, e.from.file);
  }
  const sorted = [...tokens.keys()].sort();
  const starts = new Int32Array(sorted.length + 1);
  let total = 0;
  sorted.forEach((t, k) => {
    starts[k] = total;
    total += tokens.get(t)!.length;
  });
  starts[sorted.length] = total;
  const postings = new Int32Array(total);
  sorted.forEach((t, k) => postings.set(tokens.get(t)!, starts[k]!));
  const links: StoredIndex['links'] = [];
  entries.forEach(({ path: _path, ...rest }, i) => {
    if (Object.keys(rest).length > 0) links.push([i, rest]);
  });
  return ScopeIndex.fromStored({ format: FORMAT, paths: entries.map((e) => e.path), links, blobs, tokens: sorted, starts, postings });
}

function collectStrings(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    if (value.length > 0 && value.length <= MAX_TOKEN) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
  }
}

/** Whether `file` is a .gitignore, which decides what the walk lists below its folder. */
export function isGitIgnore(file: string): boolean {
  return file === '.gitignore' || file.endsWith('/.gitignore');
}

function gitIgnoreBlob(root: string, file: string): string {
  try {
    return gitBlobId(readFileSync(path.join(root, file)));
  } catch {
    return '';
  }
}

/** The blob id the index keeps for a YAML file ('' for one that was not read). */
function indexedBlob(file: YamlFile, blobOf: (file: string) => string | undefined): string {
  return file.skipped ? '' : (blobOf(file.path) ?? gitBlobId(Buffer.from(file.text, 'utf8')));
}

/**
 * How many files `index` no longer describes as they are in `repo` (walked as `entries`): YAML files
 * with other content, and files added or removed. Undefined when a symlink or a .gitignore changed,
 * which the index must always get right (pull-request runs take the links from it, and trust its walk).
 */
export function staleFiles(index: ScopeIndex, entries: readonly WalkEntry[], repo: Repo, blobOf: (file: string) => string | undefined): number | undefined {
  const before = index.entries();
  const position = new Map<string, number>();
  before.forEach((e, i) => position.set(e.path, i));
  let stale = 0;
  for (const e of entries) {
    const i = position.get(e.path);
    if (i === undefined) {
      if (e.linkTo !== undefined || e.escapesTo !== undefined || e.broken || isGitIgnore(e.path)) return undefined;
      stale++;
      continue;
    }
    position.delete(e.path);
    const was = before[i]!;
    if (was.linkTo !== e.linkTo || was.escapesTo !== e.escapesTo || was.broken !== e.broken) return undefined;
    // A changed .gitignore may change what is walked anywhere below it: the index must be rebuilt.
    if (isGitIgnore(e.path) && gitIgnoreBlob(repo.root, e.path) !== index.blob(i)) return undefined;
    const file = repo.yaml.get(e.path);
    if (file !== undefined && indexedBlob(file, blobOf) !== index.blob(i)) stale++;
  }
  for (const i of position.values()) {
    const gone = before[i]!;
    if (gone.linkTo !== undefined || gone.escapesTo !== undefined || gone.broken || isGitIgnore(gone.path)) return undefined;
  }
  return stale + position.size;
}

export function scopeIndexFile(cacheFile: string): string {
  return `${cacheFile}.scope`;
}

export function saveScopeIndex(file: string, index: ScopeIndex): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, serialize(index.stored));
  renameSync(temp, file);
}

export function loadScopeIndex(file: string): ScopeIndex | undefined {
  try {
    const data = deserialize(readFileSync(file)) as StoredIndex;
    return data.format === FORMAT ? ScopeIndex.fromStored(data) : undefined;
  } catch {
    return undefined;
  }
}
