// Enforces each kind's OpenAPI schema as the API server applies it (field names, types, enums, required fields):
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
import { defineRule } from '../src/engine/define-rule.js';
import type { Location } from '../src/engine/types.js';
import { splitApiVersion } from '../src/graph/kinds.js';
import { kustomizationHeaderProblem } from '../src/graph/kustomization-header.js';
import { patchFiles } from '../src/graph/layout.js';
import { getStr } from '../src/graph/read.js';
import type { Graph } from '../src/graph/types.js';
import type { ProblemKind, SchemaProblem } from '../src/schemas/problems.js';

type Options = { maxPerDocument: number };

const KUSTOMIZE_API = 'kustomize.config.k8s.io';
type Effects = { unknown: string; invalid: string };
const OBJECT: Effects = {
  unknown: 'Kubernetes rejects unknown fields or drops them silently, so the setting never takes effect',
  invalid: 'The API server rejects the object, so it is never applied',
};
const KUSTOMIZATION: Effects = {
  unknown: 'kustomize build fails on unknown fields ("invalid Kustomization: json: unknown field")',
  invalid: 'kustomize build fails on it',
};
type At = (path: SchemaProblem['path'], key: boolean) => Location;

/** The message for each kind of schema problem. */
const MESSAGE_OF: Record<ProblemKind, 'unknownField' | 'required' | 'type' | 'enum' | 'pattern' | 'other'> = {
  unknownField: 'unknownField',
  required: 'required',
  type: 'type',
  enum: 'enum',
  pattern: 'pattern',
  other: 'other',
};

/** Files kustomize reads only as patches: partial objects, not manifests. */
function patchOnlyFiles(graph: Graph): Set<string> {
  const patches = patchFiles(graph);
  for (const e of graph.edges) {
    if (e.kind !== 'kustomize-patch' && e.target.type === 'path' && e.status === 'resolved') patches.delete(e.target.path);
  }
  return patches;
}

export default defineRule({
  id: 'schema-valid',
  meta: {
    type: 'problem',
    description: 'Write every object so that its kind\'s schema accepts it: known field names, the right types, allowed values, required fields.',
    rationale:
      'The API server checks each object against its kind\'s OpenAPI schema: a wrong type, a value outside an enum or a missing required field ' +
      'makes the apply fail, and an unknown field (a typo such as `sourceref`) is rejected or silently dropped, so the setting never takes effect. ' +
      'kustomize fails on unknown fields in kustomization.yaml. omni-lint checks Flux, Argo CD, Gateway API and kustomize files against built-in ' +
      'schemas, every custom resource whose CRD is in the repository against that CRD, and any kind found in --schema-location catalogs.',
    severity: 'error',
    recommended: true,
    schema: {
      type: 'object',
      properties: {
        maxPerDocument: { type: 'integer', minimum: 1, description: 'Schema problems reported per document (default 5); the rest are counted in one more finding.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { maxPerDocument: 5 } as Options,
    messages: {
      unknownField: '{{subject}} has no field {{field}}{{hint}}. {{effect}}; fix the name or remove the field (schema: {{source}}).',
      required: '{{subject}} lacks {{field}}, which its schema requires. {{effect}}; add it (schema: {{source}}).',
      type: '{{field}} in {{what}} must be {{expected}}, not {{actual}}{{hint}}. {{effect}} (schema: {{source}}).',
      enum: '{{field}} in {{what}} must be one of {{expected}}, not {{actual}}{{hint}}. {{effect}} (schema: {{source}}).',
      pattern: '{{field}} in {{what}} must be {{expected}}, not {{actual}}. {{effect}} (schema: {{source}}).',
      other: '{{field}} in {{what}} {{expected}}. {{effect}} (schema: {{source}}).',
      more: '{{subject}} has {{count}} more schema problem(s) not shown here; fix the ones above and run omni-lint again.',
      broken: 'The schema for {{kind}} ({{apiVersion}}) from {{source}} could not be compiled ({{detail}}), so objects of that kind were not checked. Fix or remove that schema.',
    },
  },
  check({ graph, schemas, options, report }) {
    if (!schemas) return;
    const skip = patchOnlyFiles(graph);
    const brokenSeen = new Set<string>();

    // `what` names the object mid-sentence, `subject` at the start of one.
    const validate = (apiVersion: string, kind: string, body: unknown, what: string, subject: string, effects: Effects, at: At): void => {
      const { group, version } = splitApiVersion(apiVersion);
      const validator = schemas.find(group, version, kind);
      if (!validator) return;
      if ('error' in validator) {
        if (brokenSeen.has(`${apiVersion}/${kind}`)) return;
        brokenSeen.add(`${apiVersion}/${kind}`);
        const detail = validator.error.replace(/[.\s]+$/, '');
        report({ messageId: 'broken', data: { kind, apiVersion, source: validator.source, detail }, at: at(['kind'], false) });
        return;
      }
      const problems = validator.check(body);
      for (const p of problems.slice(0, options.maxPerDocument)) {
        const effect = p.kind === 'unknownField' ? effects.unknown : effects.invalid;
        const path = p.path.length > 0 ? p.path : ['kind'];
        report({ messageId: MESSAGE_OF[p.kind], data: { what, subject, effect, source: validator.source, ...p.data }, at: at(path, p.atKey && p.path.length > 0) });
      }
      const more = problems.length - options.maxPerDocument;
      if (more > 0) report({ messageId: 'more', data: { subject, count: more }, at: at(['kind'], false) });
    };

    for (const r of graph.resources) {
      if (skip.has(r.file)) continue;
      const what = `${r.kind}${r.name ? ` "${r.name}"` : ''} (${r.apiVersion})`;
      validate(r.apiVersion, r.kind, r.body, what, what, OBJECT, (path, key) => ({ resource: r, path, key }));
    }
    for (const k of graph.kustomizeFiles) {
      // A file that declares another kind but holds only kustomization fields is a kustomization with a wrong header
      // (kustomize-file-is-kustomization reports it): check its fields as kustomize reads them, not as that kind.
      const header = kustomizationHeaderProblem(k.body);
      const misheaded = header !== undefined && header.foreign.length === 0;
      const kind = misheaded ? (header.kind === 'Component' ? 'Component' : 'Kustomization') : getStr(k.body, 'kind') ?? 'Kustomization';
      const declared = misheaded ? undefined : getStr(k.body, 'apiVersion');
      const apiVersion = declared ?? `${KUSTOMIZE_API}/${kind === 'Component' ? 'v1alpha1' : 'v1beta1'}`;
      const isKustomize = apiVersion.startsWith(`${KUSTOMIZE_API}/`);
      const what = isKustomize ? `this ${kind === 'Component' ? 'Component' : 'kustomization'}` : `${kind} (${apiVersion})`;
      const subject = what.charAt(0).toUpperCase() + what.slice(1);
      const effects = isKustomize ? KUSTOMIZATION : OBJECT;
      validate(apiVersion, kind, k.body, what, subject, effects, (path, key) => ({ file: k.file, doc: k.doc, path, key }));
    }
  },
});
