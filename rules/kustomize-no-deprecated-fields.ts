// Enforces kustomize's current Kustomization fields: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
// (bases, patchesStrategicMerge, patchesJson6902 and commonLabels are deprecated; `kustomize edit fix` rewrites them).
import { defineRule } from '../src/engine/define-rule.js';
import type { DocTarget, FixBuilder } from '../src/fix/builder.js';
import { arr, get, isObj, str } from '../src/graph/read.js';
import type { KustomizeFile } from '../src/graph/types.js';

type Field = 'bases' | 'patchesStrategicMerge' | 'patchesJson6902' | 'commonLabels';

/** The `patches` entries that replace a deprecated patch field, in the same order. */
function patchesFor(k: KustomizeFile, field: 'patchesStrategicMerge' | 'patchesJson6902'): unknown[] | undefined {
  const out: unknown[] = [];
  for (const entry of arr(k.body[field])) {
    if (field === 'patchesStrategicMerge') {
      const s = str(entry);
      if (s === undefined) return undefined;
      out.push(s.includes('\n') ? { patch: s } : { path: s });
    } else {
      if (!isObj(entry)) return undefined;
      const { path, patch, target } = entry;
      if (!isObj(target)) return undefined;
      out.push({ ...(path !== undefined ? { path } : {}), ...(patch !== undefined ? { patch } : {}), target });
    }
  }
  return out;
}

function migrate(k: KustomizeFile, field: Field): ((b: FixBuilder) => void) | undefined {
  const at: DocTarget = { file: k.file, doc: k.doc };
  if (field === 'bases') {
    const bases = arr(k.body.bases);
    if (bases.some((b) => typeof b !== 'string')) return undefined;
    return (b) => {
      b.deleteIn(at, ['bases']);
      for (const base of bases) b.insertItem(at, ['resources'], base);
    };
  }
  if (field === 'commonLabels') {
    const labels = k.body.commonLabels;
    if (!isObj(labels)) return undefined;
    // includeSelectors keeps commonLabels' behaviour of also changing selectors.
    return (b) => {
      b.deleteIn(at, ['commonLabels']);
      b.insertItem(at, ['labels'], { pairs: labels, includeSelectors: true });
    };
  }
  const patches = patchesFor(k, field);
  if (!patches) return undefined;
  return (b) => {
    b.deleteIn(at, [field]);
    for (const p of patches) b.insertItem(at, ['patches'], p);
  };
}

const REPLACEMENT: Record<Field, string> = {
  bases: 'resources',
  patchesStrategicMerge: 'patches',
  patchesJson6902: 'patches (with target)',
  commonLabels: 'labels with includeSelectors: true',
};

export default defineRule({
  id: 'kustomize-no-deprecated-fields',
  meta: {
    type: 'problem',
    description: 'Use resources, patches and labels instead of the deprecated bases, patchesStrategicMerge, patchesJson6902 and commonLabels.',
    rationale:
      'kustomize 5 deprecated these fields and warns on every build; a future release removes them. `kustomize edit fix` migrates them, ' +
      'and the new forms render exactly the same objects.',
    severity: 'warning',
    recommended: true,
    fixable: 'edit',
    defaultOptions: {},
    messages: {
      deprecated:
        '{{field}} is deprecated in kustomize and will be removed; every build warns about it. Use {{replacement}} instead (what `kustomize edit fix` writes).',
    },
  },
  check({ graph, report }) {
    for (const k of graph.kustomizeFiles) {
      for (const field of ['bases', 'patchesStrategicMerge', 'patchesJson6902', 'commonLabels'] as const) {
        if (get(k.body, field) === undefined) continue;
        const fix = migrate(k, field);
        report({
          messageId: 'deprecated',
          data: { field, replacement: REPLACEMENT[field] },
          at: { file: k.file, doc: k.doc, path: [field] },
          ...(fix ? { fix } : {}),
        });
      }
    }
  },
});
