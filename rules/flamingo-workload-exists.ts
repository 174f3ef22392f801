// Flamingo shows the Flux object named by label flamingo/workload-name (else the Application name) in
// spec.destination.namespace: https://flux-subsystem-argo.github.io/website/ (fsa patches 02-implement-loopback, 16-override-workload-name-with)
import { defineRule } from '../src/engine/define-rule.js';
import { autoCreatesFluxObjects, fluxWorkloadsNamed, workloadNamePath } from '../src/graph/flamingo.js';

export default defineRule({
  id: 'flamingo-workload-exists',
  meta: {
    type: 'problem',
    description: 'Give every Flamingo Application (FluxSubsystem=true) a Flux Kustomization or HelmRelease defined in the repository.',
    rationale:
      'A Flamingo Application only displays a Flux object: the Kustomization (or, for a Helm source, the HelmRelease) named by its ' +
      'flamingo/workload-name label or its own name, in its destination namespace. When that object does not exist, Flamingo compares ' +
      'the app as empty instead of failing, so Argo CD shows a healthy-looking app that nothing reconciles. Applications with ' +
      'AutoCreateFluxResources=true are skipped, since Flamingo creates their Flux objects. A same-named object in another namespace ' +
      'or of the other kind is reported by flamingo-app-matches-workload instead.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        'Flamingo Application "{{app}}" shows {{kind}} "{{name}}" in "{{namespace}}" (FluxSubsystem=true), but no Flux {{kind}} of that ' +
        'name is defined in this repository, so Argo CD shows an empty app that nothing reconciles. Add the {{kind}} (flux create ' +
        '{{short}} {{name}} --export), fix {{field}}, or list {{kind}}/{{namespace}}/{{name}} under externalResources if it lives elsewhere.',
    },
  },
  check({ query, report }) {
    for (const edge of query.edges('flamingo-workload')) {
      const app = edge.from.resource;
      if (edge.status !== 'missing' || edge.target.type !== 'resource' || !app || autoCreatesFluxObjects(app)) continue;
      if (fluxWorkloadsNamed(query, edge.target.name).length > 0) continue;
      const kind = edge.target.kinds[0]!;
      const path = workloadNamePath(app);
      report({
        messageId: 'missing',
        data: {
          app: app.name,
          kind,
          name: edge.target.name,
          namespace: edge.target.namespace ?? 'flux-system',
          short: kind === 'HelmRelease' ? 'helmrelease' : 'kustomization',
          field: path.length === 2 ? 'the Application name' : 'the flamingo/workload-name label',
        },
        at: { resource: app, path },
      });
    }
  },
});
