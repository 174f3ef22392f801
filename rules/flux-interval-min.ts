// Enforces spec.interval of Flux objects: https://fluxcd.io/flux/components/source/gitrepositories/#interval
// (and the same field of every Flux kind; HelmRelease spec.chart.spec.interval).
import { defineRule } from '../src/engine/define-rule.js';
import { isTemplated } from '../src/graph/paths.js';
import { getStr } from '../src/graph/read.js';
import { parseDuration } from '../src/graph/versions.js';

interface Options {
  minimum: string;
}

export default defineRule({
  id: 'flux-interval-min',
  meta: {
    type: 'suggestion',
    description: 'Reconcile Flux objects no more often than once a minute.',
    rationale:
      'spec.interval is how often Flux fetches a source or re-applies a Kustomization or HelmRelease. Below a minute, every object ' +
      'adds a clone, registry pull or Helm render per interval: Git hosts and registries rate-limit the cluster (GitHub, Docker Hub), ' +
      'the controllers\' queues fill up, and CPU goes to reconciling nothing new. For fast delivery, keep the interval and let a Flux ' +
      'Receiver (webhook) trigger reconciliation on push.',
    severity: 'warning',
    recommended: true,
    schema: {
      type: 'object',
      properties: {
        minimum: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$', description: 'The shortest interval allowed, as a Go duration (default `1m`).' },
      },
      additionalProperties: false,
    },
    defaultOptions: { minimum: '1m' } as Options,
    messages: {
      tooShort:
        '{{kind}} "{{name}}" has {{field}}: {{interval}}, shorter than {{minimum}}, so Flux {{verb}} that often: rate limits from the Git ' +
        'host or registry and busy controllers follow. Set {{field}} to {{minimum}} or more, and use a Receiver webhook for fast updates.',
    },
  },
  check({ graph, report, options }) {
    const minimum = parseDuration(options.minimum) ?? 60_000;
    for (const r of graph.resources) {
      if (!/\.fluxcd\.io$/.test(r.group)) continue;
      const fields: string[][] = [['spec', 'interval']];
      if (r.kind === 'HelmRelease') fields.push(['spec', 'chart', 'spec', 'interval']);
      for (const path of fields) {
        const interval = getStr(r.body, ...path);
        if (interval === undefined || isTemplated(interval)) continue;
        const ms = parseDuration(interval);
        if (ms === undefined || ms >= minimum) continue;
        const verb = /Repository|Bucket|HelmChart/.test(r.kind) || path.length > 2 ? 'fetches the source' : 'reconciles it';
        report({ messageId: 'tooShort', data: { kind: r.kind, name: r.name, field: path.join('.'), interval, minimum: options.minimum, verb }, at: { resource: r, path } });
      }
    }
  },
});
