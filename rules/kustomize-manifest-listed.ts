// Enforces that kustomize only builds what a kustomization.yaml lists (resources and the other file fields):
// https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/
import { defineRule } from '../src/engine/define-rule.js';
import { isKustomizeConfig } from '../src/graph/kustomization-header.js';
import { baseName, dirOf, isKustomizationFile, isRemoteRef, resolveInRepo } from '../src/graph/paths.js';
import { isObj } from '../src/graph/read.js';
import type { Resource } from '../src/graph/types.js';

export default defineRule({
  id: 'kustomize-manifest-listed',
  meta: {
    type: 'problem',
    description: 'List every Kubernetes manifest that sits beside a kustomization.yaml in that kustomization.',
    rationale:
      'When a folder holds a kustomization.yaml, kustomize, Flux and Argo CD build only what it lists; any other manifest in the folder ' +
      'is silently skipped. A new Deployment or HTTPRoute dropped next to a kustomization.yaml therefore never reaches the cluster, and ' +
      'nothing reports it. Files used by any kustomize field (resources, patches, generators, components, crds, transformers, ...), from ' +
      'this or another kustomization, count as listed, as do files a listed generator config (KSOPS) reads and files an Argo CD ' +
      'directory source applies. YAML that is not a manifest (Helm values, Chart.yaml, kustomize configs without apiVersion and ' +
      'kind) is ignored.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      unlisted:
        '{{file}} holds {{what}}, but {{kustomization}} does not list it, so kustomize (and every Flux Kustomization or Argo CD ' +
        'Application built from this folder) never applies it. Add "{{entry}}" to resources: in {{kustomization}}, or move the file ' +
        'out of this folder if it is applied some other way.',
    },
  },
  check({ graph, query, report }) {
    const used = new Set<string>();
    for (const e of graph.edges) {
      if (e.target.type === 'path' && (e.status === 'resolved' || e.status === 'excluded')) used.add(e.target.path);
    }
    // Argo CD directory sources with recurse apply every file below them, kustomization or not.
    for (const d of query.deployers()) for (const f of d.renders.files) used.add(f);
    // Generator and transformer configs (KSOPS and other KRM plugins) name the files they read.
    for (const e of query.edges('kustomize-plugin')) {
      if (e.status !== 'resolved' || e.target.type !== 'path') continue;
      for (const r of query.renderer.resourcesIn(e.target.path)) collectFiles(r.body, dirOf(e.from.file), graph.repo.files, used, 0);
    }
    for (const k of graph.kustomizeFiles) {
      if (query.renderer.kustomization(k.dir) !== k || !isKustomizeConfig(k.body)) continue;
      for (const file of query.renderer.yamlFilesIn(k.dir)) {
        if (used.has(file) || isKustomizationFile(file)) continue;
        const manifests = query.renderer.resourcesIn(file);
        const first = manifests[0];
        if (!first) continue;
        report({
          messageId: 'unlisted',
          data: { file: baseName(file), what: describe(manifests), kustomization: baseName(k.file), entry: baseName(file) },
          at: { resource: first, path: ['kind'] },
        });
      }
    }
  },
});

/** Adds every string in a plugin config that names a file relative to the kustomization folder. */
function collectFiles(v: unknown, dir: string, files: ReadonlySet<string>, out: Set<string>, depth: number): void {
  if (depth > 8) return;
  if (typeof v === 'string') {
    if (v.includes('\n') || isRemoteRef(v)) return;
    const p = resolveInRepo(dir, v);
    if (p !== undefined && files.has(p)) out.add(p);
  } else if (Array.isArray(v)) for (const x of v) collectFiles(x, dir, files, out, depth + 1);
  else if (isObj(v)) for (const x of Object.values(v)) collectFiles(x, dir, files, out, depth + 1);
}


function describe(manifests: readonly Resource[]): string {
  const first = manifests[0]!;
  const one = `${first.kind} "${first.name}"`;
  const rest = manifests.length - 1;
  return rest === 0 ? one : `${one} and ${rest} more manifest${rest === 1 ? '' : 's'}`;
}
