// Enforces that a strategic-merge patch without target: names an object the kustomization renders:
// https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/
import { defineRule } from '../src/engine/define-rule.js';
import { isKustomizeConfig } from '../src/graph/kustomization-header.js';
import { entryFiles, patchableObjects, patchMatches, selfTargetedPatches, type PatchId } from '../src/graph/patch-targets.js';
import { baseName, folderName } from '../src/graph/paths.js';
import type { RenderedItem } from '../src/graph/types.js';
import { dotted } from '../src/schemas/problems.js';

export default defineRule({
  id: 'kustomize-patch-target-exists',
  meta: {
    type: 'problem',
    description: 'Point every strategic-merge patch without a target: selector at an object its kustomization renders.',
    rationale:
      'kustomize applies a strategic-merge patch that has no target: selector (a patchesStrategicMerge entry, or a patches entry with ' +
      'only path: or patch:) to the object with the patch\'s own apiVersion, kind, metadata.name and metadata.namespace, and stops ' +
      'with "no matches for Id ...; failed to find unique target for patch" when the folder renders no such object. The whole ' +
      '`kustomize build` of that folder fails, so every Flux Kustomization or Argo CD Application built from it deploys nothing. ' +
      'Patches with a target: selector and patchesJson6902 entries are not checked: kustomize skips them quietly when nothing matches. ' +
      'Folders whose objects cannot all be known offline (Helm charts, remote bases, generator or transformer plugins, renaming ' +
      'patches or replacements, templated names) are not checked either.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      noTarget:
        '{{field}}: {{patch}} patches {{id}}, but {{dir}} renders no such object, so `kustomize build` of {{dir}} fails ("no matches ' +
        'for Id {{kustomizeId}}; failed to find unique target for patch") and every Flux Kustomization or Argo CD Application built ' +
        'from it deploys nothing. It renders {{candidates}}: point the patch\'s apiVersion, kind, metadata.name and metadata.namespace ' +
        'at the one it is meant for (by the name its resources give it, before this kustomization\'s own namePrefix, nameSuffix and ' +
        'namespace), or remove the patch.',
      noKind:
        '{{field}}: {{patch}} patches {{id}}, but {{dir}} renders no {{kind}} at all, so `kustomize build` of {{dir}} fails ("no ' +
        'matches for Id {{kustomizeId}}; failed to find unique target for patch") and every Flux Kustomization or Argo CD Application ' +
        'built from it deploys nothing. Add the {{kind}} to its resources, point the patch at an object the folder renders, or remove the patch.',
    },
  },
  check({ graph, query, report }) {
    const memo = new Map<string, boolean>();
    for (const k of graph.kustomizeFiles) {
      // A component's patches apply to whatever the including kustomization has accumulated: they depend on the includer.
      if (k.body.patches === undefined && k.body.patchesStrategicMerge === undefined) continue;
      if (k.isComponent || query.renderer.kustomization(k.dir) !== k || !isKustomizeConfig(k.body)) continue;
      const patches = selfTargetedPatches(graph, k, entryFiles(query.renderer, k));
      if (patches.length === 0) continue;
      // Most patches match what the folder accumulates: whether its objects are all knowable is asked only when one does not.
      const accumulated = query.renderer.beforeOwnTransforms(k.dir)?.items ?? [];
      const unmatched = patches.filter((p) => !accumulated.some((it) => patchMatches(p.id, it)));
      if (unmatched.length === 0) continue;
      const objects = patchableObjects(graph, query.renderer, k.dir, memo);
      if (!objects) continue;
      for (const p of unmatched) {
        const where = p.file === undefined ? 'the inline patch' : p.docs > 1 ? baseName(p.file) : `the patch in ${baseName(p.file)}`;
        const same = objects.filter((it) => it.kind === p.id.kind);
        report({
          messageId: same.length === 0 ? 'noKind' : 'noTarget',
          data: {
            field: dotted(p.path),
            patch: p.docs > 1 ? `document ${p.doc + 1} of ${where}` : where,
            id: describe(p.id),
            dir: folderName(k.dir),
            kustomizeId: kustomizeId(p.id),
            kind: p.id.kind,
            candidates: candidates(p.id, same),
          },
          at: { file: k.file, doc: k.doc, path: p.path },
        });
      }
    }
  },
});

function describe(id: PatchId): string {
  const ns = id.namespace === undefined ? '' : ` in namespace "${id.namespace}"`;
  return `${id.kind} "${id.name}"${ns} (${id.group ? `${id.group}/` : ''}${id.version})`;
}

/** As kustomize prints a ResId: `Deployment.v1.apps/web.[noNs]`. */
function kustomizeId(id: PatchId): string {
  return `${id.kind}.${id.version}.${id.group || '[noGrp]'}/${id.name}.${id.namespace || '[noNs]'}`;
}

/** The objects of the patch's kind, those with its name first, as a patch would have to name them. */
function candidates(id: PatchId, same: readonly RenderedItem[]): string {
  // A generated ConfigMap or Secret is patched by its generator name, without the hash.
  const named = same.map((it) => ({ it, name: it.name.endsWith('-*') ? it.name.slice(0, -2) : it.name }));
  named.sort((a, b) => Number(b.name === id.name) - Number(a.name === id.name));
  const shown = named.slice(0, 3).map(({ it, name }) =>
    describe({ kind: it.kind, name, namespace: it.namespace, group: it.source?.group ?? '', version: it.source?.version ?? 'v1' }),
  );
  const more = same.length > 3 ? ` and ${same.length - 3} more` : '';
  return `${shown.join(', ')}${more}`;
}

