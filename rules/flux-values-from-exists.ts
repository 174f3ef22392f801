// Enforces HelmRelease spec.valuesFrom: https://fluxcd.io/flux/components/helm/helmreleases/#values-references
import { defineRule } from '../src/engine/define-rule.js';
import { configRefProblems } from '../src/graph/producers.js';

export default defineRule({
  id: 'flux-values-from-exists',
  meta: {
    type: 'problem',
    description: 'Point every HelmRelease valuesFrom at a ConfigMap or Secret that exists in its namespace.',
    rationale:
      'helm-controller reads each spec.valuesFrom ConfigMap or Secret from the HelmRelease\'s namespace before every install and ' +
      'upgrade. One that does not exist fails the release (unless the reference is optional: true), so a renamed or forgotten values object blocks every later upgrade. Objects count as defined when a manifest, a kustomize ' +
      'configMapGenerator or secretGenerator, or an operator resource (ExternalSecret target, SealedSecret, cert-manager Certificate, ' +
      '1Password, Vault, Doppler or Infisical secrets) produces them. A generator that appends a content hash makes the bare name ' +
      'wrong unless kustomize was taught the valuesFrom field with a nameReference configuration.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        'HelmRelease "{{name}}" takes values from {{kind}} "{{target}}" in namespace "{{namespace}}", which nothing in this repository ' +
        'defines or generates, so helm-controller fails every install and upgrade of the release. Add it, fix spec.valuesFrom, mark ' +
        'the reference optional: true, or list it under externalResources if a chart or operator creates it.',
      hashed:
        'HelmRelease "{{name}}" takes values from {{kind}} "{{target}}", which the {{by}} generates with a content-hash suffix, so ' +
        'the object in the cluster is "{{target}}-<hash>" and helm-controller does not find it. Set options.disableNameSuffixHash: ' +
        'true on the generator, or add a kustomize configuration with a nameReference for spec/valuesFrom/name of HelmRelease.',
    },
  },
  check({ query, report }) {
    for (const p of configRefProblems(query, 'flux-values-from')) {
      report({ messageId: p.messageId === 'hashed' ? 'hashed' : 'missing', data: { ...p.data, by: p.data.by ?? '' }, at: { resource: p.consumer, path: p.edge.from.path } });
    }
  },
});
