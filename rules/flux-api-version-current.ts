// Enforces served apiVersions: Flux CRD versions per release (https://fluxcd.io/flux/migration/api-upgrade/ and
// https://fluxcd.io/flux/cmd/flux_migrate/), https://kubernetes.io/docs/reference/using-api/deprecation-guide/ and Gateway API's v1 kinds.
import { defineRule } from '../src/engine/define-rule.js';
import type { FixFunction } from '../src/engine/types.js';
import { fluxMigration } from '../src/fix/flux-migrate.js';
import { apiVersionVerdict, FLUX_RELEASES } from '../src/graph/api-versions.js';

interface Options {
  fluxVersion: string;
}

export default defineRule({
  id: 'flux-api-version-current',
  meta: {
    type: 'problem',
    description: 'Use the API versions that the targeted Flux release and current Kubernetes and Gateway API releases serve.',
    rationale:
      'Flux 2.7 stopped serving the v1beta1 APIs and HelmRelease v2beta1, Flux 2.8 the remaining v1beta2 source, kustomize and helm ' +
      'APIs, and Flux 2.9 the notification and image ones: an object still written with them fails to apply ("no matches for kind"), ' +
      'and whatever depended on it stops reconciling. Deprecated versions still work but warn on every apply. The same holds for ' +
      'Kubernetes APIs removed since 1.16 (extensions/v1beta1 Ingress, policy/v1beta1, batch/v1beta1 CronJob, autoscaling/v2beta2 ' +
      'and more) and for Gateway API kinds that reached v1. `flux migrate -f` rewrites only the apiVersion line; the fields the new ' +
      'version dropped must move too.',
    severity: 'error',
    recommended: true,
    fixable: 'edit',
    schema: {
      type: 'object',
      properties: {
        fluxVersion: { type: 'string', enum: [...FLUX_RELEASES], description: 'The Flux release the cluster runs (or is about to run), e.g. `2.7`.' },
      },
      additionalProperties: false,
    },
    defaultOptions: { fluxVersion: '2.7' } as Options,
    messages: {
      fluxRemoved:
        '{{kind}} "{{name}}" uses {{apiVersion}}, which Flux {{removedIn}} no longer serves (this repository targets Flux {{target}}), so ' +
        'applying it fails with "no matches for kind". Change it to {{replacement}}{{migration}}.',
      fluxDeprecated:
        '{{kind}} "{{name}}" uses {{apiVersion}}, which is deprecated: the API server warns on every apply and Flux {{removedIn}} stops ' +
        'serving it. Change it to {{replacement}}{{migration}}.',
      kubeRemoved:
        '{{kind}} "{{name}}" uses {{apiVersion}}, which Kubernetes {{removedIn}} removed, so current clusters reject it. Change it to {{replacement}}{{advice}}.',
      kubeGone:
        '{{kind}} "{{name}}" uses {{apiVersion}}, which Kubernetes {{removedIn}} removed, so current clusters reject it; {{advice}}.',
      gatewayRemoved:
        '{{kind}} "{{name}}" uses {{apiVersion}}, which Gateway API v{{removedIn}} no longer serves, so clusters with current Gateway API CRDs reject it. Change it to {{replacement}}.',
      gatewayBeta:
        '{{kind}} "{{name}}" uses {{apiVersion}}; Gateway API v1.0 made {{replacement}} the standard version and serves v1beta1 only for ' +
        'older clients. Change it to {{replacement}} (same fields).',
    },
  },
  check({ graph, report, options }) {
    for (const r of graph.resources) {
      const v = apiVersionVerdict(r.group, r.version, r.kind, r.body, options.fluxVersion);
      if (!v) continue;
      const base = { kind: r.kind, name: r.name, apiVersion: r.apiVersion };
      const at = { resource: r, path: ['apiVersion'] };
      const setVersion = (to: string): FixFunction => (b) => void b.setIn({ file: r.file, doc: r.doc }, ['apiVersion'], to);
      if (v.ecosystem === 'flux') {
        const m = fluxMigration(r, graph.repo.yaml.get(r.file)?.text);
        const migration = m.notes.length > 0 ? ` (${m.notes.join('; ')})` : '';
        report({
          messageId: v.state === 'removed' ? 'fluxRemoved' : 'fluxDeprecated',
          data: { ...base, removedIn: v.removedIn, target: options.fluxVersion, replacement: v.replacement, migration },
          at,
          ...(v.state === 'deprecated' ? { severity: 'warning' as const } : {}),
          ...(m.fixable
            ? {
                fix: (b) => {
                  setVersion(v.replacement)(b);
                  m.apply(b);
                },
              }
            : {}),
        });
      } else if (v.ecosystem === 'kubernetes') {
        report({
          messageId: v.replacement ? 'kubeRemoved' : 'kubeGone',
          data: { ...base, removedIn: v.removedIn, replacement: v.replacement ?? '', advice: v.replacement ? (v.advice && !v.sameSchema ? ` (${v.advice})` : '') : (v.advice ?? '') },
          at,
          ...(v.replacement && v.sameSchema ? { fix: setVersion(v.replacement) } : {}),
        });
      } else {
        report({
          messageId: v.state === 'removed' ? 'gatewayRemoved' : 'gatewayBeta',
          data: { ...base, removedIn: v.removedIn ?? '', replacement: v.replacement },
          at,
          ...(v.state === 'beta' ? { severity: 'warning' as const } : {}),
          ...(v.sameSchema ? { fix: setVersion(v.replacement) } : {}),
        });
      }
    }
  },
});
