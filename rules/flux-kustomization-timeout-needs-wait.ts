// Enforces Kustomization spec.timeout with spec.wait or spec.healthChecks:
// https://fluxcd.io/flux/components/kustomize/kustomizations/#health-checks
import { defineRule } from '../src/engine/define-rule.js';
import { isFluxKustomization } from '../src/graph/kinds.js';
import { arr, get } from '../src/graph/read.js';

export default defineRule({
  id: 'flux-kustomization-timeout-needs-wait',
  meta: {
    type: 'suggestion',
    description: 'Give a Flux Kustomization with a timeout something to wait for: wait: true or healthChecks.',
    rationale:
      'spec.timeout is usually set to bound how long Flux waits for the applied objects to become ready. Without spec.wait: true, ' +
      'spec.healthChecks or spec.healthCheckExprs Flux does not wait at all: the Kustomization turns Ready as soon as the apply ' +
      'succeeds, so Kustomizations that dependsOn it start before its Deployments, CRDs or webhooks are up. The timeout then only ' +
      'bounds the build and apply. Off by default, since that may be all it is meant to do (Flux\'s own example sets a timeout on ' +
      'its infra-configs Kustomization without waiting).',
    severity: 'warning',
    recommended: false,
    defaultOptions: {},
    messages: {
      noWait:
        'Kustomization "{{name}}" sets timeout: {{timeout}} but neither wait: true nor healthChecks, so Flux reports it Ready as soon as ' +
        'the apply succeeds and its dependents do not wait for its objects to be ready. Add wait: true (or healthChecks), or remove the timeout.',
    },
  },
  check({ query, report }) {
    const kustomizations = query.ofKind('Kustomization').filter(isFluxKustomization);
    for (const r of kustomizations) {
      const timeout = get(r.body, 'spec', 'timeout');
      if (timeout === undefined) continue;
      // Any document of the object (base or overlay patch) that waits counts.
      const docs = query.index.find(['Kustomization'], r.name, r.namespace).filter(isFluxKustomization);
      const waits = docs.some((d) => get(d.body, 'spec', 'wait') === true || arr(get(d.body, 'spec', 'healthChecks')).length > 0 || arr(get(d.body, 'spec', 'healthCheckExprs')).length > 0);
      if (waits || get(r.body, 'spec', 'wait') === false) continue;
      report({ messageId: 'noWait', data: { name: r.name, timeout: String(timeout) }, at: { resource: r, path: ['spec', 'timeout'] } });
    }
  },
});
