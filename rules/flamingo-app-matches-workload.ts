// A Flamingo Application describes its Flux object the way `flamingo generate-app` writes it
// (flux-subsystem-argo/flamingo cmd/flamingo/generate_app_ks.go, generate_app_hr.go): destination.namespace, source.path or source.chart.
import { defineRule } from '../src/engine/define-rule.js';
import { autoCreatesFluxObjects, fluxWorkloadsNamed, workloadNamePath } from '../src/graph/flamingo.js';
import { isFluxKustomization, isHelmRelease } from '../src/graph/kinds.js';
import { isTemplated, resolveInRepo } from '../src/graph/paths.js';
import { getStr } from '../src/graph/read.js';

/** `./apps/x/`, `apps/x` and `/apps/x` name the same folder; `.` and `` the root. */
const normalise = (p: string): string | undefined => (isTemplated(p) ? undefined : resolveInRepo('', p));

/** A chart from a Git source is a folder: `./charts/podinfo` and `podinfo` name the same chart. */
function sameChart(flux: string, app: string): boolean {
  return isTemplated(flux) || flux === app || flux.replace(/\/+$/, '').split('/').pop() === app;
}

export default defineRule({
  id: 'flamingo-app-matches-workload',
  meta: {
    type: 'problem',
    description: 'Keep a Flamingo Application\'s destination namespace, path and chart equal to those of the Flux object it shows.',
    rationale:
      'Flamingo finds the Flux object of an Application with FluxSubsystem=true by name in spec.destination.namespace, and decides ' +
      'between a Kustomization and a HelmRelease by whether spec.source.chart is set. An Application whose namespace or source kind ' +
      'does not match shows an empty app, and one whose path or chart differs from the Kustomization\'s spec.path or the ' +
      'HelmRelease\'s chart misleads whoever reads it in Argo CD (and, with AutoCreateFluxResources=true, creates a different object). ' +
      'This is the state an Application is left in after the Flux object was moved or renamed, or when it was written by hand.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      namespace:
        'Flamingo Application "{{app}}" looks for {{kind}} "{{name}}" in its destination namespace "{{namespace}}", but it is defined in ' +
        '"{{actual}}" ({{file}}), so Argo CD shows an empty app. Set spec.destination.namespace to "{{actual}}".',
      kind:
        'Flamingo Application "{{app}}" {{why}}, so Flamingo looks for a {{kind}} "{{name}}", but only {{actualKind}} "{{name}}" is defined ' +
        '({{file}}), so Argo CD shows an empty app. {{advice}}.',
      path:
        'Flamingo Application "{{app}}" has spec.source.path "{{appPath}}", but Kustomization "{{name}}" reconciles spec.path "{{fluxPath}}" ' +
        '({{file}}), so Argo CD describes something else than what Flux applies. Set spec.source.path to "{{fluxPath}}".',
      chart:
        'Flamingo Application "{{app}}" has spec.source.chart "{{appChart}}", but HelmRelease "{{name}}" installs chart "{{fluxChart}}" ' +
        '({{file}}), so Argo CD describes something else than what Flux installs. Set spec.source.chart to "{{fluxChart}}".',
    },
  },
  check({ query, report }) {
    for (const edge of query.edges('flamingo-workload')) {
      const app = edge.from.resource;
      if (!app || edge.target.type !== 'resource') continue;
      const kind = edge.target.kinds[0]!;
      const name = edge.target.name;
      const base = { app: app.name, kind, name };
      if (edge.status === 'missing') {
        if (autoCreatesFluxObjects(app)) continue;
        const others = fluxWorkloadsNamed(query, name);
        const sameKind = others.find((r) => r.kind === kind && r.namespace !== undefined);
        const otherKind = others.find((r) => r.kind !== kind);
        if (sameKind) {
          report({
            messageId: 'namespace',
            data: { ...base, namespace: edge.target.namespace ?? '', actual: sameKind.namespace!, file: sameKind.file },
            at: { resource: app, path: ['spec', 'destination', 'namespace'] },
          });
        } else if (otherKind) {
          const helm = kind === 'HelmRelease';
          report({
            messageId: 'kind',
            data: {
              ...base,
              actualKind: otherKind.kind,
              file: otherKind.file,
              why: helm ? 'has spec.source.chart' : 'has no spec.source.chart',
              advice: helm ? 'Remove spec.source.chart and set spec.source.path to the Kustomization\'s spec.path' : 'Set spec.source.chart to the HelmRelease\'s chart',
            },
            at: { resource: app, path: helm ? ['spec', 'source', 'chart'] : workloadNamePath(app) },
          });
        }
        continue;
      }
      if (edge.status !== 'resolved') continue;
      // Overlays patch the object: the app matches when any document of it agrees.
      const docs = edge.resources ?? [];
      const ks = docs.filter(isFluxKustomization);
      const appPath = getStr(app.body, 'spec', 'source', 'path');
      const main = ks.find((r) => getStr(r.body, 'spec', 'sourceRef', 'name') !== undefined);
      if (main && appPath !== undefined && normalise(appPath) !== undefined) {
        const paths = ks.map((r) => getStr(r.body, 'spec', 'path') ?? (r === main ? './' : undefined)).filter((p): p is string => p !== undefined);
        if (!paths.some((p) => normalise(p) === undefined || normalise(p) === normalise(appPath))) {
          const fluxPath = getStr(main.body, 'spec', 'path') ?? './';
          report({ messageId: 'path', data: { ...base, appPath, fluxPath, file: main.file }, at: { resource: app, path: ['spec', 'source', 'path'] } });
        }
      }
      const hrs = docs.filter(isHelmRelease);
      const appChart = getStr(app.body, 'spec', 'source', 'chart');
      const charts = hrs.map((r) => getStr(r.body, 'spec', 'chart', 'spec', 'chart')).filter((c): c is string => c !== undefined);
      if (appChart && !isTemplated(appChart) && charts.length > 0 && !charts.some((c) => sameChart(c, appChart))) {
        const hr = hrs.find((r) => getStr(r.body, 'spec', 'chart', 'spec', 'chart') === charts[0])!;
        report({ messageId: 'chart', data: { ...base, appChart, fluxChart: charts[0]!, file: hr.file }, at: { resource: app, path: ['spec', 'source', 'chart'] } });
      }
    }
  },
});
