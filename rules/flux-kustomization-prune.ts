// Enforces Kustomization spec.prune: https://fluxcd.io/flux/components/kustomize/kustomizations/#prune
import { defineRule } from '../src/engine/define-rule.js';
import { isFluxKustomization } from '../src/graph/kinds.js';
import { get } from '../src/graph/read.js';
import { inlinePatchedNames } from '../src/graph/versions.js';

export default defineRule({
  id: 'flux-kustomization-prune',
  meta: {
    type: 'problem',
    description: 'Set prune: true on every Flux Kustomization.',
    rationale:
      'spec.prune is a required field of the Kustomization API: an object without it is rejected by the API server and never ' +
      'reconciles. With prune: false, what is removed from Git stays in the cluster: a renamed Deployment runs twice, a deleted ' +
      'RoleBinding keeps its access, and the cluster slowly drifts from the repository. Objects that must survive (PVCs, ' +
      'namespaces) can opt out one by one with the annotation kustomize.toolkit.fluxcd.io/prune: disabled. Kustomize patch documents ' +
      '(no spec.sourceRef) are skipped.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        'Kustomization "{{name}}" has no spec.prune, a required field, so the API server rejects it and Flux never reconciles it. ' +
        'Add prune: true (or prune: false if objects removed from Git must stay).',
      disabled:
        'Kustomization "{{name}}" has prune: false, so objects removed from Git stay in the cluster and it drifts from the repository. ' +
        'Set prune: true, and keep single objects with the annotation kustomize.toolkit.fluxcd.io/prune: disabled.',
    },
  },
  check({ graph, query, report }) {
    const patched = inlinePatchedNames(graph, 'Kustomization', 'prune');
    for (const r of query.ofKind('Kustomization').filter(isFluxKustomization)) {
      const prune = get(r.body, 'spec', 'prune');
      if (prune === false) {
        report({ messageId: 'disabled', data: { name: r.name }, at: { resource: r, path: ['spec', 'prune'] } });
        continue;
      }
      if (prune !== undefined || get(r.body, 'spec', 'sourceRef') === undefined || patched.has(r.name) || patched.has('*')) continue;
      // An overlay's patch document may set it.
      if (query.index.find(['Kustomization'], r.name, r.namespace).some((o) => o !== r && isFluxKustomization(o) && get(o.body, 'spec', 'prune') !== undefined)) continue;
      report({ messageId: 'missing', data: { name: r.name }, at: { resource: r, path: ['spec'] }, severity: 'error' });
    }
  },
});
