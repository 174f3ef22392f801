// Enforces one owner per Helm release: Flux HelmRelease spec.chart / spec.chartRef / spec.releaseName
// (https://fluxcd.io/flux/components/helm/helmreleases/#release-name) against Argo CD Application
// spec.source.chart and helm.releaseName (https://argo-cd.readthedocs.io/en/stable/user-guide/helm/).
import { defineRule } from '../src/engine/define-rule.js';
import type { FixBuilder } from '../src/fix/builder.js';
import { exportFlamingoApp } from '../src/fix/flamingo-export.js';
import { removeResource, usedOnlyBy } from '../src/fix/remove.js';
import { argoHelmReleases, fluxHelmReleases, type HelmReleaseIdentity as Release } from '../src/graph/helm-releases.js';
import type { GraphQuery } from '../src/graph/query.js';
import { flamingoAppFor } from '../src/graph/flamingo.js';

export default defineRule({
  id: 'no-duplicate-helm-release',
  meta: {
    type: 'problem',
    description: 'Install each Helm chart in a namespace with either a Flux HelmRelease or an Argo CD Application, never both.',
    rationale:
      'When an Argo CD Application renders chart X into namespace N and a Flux HelmRelease installs chart X into N too (or the same ' +
      'release name), both controllers apply the same Deployments, Services and CRDs. Each reverts the other\'s changes, pruning by ' +
      'one deletes what the other still wants, and upgrades race. This is the state halfway through a migration between the two ' +
      'tools. Flamingo Applications (syncOptions FluxSubsystem=true) only display the Flux object and are not duplicates.',
    severity: 'error',
    recommended: true,
    hasSuggestions: true,
    defaultOptions: {},
    messages: {
      argoSide:
        'Application "{{app}}" installs chart "{{chart}}" as release "{{release}}" into namespace "{{namespace}}", and Flux HelmRelease ' +
        '"{{hrNamespace}}/{{hr}}" ({{hrFile}}) installs {{same}} there too, so Argo CD and Flux fight over the same objects. Keep one ' +
        'owner: keep Flux and delete this Application (a Flamingo Application with FluxSubsystem=true can still show it in Argo CD), ' +
        'or keep Argo CD and delete the HelmRelease. This repository prefers {{preferred}} (ownership.prefer).',
      fluxSide:
        'HelmRelease "{{hrNamespace}}/{{hr}}" installs chart "{{chart}}" as release "{{release}}" into namespace "{{namespace}}", and ' +
        'Argo CD Application "{{app}}" ({{appFile}}) installs {{same}} there too, so Flux and Argo CD fight over the same objects. Keep ' +
        'one owner: keep Flux and delete the Application, or keep Argo CD and delete this HelmRelease. This repository prefers {{preferred}} (ownership.prefer).',
    },
  },
  check({ graph, query, config, report }) {
    const byChart = new Map<string, Release[]>();
    const byRelease = new Map<string, Release[]>();
    for (const hr of fluxHelmReleases(query)) {
      if (hr.chart) push(byChart, `${hr.namespace}\u0000${hr.chart}`, hr);
      push(byRelease, `${hr.namespace}\u0000${hr.release}`, hr);
    }
    const preferred = config.ownership.prefer === 'argo' ? 'Argo CD' : 'Flux';
    for (const app of argoHelmReleases(graph, query)) {
      const byChartHits = app.chart ? byChart.get(`${app.namespace}\u0000${app.chart}`) ?? [] : [];
      const hits = new Set([...byChartHits, ...(byRelease.get(`${app.namespace}\u0000${app.release}`) ?? [])]);
      for (const hr of hits) {
        const sameChart = app.chart !== undefined && app.chart === hr.chart;
        const sameRelease = app.release === hr.release;
        const same = (other: Release): string =>
          sameChart && sameRelease ? 'the same chart and release name' : sameChart ? 'the same chart' : `a release of the same name (chart "${other.chart ?? 'unknown'}")`;
        const common = { namespace: app.namespace, hr: hr.resource.name, hrNamespace: hr.resource.namespace ?? hr.namespace, app: app.resource.name, preferred };
        // The suggestion sits on the owner that goes: it changes what is deployed, so it is never a plain --fix.
        const keepFlux = config.ownership.prefer !== 'argo';
        report({
          messageId: 'argoSide',
          data: { ...common, chart: app.chart ?? 'unknown', release: app.release, same: same(hr), hrFile: hr.resource.file },
          at: { resource: app.resource, path: app.path },
          ...(keepFlux ? { suggest: dropArgo(query, app, hr, config.ownership.flamingo) } : {}),
        });
        report({
          messageId: 'fluxSide',
          data: { ...common, chart: hr.chart ?? 'unknown', release: hr.release, same: same(app), appFile: app.resource.file },
          at: { resource: hr.resource, path: hr.path },
          ...(keepFlux ? {} : { suggest: dropFlux(query, hr) }),
        });
      }
    }
  },
});

/** Option A of the Flamingo guide: keep the HelmRelease; delete the Application, or turn it into a Flamingo one. */
function dropArgo(query: GraphQuery, app: Release, hr: Release, flamingo: boolean): (b: FixBuilder) => void {
  return (b) => {
    const shown = flamingo ? flamingoAppFor(query, hr.resource) : undefined;
    const docs = query.graph.repo.yaml.get(app.resource.file)?.docs.length ?? 0;
    if (shown && docs === 1) b.replaceFile(app.resource.file, exportFlamingoApp({ ...shown, appName: app.resource.name, appNamespace: app.resource.namespace ?? 'argocd' }));
    else removeResource(query, b, app.resource);
  };
}

/** Option B: keep the Application; delete the HelmRelease and the sources and values that only it used. */
function dropFlux(query: GraphQuery, hr: Release): (b: FixBuilder) => void {
  return (b) => {
    const gone = [hr.resource, ...usedOnlyBy(query, hr.resource, ['flux-source', 'flux-values-from'])];
    // Documents of one file are removed last-first so earlier indexes stay valid.
    for (const r of gone.sort((x, y) => (x.file === y.file ? y.doc - x.doc : 0))) removeResource(query, b, r);
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
