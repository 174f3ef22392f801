// Flux-backed Applications (syncOptions FluxSubsystem=true) leave reconciliation to Flux:
// https://flux-subsystem-argo.github.io/website/ and https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
import { defineRule } from '../src/engine/define-rule.js';
import { isArgoApplication, isArgoApplicationSet } from '../src/graph/kinds.js';
import { arr, get, isObj } from '../src/graph/read.js';

export default defineRule({
  id: 'flamingo-no-argo-auto-sync',
  meta: {
    type: 'problem',
    description: 'Leave automated sync off on Flamingo Applications, whose Flux object Flux already reconciles.',
    rationale:
      'With FluxSubsystem=true, Argo CD only displays a Flux Kustomization or HelmRelease that Flux reconciles on its own interval. ' +
      'Turning on spec.syncPolicy.automated makes Argo CD sync the same object as well, so two controllers act on one thing: syncs ' +
      'race Flux reconciliations, selfHeal fights Flux\'s drift correction, and prune decisions are taken twice. Flamingo\'s own ' +
      '`generate-app` never writes automated sync; trigger reconciliation with `flux reconcile` (or a manual sync) instead.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      autoSync:
        '{{kind}} "{{name}}" is Flux-backed (FluxSubsystem=true) and has {{field}}, so Argo CD syncs on its own while Flux reconciles ' +
        'the same object: two controllers act on one thing. Remove {{field}} and let Flux reconcile it (flux reconcile, or a manual sync).',
    },
  },
  check({ graph, report }) {
    for (const r of graph.resources) {
      const spec = isArgoApplication(r) ? ['spec'] : isArgoApplicationSet(r) ? ['spec', 'template', 'spec'] : undefined;
      if (!spec) continue;
      if (!arr(get(r.body, ...spec, 'syncPolicy', 'syncOptions')).includes('FluxSubsystem=true')) continue;
      const automated = get(r.body, ...spec, 'syncPolicy', 'automated');
      // `automated: {enabled: false}` keeps the settings but turns automated sync off (Argo CD 3.x).
      if (automated === undefined || automated === null || (isObj(automated) && automated.enabled === false)) continue;
      const path = [...spec, 'syncPolicy', 'automated'];
      report({ messageId: 'autoSync', data: { kind: r.kind, name: r.name, field: path.join('.') }, at: { resource: r, path } });
    }
  },
});
