// Enforces one definition and one owner per object (group, kind, namespace, name): kustomize's resource ids
// (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/resource/) across Flux Kustomizations
// (https://fluxcd.io/flux/components/kustomize/kustomizations/) and Argo CD Applications.
import { defineRule } from '../src/engine/define-rule.js';
import { buildDeployTree, sameTarget, type DeployUnit } from '../src/graph/deploy-tree.js';
import { CLUSTER_SCOPED } from '../src/graph/kinds.js';
import { isTemplated } from '../src/graph/paths.js';
import type { GraphQuery } from '../src/graph/query.js';
import type { Deployer, RenderedItem } from '../src/graph/types.js';

interface Occurrence {
  unit: DeployUnit;
  part: Deployer;
  item: RenderedItem;
}

export default defineRule({
  id: 'no-duplicate-resource',
  meta: {
    type: 'problem',
    description: 'Define each object once in what an entry point deploys, and let one Flux Kustomization or Argo CD Application own it.',
    rationale:
      'Two definitions of one object (same group, kind, namespace and name) in one kustomize build make the build fail with "may not add ' +
      'resource with an already registered id", so the Flux Kustomization or Argo CD Application applies nothing. Two owners of one ' +
      'object on one cluster (a Flux Kustomization and an Argo CD Application, or two of either reached from the same entry point, ' +
      'such as a parent Kustomization whose folder also holds a child\'s manifests) revert each other, and pruning by one deletes what ' +
      'the other still wants. Only what omni-lint can render offline is compared: Helm charts and remote bases are not.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      inOneBuild:
        '{{what}} is defined {{count}} times in what {{owner}} applies ({{places}}). That is one kustomize build, so it fails with ' +
        '"may not add resource with an already registered id" and nothing is applied.{{also}} Keep one definition.',
      inOneApp:
        '{{what}} is defined {{count}} times in what {{owner}} applies ({{places}}). Argo CD applies only one of them and marks the ' +
        'Application with RepeatedResourceWarning.{{also}} Keep one definition.',
      twoOwners: '{{what}} is applied by {{owners}}. {{consequence}}{{hint}} Keep it in one place and remove it from the others.',
    },
  },
  check({ query, report }) {
    const tree = buildDeployTree(query.deployers());
    const byKey = new Map<string, Occurrence[]>();
    for (const unit of tree.units) {
      for (const part of unit.parts) {
        for (const item of part.renders.items) {
          // Hashed generator names (`name-*`) and unsubstituted variables are not known offline.
          if (!item.name || item.name.endsWith('-*') || isTemplated(item.name) || isTemplated(item.namespace ?? '')) continue;
          // kustomize's resource ids, like kubectl, read no namespace as "default".
          const namespace = CLUSTER_SCOPED.has(item.kind) || item.namespace === 'default' ? '' : item.namespace ?? '';
          const key = `${item.source?.group ?? ''}\u0000${item.kind}\u0000${namespace}\u0000${item.name}`;
          const list = byKey.get(key);
          if (list) list.push({ unit, part, item });
          else byKey.set(key, [{ unit, part, item }]);
        }
      }
    }
    for (const occurrences of byKey.values()) {
      if (occurrences.length < 2) continue;
      const units = [...new Set(occurrences.map((o) => o.unit))];
      const crowdedUnits = units.filter((u) => occurrences.filter((o) => o.unit === u).length > 1);
      const crowded = crowdedUnits[0];
      const owners = new Set<DeployUnit>();
      for (let i = 0; i < units.length; i++) {
        for (let j = i + 1; j < units.length; j++) {
          const [a, b] = [units[i]!, units[j]!];
          if (sameTarget(tree, a, b)) owners.add(a).add(b);
        }
      }
      if (!crowded && owners.size === 0) continue;
      const sorted = [...occurrences].sort(byFileOrder).filter((o) => crowdedUnits.includes(o.unit) || owners.has(o.unit));
      const first = sorted[0]!;
      const it = first.item;
      const what = `${it.kind} "${it.namespace && !CLUSTER_SCOPED.has(it.kind) ? `${it.namespace}/` : ''}${it.name}"`;
      const at = it.source ? { resource: it.source, path: ['metadata', 'name'] } : { resource: first.unit.resource };
      if (crowded) {
        const mine = sorted.filter((o) => o.unit === crowded);
        const others = [...owners].filter((u) => !crowdedUnits.includes(u));
        const sameIn = crowdedUnits.slice(1);
        const oneBuild = crowded.tool === 'flux' || (new Set(mine.map((o) => o.part)).size === 1 && query.renderer.kustomization(mine[0]!.part.dir) !== undefined);
        report({
          messageId: oneBuild ? 'inOneBuild' : 'inOneApp',
          data: {
            what,
            count: mine.length,
            owner: ownerName(crowded),
            places: mine.map(place).join(', '),
            also:
              (sameIn.length > 0 ? ` The same happens in ${sameIn.map(ownerName).join(' and ')}.` : '') +
              (others.length > 0 ? ` It is also applied by ${others.map(ownerName).join(' and ')}.` : ''),
          },
          at,
        });
        continue;
      }
      const tools = new Set([...owners].map((u) => u.tool));
      report({
        messageId: 'twoOwners',
        data: {
          what,
          owners: sorted.map((o) => `${ownerName(o.unit)} via ${place(o)}`).join(' and '),
          consequence: consequence(tools),
          hint: recursionHint(query, sorted),
        },
        at,
      });
    }
  },
});

function consequence(tools: Set<string>): string {
  if (tools.size > 1) return 'Flux and Argo CD both apply it: each reverts the other\'s changes, and pruning by either deletes it from under the other.';
  if (tools.has('flux')) {
    return 'Both Kustomizations apply it: its kustomize.toolkit.fluxcd.io/name label flips between them, and when one stops listing it, that one\'s prune deletes it.';
  }
  return 'Both Applications track it: Argo CD reports SharedResourceWarning, they keep re-syncing it, and pruning by either deletes it.';
}

/** A Flux path without kustomization.yaml applies every manifest below it, a child Kustomization's folder included. */
function recursionHint(query: GraphQuery, occurrences: Occurrence[]): string {
  for (const o of occurrences) {
    const dir = o.part.dir;
    if (o.unit.tool !== 'flux' || query.renderer.kustomization(dir) !== undefined) continue;
    const nested = occurrences.some((p) => p.unit !== o.unit && (dir === '' || p.part.dir.startsWith(`${dir}/`)));
    if (nested) {
      return ` The folder ${dir ? `${dir}/` : 'at the repository root'} has no kustomization.yaml, so Flux applies every manifest below it, the other ` +
        'Kustomization\'s folder included: add a kustomization.yaml there that lists only what it should apply.';
    }
  }
  return '';
}

function ownerName(u: DeployUnit): string {
  const r = u.resource;
  const kind = u.tool === 'flux' ? 'Flux Kustomization' : 'Argo CD Application';
  return `${kind} "${r.namespace ? `${r.namespace}/` : ''}${r.name}" (${r.file})`;
}

function place(o: Occurrence): string {
  return o.item.source ? o.item.source.file : `a generator under ${o.part.dir || '.'}`;
}

function byFileOrder(a: Occurrence, b: Occurrence): number {
  const fa = a.item.source?.file ?? '\uffff';
  const fb = b.item.source?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.item.source?.doc ?? 0) - (b.item.source?.doc ?? 0);
}
