// Enforces Kustomization spec.sourceRef, HelmRelease spec.chart.spec.sourceRef / spec.chartRef and
// HelmChart spec.sourceRef: https://fluxcd.io/flux/components/kustomize/kustomizations/#source-reference
import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'flux-source-ref-exists',
  meta: {
    type: 'problem',
    description: 'Point every Flux sourceRef and chartRef at a source defined in the repository.',
    rationale:
      'A Kustomization or HelmRelease whose source does not exist never reconciles: Flux reports "source not found" and nothing is applied. ' +
      'No other offline tool catches this: flux-local treats an unknown GitRepository as the repository root. The bootstrap source ' +
      '(flux-system, written by `flux bootstrap` or created by the Flux Operator) counts as defined; sources that live elsewhere can be ' +
      'declared under `externalResources` in .omni-lint.yaml.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        '{{kind}} "{{name}}" references {{targetKind}} "{{target}}" in namespace "{{namespace}}", which is not defined in this repository, so Flux will never reconcile it. ' +
        'Add the source under flux/sources/ (flux create source git {{target}} --url=... --branch=... --export) or fix the reference.',
    },
  },
  check({ query, report }) {
    for (const edge of query.edges('flux-source')) {
      if (edge.status !== 'missing' || edge.target.type !== 'resource' || !edge.from.resource) continue;
      const r = edge.from.resource;
      report({
        messageId: 'missing',
        data: {
          kind: r.kind,
          name: r.name,
          targetKind: edge.target.kinds.join(' or '),
          target: edge.target.name,
          namespace: edge.target.namespace ?? 'flux-system',
        },
        at: { resource: r, path: edge.from.path },
      });
    }
  },
});
