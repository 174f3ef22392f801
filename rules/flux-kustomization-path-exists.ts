// Enforces Flux Kustomization spec.path: https://fluxcd.io/flux/components/kustomize/kustomizations/#path
import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'flux-kustomization-path-exists',
  meta: {
    type: 'problem',
    description: 'Point every Flux Kustomization spec.path at a folder that exists in its source and that .sourceignore keeps.',
    rationale:
      'kustomize-controller resolves spec.path against the root of the source artifact. A folder that was renamed, mistyped, written ' +
      'relative to the Kustomization file instead of the repository root, or excluded by .sourceignore makes the reconciliation fail with ' +
      '"kustomization path not found", and nothing is applied. When the source is this repository on another branch or tag, the path ' +
      'cannot be checked from this checkout and is reported as info; sources in other repositories or OCI artifacts are not checked.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        'Kustomization "{{name}}" has spec.path "{{raw}}", which does not exist in this repository, so Flux fails with ' +
        '"kustomization path not found" and applies nothing. Fix spec.path (it is relative to the repository root, not to this file) or add the folder.',
      notDirectory:
        'Kustomization "{{name}}" has spec.path "{{raw}}", which is a file, but Flux builds a folder, so the reconciliation fails and ' +
        'nothing is applied. Point spec.path at the folder that holds the file and its kustomization.yaml.',
      excluded:
        'Kustomization "{{name}}" has spec.path "{{raw}}", but {{ignoredBy}} excludes that folder from the source artifact, so Flux fails ' +
        'with "kustomization path not found". Remove the pattern from {{ignoredBy}} or re-include the folder with a "!" pattern.',
      outsideRoot:
        'Kustomization "{{name}}" has spec.path "{{raw}}", which climbs out of the repository root. Flux never leaves the source artifact ' +
        '(it resolves ".." at the root, so it builds some other folder or fails with "kustomization path not found"), and omni-lint did not ' +
        'read outside the repository. Write spec.path from the repository root, without "..".',
      otherRevision:
        'Kustomization "{{name}}" has spec.path "{{raw}}", which is not in this checkout: {{note}}. The path lives on that revision and ' +
        'omni-lint cannot check it here; lint a checkout of that revision to be sure it exists.',
    },
  },
  check({ graph, query, report }) {
    for (const edge of query.edges('flux-path')) {
      const r = edge.from.resource;
      if (!r || edge.target.type !== 'path') continue;
      const data = { name: r.name, raw: edge.target.raw };
      const at = { resource: r, path: edge.from.path };
      if (edge.status === 'missing') {
        const isFile = graph.repo.files.has(edge.target.path);
        report({ messageId: isFile ? 'notDirectory' : 'missing', data, at });
      } else if (edge.status === 'outside-root') {
        report({ messageId: 'outsideRoot', data, at });
      } else if (edge.status === 'excluded') {
        report({ messageId: 'excluded', data: { ...data, ignoredBy: edge.note ?? '.sourceignore' }, at });
      } else if (edge.status === 'elsewhere' && edge.elsewhere === 'revision') {
        report({ messageId: 'otherRevision', data: { ...data, note: edge.note ?? 'its source tracks another revision' }, at, severity: 'info' });
      }
    }
  },
});
