// Enforces an acyclic Kustomization / HelmRelease spec.dependsOn graph:
// https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies
import { defineRule } from '../src/engine/define-rule.js';
import { cyclicComponents, shortestCycle } from '../src/graph/cycles.js';
import type { Edge, Resource } from '../src/graph/types.js';

interface Step {
  edge: Edge;
  from: Resource;
  to: string;
}

export default defineRule({
  id: 'flux-depends-on-acyclic',
  meta: {
    type: 'problem',
    description: 'Keep Flux dependsOn chains free of cycles.',
    rationale:
      'Flux reconciles an object only once everything it depends on is ready. When Kustomizations or HelmReleases depend on each other ' +
      'in a circle, each waits for the next and none of them is ever applied; Flux reports only "dependency not ready" on each. ' +
      'Each cycle is reported once, at the dependsOn entry of its alphabetically first member.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      cycle:
        '{{kind}} "{{name}}" is part of a dependsOn cycle: {{cycle}}. Each waits for the next to be ready, so Flux never reconciles ' +
        'any of them. Remove the dependsOn entry that goes against the intended order.',
    },
  },
  check({ query, report }) {
    // Nodes are object identities, so a kustomize patch of an object joins the object it patches.
    const steps = new Map<string, Step[]>();
    const labels = new Map<string, Resource>();
    for (const edge of query.edges('flux-depends-on')) {
      const from = edge.from.resource;
      if (edge.status !== 'resolved' || !from) continue;
      const fromKey = keyOf(from);
      labels.set(fromKey, labels.get(fromKey) ?? from);
      for (const target of edge.resources ?? []) {
        const to = keyOf(target);
        labels.set(to, labels.get(to) ?? target);
        const list = steps.get(fromKey) ?? [];
        if (!list.some((s) => s.to === to)) list.push({ edge, from, to });
        steps.set(fromKey, list);
      }
    }
    const successors = (n: string): string[] => (steps.get(n) ?? []).map((s) => s.to);
    const nodes = [...labels.keys()].sort();
    for (const component of cyclicComponents(nodes, successors)) {
      const first = [...component].sort()[0]!;
      const cycle = shortestCycle(first, component, successors);
      const next = cycle[1] ?? first;
      const step = steps.get(first)!.find((s) => s.to === next)!;
      const members = [...cycle, first].map((k) => labels.get(k)!);
      const sameNamespace = members.every((m) => m.namespace === members[0]!.namespace);
      report({
        messageId: 'cycle',
        data: {
          kind: step.from.kind,
          name: step.from.name,
          cycle: members.map((m) => (sameNamespace || !m.namespace ? m.name : `${m.namespace}/${m.name}`)).join(' → '),
        },
        at: { resource: step.from, path: step.edge.from.path },
      });
    }
  },
});

function keyOf(r: Resource): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
}
