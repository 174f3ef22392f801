// Enforces Kustomization spec.postBuild.substituteFrom: https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution
import { defineRule } from '../src/engine/define-rule.js';
import { configRefProblems } from '../src/graph/producers.js';

export default defineRule({
  id: 'flux-substitute-from-exists',
  meta: {
    type: 'problem',
    description: 'Point every Flux Kustomization postBuild.substituteFrom at a ConfigMap or Secret that exists in its namespace.',
    rationale:
      'kustomize-controller reads each spec.postBuild.substituteFrom ConfigMap or Secret from the Kustomization\'s namespace before ' +
      'substituting ${VARS}. One that does not exist fails the whole Kustomization unless the reference is optional: true, so ' +
      'nothing under its path is applied. Objects count as defined when a manifest, a ' +
      'kustomize generator or an operator resource (ExternalSecret target, SealedSecret, cert-manager Certificate, 1Password, Vault, ' +
      'Doppler or Infisical secrets) produces them. Such objects are often created by another Kustomization: order them with dependsOn.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        'Kustomization "{{name}}" substitutes variables from {{kind}} "{{target}}" in namespace "{{namespace}}", which nothing in this ' +
        'repository defines or generates, so kustomize-controller fails the Kustomization and applies nothing. Add it, fix ' +
        'spec.postBuild.substituteFrom, mark the reference optional: true, or list it under externalResources if it is created elsewhere.',
      hashed:
        'Kustomization "{{name}}" substitutes variables from {{kind}} "{{target}}", which the {{by}} generates with a content-hash ' +
        'suffix, so the object in the cluster is "{{target}}-<hash>" and kustomize-controller does not find it. Set ' +
        'options.disableNameSuffixHash: true (or generatorOptions.disableNameSuffixHash) on the generator.',
    },
  },
  check({ query, report }) {
    for (const p of configRefProblems(query, 'flux-substitute-from')) {
      report({ messageId: p.messageId === 'hashed' ? 'hashed' : 'missing', data: { ...p.data, by: p.data.by ?? '' }, at: { resource: p.consumer, path: p.edge.from.path } });
    }
  },
});
