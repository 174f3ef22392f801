// Enforces the apiVersion and kind kustomize accepts in a kustomization file (Kustomization.EnforceFields):
// https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
import { defineRule } from '../src/engine/define-rule.js';
import { FLUX_KUSTOMIZE_GROUP, splitApiVersion } from '../src/graph/kinds.js';
import { kustomizationHeaderProblem, type HeaderProblem } from '../src/graph/kustomization-header.js';
import { baseName, dirOf, folderName, joinPath } from '../src/graph/paths.js';
import type { GraphQuery } from '../src/graph/query.js';
import { getStr, isObj } from '../src/graph/read.js';
import type { KustomizeFile } from '../src/graph/types.js';

const KUSTOMIZE_EDGES: Record<string, string> = { 'kustomize-resource': 'resources', 'kustomize-base': 'bases', 'kustomize-component': 'components' };

export default defineRule({
  id: 'kustomize-file-is-kustomization',
  meta: {
    type: 'problem',
    description: 'Keep only kustomize configuration in files named kustomization.yaml, kustomization.yml or Kustomization.',
    rationale:
      'kustomize reads a file with one of those names as the kustomization of its folder, whatever apiVersion and kind it declares, ' +
      'and accepts only `apiVersion: kustomize.config.k8s.io/v1beta1` with `kind: Kustomization`, `kustomize.config.k8s.io/v1alpha1` ' +
      'with `kind: Component`, or neither line. A Flux Kustomization (kustomize.toolkit.fluxcd.io), an HTTPRoute or any other object ' +
      'saved under that name, or a kustomization with a wrong apiVersion or kind, makes `kustomize build` of the folder fail, so every ' +
      'Flux Kustomization or Argo CD Application built from that folder deploys nothing. Only the first document counts: it is the ' +
      'one kustomize reads. Unknown fields in a file whose header kustomize accepts are left to schema-valid.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      object:
        '{{file}} holds {{what}}, but kustomize reads every file named {{name}} as the kustomization of {{dir}}, and a kustomization ' +
        'has no field {{fields}}: `kustomize build` of {{dir}} fails with the error: {{error}}. {{impact}} {{fix}}.',
      header:
        '{{file}} declares {{declared}}, but kustomize accepts a kustomization file only with {{expected}} (or without apiVersion ' +
        'and kind): `kustomize build` of {{dir}} fails with the error: {{error}}. {{impact}} Write {{expected}}, or remove both lines.',
    },
  },
  check({ graph, query, report }) {
    for (const k of graph.kustomizeFiles) {
      const problem = kustomizationHeaderProblem(k.body);
      // kustomize reads the first document of a kustomization file and ignores the others.
      if (!problem || k.doc !== firstDocument(graph.repo.yaml.get(k.file)?.docs ?? [])) continue;
      const builders = buildersOf(query, k);
      const dir = folderName(k.dir);
      const impact = builders.length === 0
        ? 'Nothing in this repository builds that folder yet, but any Flux Kustomization, Argo CD Application or kustomization pointed at it will fail.'
        : `${list(builders)} build${builders.length === 1 ? 's' : ''} it, so ${builders.length === 1 ? 'that build fails and deploys' : 'each of those builds fails and deploys'} nothing.`;
      const at = { file: k.file, doc: k.doc, path: [k.body.kind !== undefined ? 'kind' : 'apiVersion'] };
      const severity = builders.length === 0 ? 'warning' as const : undefined;
      const file = baseName(k.file);
      if (problem.foreign.length === 0) {
        report({ messageId: 'header', data: { file, declared: declared(problem), expected: problem.expected, dir, error: problem.error, impact }, at, ...(severity ? { severity } : {}) });
        continue;
      }
      const fields = problem.foreign.slice(0, 3).join(', ') + (problem.foreign.length > 3 ? ', ...' : '');
      report({
        messageId: 'object',
        data: { file, what: describe(k, problem), name: file, dir, fields, error: problem.error, impact, fix: fixFor(k, problem) },
        at,
        ...(severity ? { severity } : {}),
      });
    }
  },
});

function firstDocument(docs: readonly unknown[]): number {
  return docs.findIndex((d) => d !== null && d !== undefined);
}

/** Who runs `kustomize build` on the folder: deployers whose render reads the file, kustomizations listing the folder. */
function buildersOf(query: GraphQuery, k: KustomizeFile): string[] {
  const out: string[] = [];
  for (const d of query.deployers()) {
    if (d.renders.files.has(k.file)) out.push(`${d.tool === 'flux' ? 'Flux Kustomization' : 'Argo CD Application'} "${d.resource.name}"`);
  }
  for (const e of query.referencesTo(k.dir)) {
    const field = KUSTOMIZE_EDGES[e.kind];
    if (field && e.from.file !== k.file) out.push(`${e.from.file} (${field}:)`);
  }
  return [...new Set(out)];
}

function list(items: string[]): string {
  const shown = items.slice(0, 3);
  const more = items.length > 3 ? ` and ${items.length - 3} more` : '';
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')}${more ? ', ' : ' and '}${shown.at(-1)!}${more}`;
}

function declared(p: HeaderProblem): string {
  const parts = [p.apiVersion ? `apiVersion: ${p.apiVersion}` : 'no apiVersion', p.kind ? `kind: ${p.kind}` : 'no kind'];
  return parts.join(', ');
}

function isFluxKustomization(p: HeaderProblem): boolean {
  return p.kind === 'Kustomization' && splitApiVersion(p.apiVersion).group === FLUX_KUSTOMIZE_GROUP;
}

function describe(k: KustomizeFile, p: HeaderProblem): string {
  const name = isObj(k.body.metadata) ? getStr(k.body.metadata, 'name') : undefined;
  const kind = isFluxKustomization(p) ? 'a Flux Kustomization' : p.kind ? `${/^(?:[AEIOU]|HTTP)/.test(p.kind) ? 'an' : 'a'} ${p.kind}` : 'an object';
  return `${kind}${name ? ` "${name}"` : ''} (${p.apiVersion || 'no apiVersion'})`;
}

function fixFor(k: KustomizeFile, p: HeaderProblem): string {
  const name = getStr(k.body, 'metadata', 'name') ?? (p.kind.toLowerCase() || 'object');
  const need = 'if the folder needs a kustomization, write a new kustomization.yaml that lists its manifests under resources:';
  if (isFluxKustomization(p)) {
    return `Rename the file (for example to ${joinPath(dirOf(k.file), `${name}-kustomization.yaml`)}) or move it to the folder your ` +
      `Flux Kustomizations live in (such as flux/kustomizations/), so Flux applies it as a Flux Kustomization; ${need}`;
  }
  return `Move the ${p.kind || 'object'} to a file of its own (for example ${joinPath(dirOf(k.file), `${name}.yaml`)}); ${need}, this one among them`;
}
