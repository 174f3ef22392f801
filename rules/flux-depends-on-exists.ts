// Enforces Kustomization and HelmRelease spec.dependsOn: https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies
// and https://fluxcd.io/flux/components/helm/helmreleases/#dependencies
import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'flux-depends-on-exists',
  meta: {
    type: 'problem',
    description: 'Make every Flux dependsOn entry name a Kustomization or HelmRelease defined in the repository.',
    rationale:
      'A Kustomization may depend only on Kustomizations, and a HelmRelease only on HelmReleases; the namespace defaults to the ' +
      "object's own. When the named object does not exist, Flux never finds the dependency ready and never reconciles the dependent " +
      'object, and everything that depends on it in turn waits as well. flux-local only warns about this and drops the entry. Objects ' +
      'created outside the repository can be declared under `externalResources` in .omni-lint.yaml.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        '{{kind}} "{{name}}" depends on {{kind}} "{{target}}" {{where}}, which is not defined in this repository, so Flux waits for it ' +
        'forever and never reconciles "{{name}}". Fix the name or namespace of the dependsOn entry, or declare the object under ' +
        'externalResources in .omni-lint.yaml if it is created elsewhere.',
      otherNamespace:
        '{{kind}} "{{name}}" depends on {{kind}} "{{target}}" {{where}}, but that {{kind}} is defined only in namespace {{found}}, so Flux ' +
        'waits for it forever and never reconciles "{{name}}". Set namespace: {{first}} on the dependsOn entry.',
      otherKind:
        '{{kind}} "{{name}}" depends on "{{target}}", which is a {{foundKind}}, but a {{kind}} can only depend on {{kind}}s, so Flux ' +
        'waits for a {{kind}} "{{target}}" forever. Drop the entry and order them another way, for example with a dependsOn between the ' +
        'Kustomizations that apply them, or a healthChecks entry for the HelmRelease.',
    },
  },
  check({ query, report }) {
    for (const edge of query.edges('flux-depends-on')) {
      const r = edge.from.resource;
      if (edge.status !== 'missing' || edge.target.type !== 'resource' || !r) continue;
      const { name: target, namespace: ns, kinds } = edge.target;
      const data = { kind: r.kind, name: r.name, target, where: ns ? `in namespace "${ns}"` : 'in its own namespace' };
      const at = { resource: r, path: edge.from.path };
      const elsewhere = query.index.find(kinds, target, undefined);
      const otherKind = query.index.find([r.kind === 'HelmRelease' ? 'Kustomization' : 'HelmRelease'], target, ns);
      if (elsewhere.length > 0) {
        const namespaces = [...new Set(elsewhere.map((e) => e.namespace ?? ''))].sort();
        const found = namespaces.map((n) => `"${n}"`).join(', ');
        report({ messageId: 'otherNamespace', data: { ...data, found, first: namespaces[0]! }, at });
      } else if (otherKind.length > 0) {
        report({ messageId: 'otherKind', data: { ...data, foundKind: otherKind[0]!.kind }, at });
      } else {
        report({ messageId: 'missing', data, at });
      }
    }
  },
});
