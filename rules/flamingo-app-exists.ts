// Flamingo shows Flux objects in Argo CD through Applications with FluxSubsystem=true:
// https://flux-subsystem-argo.github.io/website/ (generate-app: flux-subsystem-argo/flamingo cmd/flamingo/generate_app.go)
import { defineRule } from '../src/engine/define-rule.js';
import { exportFlamingoApp } from '../src/fix/flamingo-export.js';
import { flamingoAppFor } from '../src/graph/flamingo.js';
import { isFluxKustomization, isHelmRelease } from '../src/graph/kinds.js';
import { listingFor } from '../src/graph/listing.js';

interface Options {
  folder: string;
  exclude: string[];
}

export default defineRule({
  id: 'flamingo-app-exists',
  meta: {
    type: 'layout',
    description: 'Show every Flux Kustomization and HelmRelease in Argo CD through a Flamingo Application.',
    rationale:
      'With Flamingo, Argo CD shows what Flux reconciles only for the Flux objects that have an Application with FluxSubsystem=true. ' +
      '`flamingo generate-app` needs a live cluster; omni-lint writes the same Application offline from the files. Off by default: ' +
      'turn it on with --flamingo or in .omni-lint.yaml.',
    severity: 'warning',
    recommended: false,
    fixable: 'move',
    schema: {
      type: 'object',
      properties: {
        folder: { type: 'string', description: 'Folder the generated Applications are written to.' },
        exclude: { type: 'array', items: { type: 'string' }, description: 'Names of Flux objects that need no Application (the bootstrap Kustomization by default).' },
      },
      additionalProperties: false,
    },
    defaultOptions: { folder: 'applications', exclude: ['flux-system'] } as Options,
    messages: {
      notShown:
        '{{kind}} "{{name}}" in "{{namespace}}" has no Flamingo Application, so Argo CD does not show it. ' +
        'Add one as `flamingo generate-app {{short}}/{{name}} -n {{namespace}}` would write it, under {{folder}}/.',
    },
  },
  check({ query, report, options }) {
    const shown = new Set<string>();
    for (const e of query.edges('flamingo-workload')) for (const r of e.resources ?? []) shown.add(r.id);
    const flux = [...query.ofKind('Kustomization'), ...query.ofKind('HelmRelease')].filter((r) => isFluxKustomization(r) || isHelmRelease(r));
    for (const r of flux) {
      if (shown.has(r.id) || options.exclude.includes(r.name)) continue;
      const app = flamingoAppFor(query, r);
      const file = `${options.folder}/${r.name}.yaml`;
      report({
        messageId: 'notShown',
        data: { kind: r.kind, name: r.name, namespace: r.namespace ?? 'flux-system', short: isHelmRelease(r) ? 'hr' : 'ks', folder: options.folder },
        at: { resource: r, path: ['metadata', 'name'] },
        ...(app
          ? {
              fix: (b) => {
                b.createFile(file, exportFlamingoApp(app));
                const listing = listingFor(query, file, 'argoproj.io');
                if (listing) b.insertItem({ file: listing.kustomization.file, doc: listing.kustomization.doc }, ['resources'], listing.entry);
              },
            }
          : {}),
      });
    }
  },
});
