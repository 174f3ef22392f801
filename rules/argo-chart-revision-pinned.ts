// Enforces spec.source(s).targetRevision of Helm chart sources: https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
import { defineRule } from '../src/engine/define-rule.js';
import { argoSpecs } from '../src/graph/argo-specs.js';
import { isTemplated } from '../src/graph/paths.js';
import { getStr } from '../src/graph/read.js';
import { isExactVersion } from '../src/graph/versions.js';

export default defineRule({
  id: 'argo-chart-revision-pinned',
  meta: {
    type: 'suggestion',
    description: 'Pin the targetRevision of every Argo CD Helm chart source to one chart version.',
    rationale:
      'For a source with `chart`, targetRevision is the chart version. A range (`1.*`, `>=1.0.0`, `^2.3`), `*`, `latest`, `HEAD` or ' +
      'no targetRevision at all makes Argo CD render whatever matching chart is newest each time it refreshes, so an upstream release ' +
      'changes the cluster with no commit to review or revert, and automated sync rolls it out at once. Templated values in ' +
      'ApplicationSets are skipped.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      unpinned:
        '{{kind}} "{{name}}" installs chart "{{chart}}" with {{revision}}, which is not one version, so Argo CD picks up ' +
        'every new matching chart release without a change in Git. Set targetRevision to the exact chart version you tested.',
    },
  },
  check({ graph, report }) {
    for (const { resource: r, sources } of argoSpecs(graph.resources)) {
      for (const { source, path } of sources) {
        const chart = getStr(source, 'chart');
        if (!chart || isTemplated(chart)) continue;
        const revision = getStr(source, 'targetRevision');
        if (revision !== undefined && (isTemplated(revision) || isExactVersion(revision))) continue;
        report({
          messageId: 'unpinned',
          data: { kind: r.kind, name: r.name, chart, revision: revision === undefined ? 'no targetRevision' : `targetRevision "${revision}"` },
          at: { resource: r, path: revision === undefined ? [...path, 'chart'] : [...path, 'targetRevision'] },
        });
      }
    }
  },
});
