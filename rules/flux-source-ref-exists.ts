// Enforces Kustomization spec.sourceRef, HelmRelease spec.chart.spec.sourceRef / spec.chartRef and
// HelmChart spec.sourceRef: https://fluxcd.io/flux/components/kustomize/kustomizations/#source-reference
import { defineRule } from '../src/engine/define-rule.js';
import type { FixBuilder } from '../src/fix/builder.js';
import { exportGitRepository, exportHelmRepository, exportOCIRepository } from '../src/fix/flux-export.js';
import { listingFor } from '../src/graph/listing.js';
import type { GraphQuery } from '../src/graph/query.js';
import { selfSource } from '../src/graph/self-source.js';

const PLACEHOLDER_URL = 'https://REPLACE-ME.invalid/';

/** Creates flux/sources/<name>.yaml and lists it where the repository lists its sources. */
function createSource(query: GraphQuery, file: string, text: string): (b: FixBuilder) => void {
  return (b) => {
    b.createFile(file, text);
    const listing = listingFor(query, file);
    // A kustomization may already list the file it is missing: creating the file is then enough.
    const listed = listing && query.renderer.edgesFrom(listing.kustomization.file).some((e) => e.target.type === 'path' && e.target.path === file);
    if (listing && !listed) b.insertItem({ file: listing.kustomization.file, doc: listing.kustomization.doc }, ['resources'], listing.entry);
  };
}

export default defineRule({
  id: 'flux-source-ref-exists',
  meta: {
    type: 'problem',
    description: 'Point every Flux sourceRef and chartRef at a source defined in the repository.',
    rationale:
      'A Kustomization or HelmRelease whose source does not exist never reconciles: Flux reports "source not found" and nothing is applied. ' +
      'No other offline tool catches this: flux-local treats an unknown GitRepository as the repository root. The bootstrap source ' +
      '(flux-system, written by `flux bootstrap` or created by the Flux Operator) counts as defined; sources that live elsewhere can be ' +
      'declared under `externalResources` in .omni-lint.yaml.',
    severity: 'error',
    recommended: true,
    fixable: 'move',
    hasSuggestions: true,
    defaultOptions: {},
    messages: {
      missing:
        '{{kind}} "{{name}}" references {{targetKind}} "{{target}}" in namespace "{{namespace}}", which is not defined in this repository, so Flux will never reconcile it. ' +
        'Add the source under flux/sources/ (flux create source git {{target}} --url=... --branch=... --export) or fix the reference.',
    },
  },
  check({ query, report, graph, config }) {
    const self = selfSource(graph, config.repository);
    for (const edge of query.edges('flux-source')) {
      if (edge.status !== 'missing' || edge.target.type !== 'resource' || !edge.from.resource) continue;
      const r = edge.from.resource;
      const name = edge.target.name;
      const namespace = edge.target.namespace ?? 'flux-system';
      const file = `flux/sources/${name}.yaml`;
      const kind = edge.target.kinds[0];
      // A GitRepository for this very repository is known; any other URL would be a guess.
      const fix =
        kind === 'GitRepository' && self.url && self.branch
          ? createSource(query, file, exportGitRepository(name, namespace, self.url, self.branch))
          : undefined;
      const suggest =
        kind === 'HelmRepository'
          ? createSource(query, file, exportHelmRepository(name, namespace, PLACEHOLDER_URL))
          : kind === 'OCIRepository'
            ? createSource(query, file, exportOCIRepository(name, namespace, `oci://REPLACE-ME.invalid/${name}`, 'latest'))
            : kind === 'GitRepository' && !fix
              ? createSource(query, file, exportGitRepository(name, namespace, PLACEHOLDER_URL, self.branch ?? 'main'))
              : undefined;
      report({
        ...(fix ? { fix } : {}),
        ...(suggest ? { suggest } : {}),
        messageId: 'missing',
        data: {
          kind: r.kind,
          name: r.name,
          targetKind: edge.target.kinds.join(' or '),
          target: edge.target.name,
          namespace: edge.target.namespace ?? 'flux-system',
        },
        at: { resource: r, path: edge.from.path },
      });
    }
  },
});
