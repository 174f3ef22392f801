// Argo CD runs kustomize with --load-restrictor LoadRestrictionsRootOnly unless argocd-cm sets
// kustomize.buildOptions: https://argo-cd.readthedocs.io/en/stable/user-guide/kustomize/
import { defineRule } from '../src/engine/define-rule.js';
import { isKustomizationFile } from '../src/graph/paths.js';

/** Edge kinds whose target kustomize loads as a file (a folder is a kustomization of its own, always allowed). */
const FILE_LOADS = new Set(['kustomize-resource', 'kustomize-patch', 'kustomize-generator-file', 'kustomize-helm-values', 'kustomize-replacement']);

export default defineRule({
  id: 'argo-kustomize-load-restrictor',
  meta: {
    type: 'problem',
    description: 'Keep the files a kustomization that Argo CD builds loads inside that kustomization\'s folder.',
    rationale:
      'Argo CD builds kustomizations with the LoadRestrictionsRootOnly restrictor, so a resource, patch or generator file reached with ../ ' +
      'fails its build ("file is not in or below ..."), while Flux, which builds with no restrictor, accepts it. A folder that works under ' +
      'Flux can therefore break when an Argo CD Application deploys it. Folders (../base) are separate kustomizations and are fine.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      outsideRoot:
        '{{field}} loads {{target}}, outside {{dir}}, and Argo CD Application "{{app}}" builds this kustomization with the root-only load ' +
        'restrictor, so its sync fails. Move the file into {{dir}} or make its folder a kustomization and list the folder instead; or set ' +
        'kustomize.buildOptions: --load-restrictor LoadRestrictionsNone in argocd-cm.',
    },
  },
  check({ query, report }) {
    const argoByKustomization = new Map<string, string>();
    for (const d of query.deployers()) {
      if (d.tool !== 'argo') continue;
      for (const f of d.renders.files) if (isKustomizationFile(f) && !argoByKustomization.has(f)) argoByKustomization.set(f, d.resource.name);
    }
    for (const [file, app] of argoByKustomization) {
      const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
      for (const e of query.renderer.edgesFrom(file)) {
        if (!FILE_LOADS.has(e.kind) || e.status !== 'resolved' || e.target.type !== 'path') continue;
        const target = e.target.path;
        if (query.graph.repo.dirs.has(target)) continue;
        if (dir === '' || target.startsWith(`${dir}/`)) continue;
        report({
          messageId: 'outsideRoot',
          data: { field: e.from.path.join('.').replace(/\.(\d+)/g, '[$1]'), target, dir: `${dir}/`, app },
          at: { file: e.from.file, doc: e.from.doc, path: e.from.path },
        });
      }
    }
  },
});
