// Enforces the file references of a kustomization.yaml (resources, components, patches, generators,
// helmCharts, crds, ...): https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
import { defineRule } from '../src/engine/define-rule.js';
import { dirOf, folderName, joinPath, KUSTOMIZATION_NAMES } from '../src/graph/paths.js';
import type { EdgeKind, PathExpectation } from '../src/graph/types.js';
import { dotted } from '../src/schemas/problems.js';

const KINDS: readonly EdgeKind[] = [
  'kustomize-resource',
  'kustomize-base',
  'kustomize-component',
  'kustomize-patch',
  'kustomize-generator-file',
  'kustomize-helm-values',
  'kustomize-crd',
  'kustomize-replacement',
  'kustomize-plugin',
  'kustomize-config',
];
/** Entries kustomize builds as a kustomization when they name a folder. */
const BUILDS_FOLDER = new Set<EdgeKind>(['kustomize-resource', 'kustomize-base', 'kustomize-component', 'kustomize-plugin']);
const NOUN: Record<PathExpectation, string> = { file: 'file', dir: 'folder', 'file-or-dir': 'file or folder' };

export default defineRule({
  id: 'kustomize-ref-exists',
  meta: {
    type: 'problem',
    description: 'Point every file reference in a kustomization.yaml at a file or kustomization folder that exists in the repository.',
    rationale:
      'kustomize stops at the first reference it cannot load, so one stale entry under resources, components, patches, a generator, ' +
      'helmCharts or crds breaks `kustomize build` for the whole folder, and every Flux Kustomization or Argo CD Application built from it ' +
      'deploys nothing. A folder listed as a resource must itself hold a kustomization.yaml. Remote URLs are not checked offline.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      missing:
        '{{field}} names "{{raw}}", but {{path}} does not exist, so `kustomize build` of {{dir}} fails and nothing from it is deployed. ' +
        'Fix the path (it is relative to the folder of this kustomization.yaml) or add the missing {{expected}}.',
      wrongType:
        '{{field}} names "{{raw}}", which is a {{actual}} where kustomize expects a {{expected}}, so `kustomize build` of {{dir}} fails. ' +
        'Point it at a {{expected}}.',
      noKustomization:
        '{{field}} names the folder "{{raw}}", which holds no kustomization.yaml, so `kustomize build` of {{dir}} fails ' +
        '("unable to find one of \'kustomization.yaml\', \'kustomization.yml\' or \'Kustomization\'"). ' +
        'Add a kustomization.yaml to {{path}} that lists its manifests, or list the files themselves.',
      outsideRoot:
        '{{field}} names "{{raw}}", which climbs out of the repository, so Flux and Argo CD (which fetch only this repository) cannot build {{dir}}, ' +
        'and omni-lint did not read it. Move the target into the repository or reference it by a remote URL.',
    },
  },
  check({ graph, query, report }) {
    const { files, dirs } = graph.repo;
    for (const kind of KINDS) {
      for (const edge of query.edges(kind)) {
        if (edge.target.type !== 'path') continue;
        const { raw, path, expect } = edge.target;
        const at = { file: edge.from.file, doc: edge.from.doc, path: edge.from.path };
        const base = { field: dotted(edge.from.path), raw, dir: folderName(dirOf(edge.from.file)) };
        if (edge.status === 'outside-root') {
          report({ messageId: 'outsideRoot', data: base, at });
        } else if (edge.status === 'missing') {
          const actual = dirs.has(path) ? 'folder' : files.has(path) ? 'file' : undefined;
          if (actual) report({ messageId: 'wrongType', data: { ...base, actual, expected: NOUN[expect] }, at });
          else report({ messageId: 'missing', data: { ...base, path: folderName(path), expected: NOUN[expect] }, at });
        } else if (edge.status === 'resolved' && BUILDS_FOLDER.has(kind) && dirs.has(path)) {
          if (!KUSTOMIZATION_NAMES.some((n) => files.has(joinPath(path, n)))) {
            report({ messageId: 'noKustomization', data: { ...base, path: folderName(path) }, at });
          }
        }
      }
    }
  },
});

