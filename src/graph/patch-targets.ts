import { parseYamlText } from '../load/read-yaml.js';
import type { YamlPath } from '../load/types.js';
import { CLUSTER_SCOPED, splitApiVersion } from './kinds.js';
import { isTemplated } from './paths.js';
import { arr, get, getStr, isObj, str } from './read.js';
import type { Renderer } from './render.js';
import type { Graph, KustomizeFile, RenderedItem } from './types.js';

/** What kustomize matches a strategic-merge patch without `target:` by: the patch's own id. */
export interface PatchId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string | undefined;
}

/** One patch document kustomize matches by its own id, and the kustomization entry that lists it. */
export interface SelfTargetedPatch {
  /** The entry in the kustomization: `['patches', 0, 'path']`, `['patchesStrategicMerge', 1]`. */
  path: YamlPath;
  /** The patch file, for a file entry. */
  file?: string;
  doc: number;
  docs: number;
  id: PatchId;
}

/**
 * The patches whose missing target fails `kustomize build`: patchesStrategicMerge entries (files or
 * inline) and `patches` entries without `target:`. A `target:` selector, like a patchesJson6902 entry,
 * quietly patches nothing when it matches nothing. Documents without apiVersion, kind or name, lists
 * (JSON patches), templated ids and files we could not read are left out.
 */
export function selfTargetedPatches(graph: Graph, k: KustomizeFile, files: ReadonlyMap<string, string>): SelfTargetedPatch[] {
  const out: SelfTargetedPatch[] = [];
  const add = (path: YamlPath, file: string | undefined, docs: readonly unknown[] | undefined): void =>
    docs?.forEach((d, doc) => {
      const id = patchId(d);
      if (id) out.push({ path, ...(file === undefined ? {} : { file }), doc, docs: docs.length, id });
    });
  arr(k.body.patchesStrategicMerge).forEach((v, i) => {
    const path = ['patchesStrategicMerge', i];
    const file = files.get(entryKey(path));
    const raw = str(v);
    if (file !== undefined) add(path, file, fileDocs(graph, file));
    else if (raw && (raw.includes('\n') || /^\s*(apiVersion|kind)\s*:/.test(raw))) add(path, undefined, parseYamlText('inline', raw).docs);
  });
  arr(k.body.patches).forEach((p, i) => {
    if (!isObj(p) || p.target !== undefined || (p.path !== undefined && p.patch !== undefined)) return;
    const inline = getStr(p, 'patch');
    const path = ['patches', i, inline === undefined ? 'path' : 'patch'];
    const file = files.get(entryKey(path));
    if (file !== undefined) add(path, file, fileDocs(graph, file));
    else if (inline !== undefined) add(path, undefined, parseYamlText('inline', inline).docs);
  });
  return out;
}

/** A patch document's id, or undefined when it is not a named object we can read as written. */
export function patchId(doc: unknown): PatchId | undefined {
  if (!isObj(doc)) return undefined;
  const apiVersion = getStr(doc, 'apiVersion');
  const kind = getStr(doc, 'kind');
  const name = getStr(doc, 'metadata', 'name');
  const namespace = getStr(doc, 'metadata', 'namespace');
  if (!apiVersion || !kind || !name || kind.endsWith('List')) return undefined;
  if ([apiVersion, kind, name, namespace ?? ''].some(isTemplated)) return undefined;
  return { ...splitApiVersion(apiVersion), kind, name, namespace };
}

/** kustomize's ResId.Equals against every id the object has had: no namespace is "default", cluster-scoped kinds have none. */
export function patchMatches(p: PatchId, it: RenderedItem): boolean {
  if (it.kind !== p.kind || (it.source?.group ?? '') !== p.group || (it.source?.version ?? 'v1') !== p.version) return false;
  // Our list of cluster-scoped kinds is shorter than kustomize's: for a Cluster* kind we ignore the namespace.
  const anyNamespace = CLUSTER_SCOPED.has(p.kind) || p.kind.startsWith('Cluster');
  const namespace = p.namespace || 'default';
  const generated = `${p.name}-*`;
  const same = (id: { name: string; namespace?: string | undefined }): boolean =>
    (id.name === p.name || id.name === generated) && (anyNamespace || (id.namespace || 'default') === namespace);
  return same(it) || (it.previous?.some(same) ?? false);
}

/**
 * The objects a patch in `dir` can match, or undefined when we cannot know them all: the render is
 * opaque (Helm, remote bases) or broken, a List or a templated name is in it, or something on the
 * way (a generator or transformer plugin, a patch or replacement that renames) makes names unknowable.
 */
export function patchableObjects(graph: Graph, renderer: Renderer, dir: string, memo: Map<string, boolean>): readonly RenderedItem[] | undefined {
  if (unpredictable(graph, renderer, dir, memo, new Set())) return undefined;
  const set = renderer.beforeOwnTransforms(dir);
  if (!set || set.opaque || set.broken) return undefined;
  const templated = (id: { name: string; namespace?: string | undefined }): boolean => isTemplated(id.name) || isTemplated(id.namespace ?? '');
  const odd = (it: RenderedItem): boolean => it.kind.endsWith('List') || templated(it) || (it.previous?.some(templated) ?? false);
  return set.items.some(odd) ? undefined : set.items;
}

/** Patch and replacement files of a kustomization, by entry (`entryKey(path)`), as resolved by the graph. */
export function entryFiles(renderer: Renderer, k: KustomizeFile): ReadonlyMap<string, string> {
  const known = entryFilesOf.get(k);
  if (known) return known;
  const out = new Map<string, string>();
  entryFilesOf.set(k, out);
  for (const e of renderer.edgesFrom(k.file)) {
    if (e.from.doc !== k.doc || e.status !== 'resolved' || e.target.type !== 'path') continue;
    if (e.kind === 'kustomize-patch' || e.kind === 'kustomize-replacement') out.set(entryKey(e.from.path), e.target.path);
  }
  return out;
}

/** Asked for each kustomization by the rule and again for each base on the way: computed once per graph. */
const entryFilesOf = new WeakMap<KustomizeFile, Map<string, string>>();

const BUILDS = new Set(['kustomize-resource', 'kustomize-base', 'kustomize-component']);

function unpredictable(graph: Graph, renderer: Renderer, dir: string, memo: Map<string, boolean>, stack: Set<string>): boolean {
  const known = memo.get(dir);
  if (known !== undefined) return known;
  const k = renderer.kustomization(dir);
  // A folder without a kustomization, or a cycle, fails the build for another reason.
  if (!k || stack.has(dir)) return true;
  stack.add(dir);
  let result = mayRename(graph, k, entryFiles(renderer, k));
  for (const e of renderer.edgesFrom(k.file)) {
    if (result) break;
    if (e.from.doc !== k.doc || !BUILDS.has(e.kind)) continue;
    if (e.status !== 'resolved' || e.target.type !== 'path') result = true;
    else if (graph.repo.dirs.has(e.target.path)) result = unpredictable(graph, renderer, e.target.path, memo, stack);
  }
  stack.delete(dir);
  memo.set(dir, result);
  return result;
}

/** A JSON patch operation that sets a name, namespace, kind or the whole metadata. */
const RENAMES = /\bpath["']?\s*:\s*["']?\/(metadata(\/name|\/namespace)?|kind|apiVersion)["']?(?=\s*([,}\]]|$))/m;

/** Whether this kustomization makes objects kustomize will track under names we do not predict. */
function mayRename(graph: Graph, k: KustomizeFile, files: ReadonlyMap<string, string>): boolean {
  if (arr(k.body.generators).length > 0 || arr(k.body.transformers).length > 0) return true;
  for (const field of ['patches', 'patchesJson6902'] as const) {
    for (const [i, p] of arr(k.body[field]).entries()) {
      if (get(p, 'options', 'allowNameChange') === true || get(p, 'options', 'allowKindChange') === true) return true;
      const file = files.get(entryKey([field, i, 'path']));
      const text = getStr(p, 'patch') ?? (file === undefined ? undefined : graph.repo.yaml.get(file)?.text);
      if (text === undefined ? getStr(p, 'path') !== undefined : RENAMES.test(text)) return true;
    }
  }
  for (const [i, r] of arr(k.body.replacements).entries()) {
    const file = files.get(entryKey(['replacements', i, 'path']));
    const docs = file === undefined ? [r] : fileDocs(graph, file);
    if (!docs || /metadata\.(name|namespace)\b/.test(JSON.stringify(docs.flatMap((d) => (Array.isArray(d) ? d : [d])).map((d) => get(d, 'targets'))))) return true;
  }
  return false;
}

function fileDocs(graph: Graph, file: string): readonly unknown[] | undefined {
  const f = graph.repo.yaml.get(file);
  return !f || f.skipped || f.template || f.errors.length > 0 ? undefined : f.docs;
}

function entryKey(path: YamlPath): string {
  return path.join('\u0000');
}
