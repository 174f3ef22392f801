import picomatch from 'picomatch';
import { isFluxKustomization } from './kinds.js';
import { baseName, dirOf, joinPath } from './paths.js';
import type { GraphQuery } from './query.js';
import { getStr, str } from './read.js';
import type { Graph, Resource } from './types.js';

/**
 * Folder questions the layout rules share: the target layout keeps Argo CD objects in
 * applications/, Flux objects in flux/<category>/ and app manifests in apps/<app>/.
 */

/** Whether a repo-relative file sits in `folder` or below it ('' is the root, which holds everything). */
export function isUnder(file: string, folder: string): boolean {
  return folder === '' || file.startsWith(`${folder}/`);
}

/** A folder as messages show it: `flux/httproutes/`, or `the repository root`. */
export function folderLabel(dir: string): string {
  return dir === '' ? 'the repository root' : `${dir}/`;
}

/** The app folder a file belongs to: `apps/monitoring` for `apps/monitoring/base/svc.yaml`; undefined outside `appsRoot`. */
export function appFolderOf(file: string, appsRoot: string): string | undefined {
  if (!isUnder(file, appsRoot)) return undefined;
  const rest = file.slice(appsRoot === '' ? 0 : appsRoot.length + 1);
  const i = rest.indexOf('/');
  return i < 0 ? undefined : joinPath(appsRoot, rest.slice(0, i));
}

/**
 * Where a moved file would land: `folder/preferred`, or `folder/fallback` when a different file
 * already holds that name, so a move never overwrites another file.
 */
export function landingPath(graph: Graph, from: string, folder: string, preferred: string, fallback: string): string {
  const first = joinPath(folder, preferred);
  return first !== from && graph.repo.files.has(first) ? joinPath(folder, fallback) : first;
}

/** The file name a single object gets when it moves on its own: `<name>.yaml`, else the current name. */
export function objectFileName(r: Resource): string {
  return /^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(r.name) ? `${r.name}.yaml` : baseName(r.file);
}

/** Files that kustomize reads as patches: partial objects that belong beside the kustomization using them. */
export function patchFiles(graph: Graph): Set<string> {
  const out = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind === 'kustomize-patch' && e.status === 'resolved' && e.target.type === 'path') out.add(e.target.path);
  }
  return out;
}

/** Whether a file is part of what `flux bootstrap` writes: `<clusters>/<name>/flux-system/**` or any `gotk-*.yaml`. */
export function isFluxBootstrapFile(file: string, clustersRoot: string): boolean {
  if (/^gotk-[^/]*\.ya?ml$/.test(baseName(file))) return true;
  return bootstrapMatcher(clustersRoot)(file);
}

// Compiling a glob costs far more than matching it: one matcher per clusters folder, not per file.
const bootstrapMatchers = new Map<string, (file: string) => boolean>();
function bootstrapMatcher(clustersRoot: string): (file: string) => boolean {
  let m = bootstrapMatchers.get(clustersRoot);
  if (!m) {
    m = picomatch(`${clustersRoot === '' ? '' : `${clustersRoot}/`}*/flux-system/**`, { dot: true });
    bootstrapMatchers.set(clustersRoot, m);
  }
  return m;
}

/**
 * Folders holding the Flux installation that `flux bootstrap` wrote (the folder of the
 * `flux-system` Kustomization in `flux-system`), in path order.
 */
export function fluxBootstrapDirs(graph: Graph): string[] {
  const dirs = new Set<string>();
  for (const r of graph.resources) {
    if (isFluxKustomization(r) && r.name === 'flux-system' && r.namespace === 'flux-system') {
      dirs.add(dirOf(r.file));
    }
  }
  return [...dirs].sort();
}

/**
 * The namespace an object lands in as far as the repository says: its own metadata.namespace,
 * else the `namespace:` of the kustomization.yaml beside it, else the `spec.targetNamespace` of the
 * Flux Kustomization (or the destination of the Argo CD Application) deploying the nearest folder
 * above it; undefined when none says.
 */
export function declaredNamespace(query: GraphQuery, r: Resource): string | undefined {
  const own = r.namespace ?? str(query.renderer.kustomization(dirOf(r.file))?.body.namespace);
  if (own) return own;
  let best: { depth: number; namespace: string } | undefined;
  for (const kind of ['flux-path', 'argo-source-path'] as const) {
    for (const e of query.edges(kind)) {
      if (e.status !== 'resolved' || e.target.type !== 'path' || !isUnder(r.file, e.target.path) || !e.from.resource) continue;
      const body = e.from.resource.body;
      const ns = kind === 'flux-path' ? getStr(body, 'spec', 'targetNamespace') : getStr(body, 'spec', 'destination', 'namespace');
      const depth = e.target.path === '' ? 0 : e.target.path.split('/').length;
      if (ns && (!best || depth > best.depth)) best = { depth, namespace: ns };
    }
  }
  return best?.namespace;
}
