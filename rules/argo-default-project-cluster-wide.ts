// Enforces spec.project and spec.destination.namespace: https://argo-cd.readthedocs.io/en/stable/user-guide/projects/#the-default-project
import { defineRule } from '../src/engine/define-rule.js';
import { isFlamingoApp } from '../src/graph/edges/argo.js';
import { argoSpecs } from '../src/graph/argo-specs.js';
import { isAppProject } from '../src/graph/kinds.js';
import { arr, get, getStr } from '../src/graph/read.js';
import type { Resource } from '../src/graph/types.js';

/** A `default` AppProject written in this repository that allows no cluster-scoped kinds and no wildcard namespace. */
function restrictedDefault(resources: readonly Resource[]): boolean {
  const project = resources.find((r) => isAppProject(r) && r.name === 'default');
  if (!project) return false;
  const wildcard = arr(get(project.body, 'spec', 'destinations')).some((d) => getStr(d, 'namespace') === '*');
  return !wildcard && arr(get(project.body, 'spec', 'clusterResourceWhitelist')).length === 0;
}

export default defineRule({
  id: 'argo-default-project-cluster-wide',
  meta: {
    type: 'suggestion',
    description: 'Give Argo CD Applications in the default project a destination namespace.',
    rationale:
      'The default AppProject allows every source repository, every destination and every cluster-scoped kind. An Application in it ' +
      'without spec.destination.namespace (or with `*`) writes wherever its manifests say: any namespace, ClusterRoles, CRDs, ' +
      'webhooks. Nothing bounds what a change to its source can do to the cluster. Give it a namespace, or move it to an AppProject ' +
      'that lists its destinations and the cluster-scoped kinds it needs. Flamingo Applications (which only display Flux objects) are ' +
      'skipped, and so is everything when this repository defines a default AppProject that allows no cluster-scoped kinds and no ' +
      'wildcard namespace.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      clusterWide:
        '{{kind}} "{{name}}" is in the default project and has {{destination}}, so it may create objects in any namespace and ' +
        'cluster-scoped ones, and the default project allows all of it. Set spec.destination.namespace, or use an AppProject that ' +
        'limits destinations and clusterResourceWhitelist.',
    },
  },
  check({ graph, report }) {
    if (restrictedDefault(graph.resources)) return;
    for (const { resource: r, spec, path } of argoSpecs(graph.resources)) {
      const project = getStr(spec, 'project') ?? '';
      if ((project !== 'default' && project !== '') || isFlamingoApp(r)) continue;
      const namespace = getStr(spec, 'destination', 'namespace');
      if (namespace !== undefined && namespace !== '' && namespace !== '*') continue;
      report({
        messageId: 'clusterWide',
        data: { kind: r.kind, name: r.name, destination: namespace === '*' ? 'destination namespace "*"' : 'no destination namespace' },
        at: { resource: r, path: namespace === undefined ? [...path, 'destination'] : [...path, 'destination', 'namespace'] },
      });
    }
  },
});
