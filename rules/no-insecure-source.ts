// Enforces TLS for Flux sources (spec.url, spec.insecure: https://fluxcd.io/flux/components/source/ocirepositories/#insecure),
// Argo CD repoURLs and repository Secrets, and kustomize remote resources.
import { defineRule } from '../src/engine/define-rule.js';
import type { YamlPath } from '../src/load/types.js';
import { argoSpecs } from '../src/graph/argo-specs.js';
import { isFluxSource } from '../src/graph/kinds.js';
import { arr, get, getStr } from '../src/graph/read.js';
import type { Resource } from '../src/graph/types.js';

const HTTP = /^http:\/\//i;
/** Plain HTTP that never leaves the node or the cluster network. */
const IN_CLUSTER = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|[^/:]+\.svc(\.cluster\.local)?)(:\d+)?(\/|$)/i;

function secretValue(r: Resource, key: string): string | undefined {
  const s = getStr(r.body, 'stringData', key);
  if (s !== undefined) return s;
  const d = getStr(r.body, 'data', key);
  return d === undefined ? undefined : Buffer.from(d, 'base64').toString('utf8');
}

export default defineRule({
  id: 'no-insecure-source',
  meta: {
    type: 'suggestion',
    description: 'Fetch Git repositories, Helm charts, OCI artifacts and buckets over TLS: no http:// URLs and no insecure: true.',
    rationale:
      'A source fetched over plain HTTP, or with TLS turned off (`insecure: true`), can be read and changed by anyone on the network ' +
      'path: whoever can do that decides what Flux or Argo CD deploys into the cluster, with its rights. Credentials sent to it travel ' +
      'in clear text too. Addresses inside the cluster (`*.svc`, localhost) are reported as info.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      http:
        '{{what}} fetches {{url}} over plain HTTP, so anyone on the network path can change what gets deployed (and read its credentials). ' +
        'Use https:// (or ssh:// for Git).',
      insecure:
        '{{what}} sets {{field}}, so it talks to its registry or endpoint without TLS and anyone on the network path can change what gets ' +
        'deployed. Serve the endpoint over TLS ({{ca}}) and remove {{field}}.',
    },
  },
  check({ graph, query, report }) {
    const http = (what: string, url: string | undefined, at: { resource: Resource; path: YamlPath } | { file: string; doc: number; path: YamlPath }): void => {
      if (!url || !HTTP.test(url)) return;
      report({ messageId: 'http', data: { what, url }, at, ...(IN_CLUSTER.test(url) ? { severity: 'info' as const } : {}) });
    };
    for (const r of graph.resources) {
      const what = `${r.kind} "${r.name}"`;
      if (isFluxSource(r)) {
        http(what, getStr(r.body, 'spec', 'url'), { resource: r, path: ['spec', 'url'] });
        // HelmRepository reads insecure only for OCI registries.
        const honoured = r.kind !== 'HelmRepository' || getStr(r.body, 'spec', 'type') === 'oci';
        if (honoured && get(r.body, 'spec', 'insecure') === true) report({ messageId: 'insecure', data: { what, field: 'spec.insecure: true', ca: 'spec.certSecretRef takes a private CA' }, at: { resource: r, path: ['spec', 'insecure'] } });
      } else if (r.kind === 'Secret' && ['repository', 'repo-creds'].includes(getStr(r.body, 'metadata', 'labels', 'argocd.argoproj.io/secret-type') ?? '')) {
        const field = getStr(r.body, 'stringData', 'url') !== undefined ? 'stringData' : 'data';
        http(`Argo CD repository Secret "${r.name}"`, secretValue(r, 'url'), { resource: r, path: [field, 'url'] });
        if (secretValue(r, 'insecure') === 'true') {
          report({ messageId: 'insecure', data: { what: `Argo CD repository Secret "${r.name}"`, field: 'insecure: "true"', ca: 'a private CA goes into argocd-tls-certs-cm' }, at: { resource: r, path: [getStr(r.body, 'stringData', 'insecure') !== undefined ? 'stringData' : 'data', 'insecure'] } });
        }
      }
    }
    for (const { resource: r, sources } of argoSpecs(graph.resources)) {
      for (const { source, path } of sources) http(`${r.kind} "${r.name}"`, getStr(source, 'repoURL'), { resource: r, path: [...path, 'repoURL'] });
    }
    for (const r of query.ofKind('ApplicationSet')) {
      const visit = (gens: unknown, path: (string | number)[]): void =>
        arr(gens).forEach((g, i) => {
          http(`ApplicationSet "${r.name}"`, getStr(g, 'git', 'repoURL'), { resource: r, path: [...path, i, 'git', 'repoURL'] });
          for (const nested of ['matrix', 'merge']) visit(get(g, nested, 'generators'), [...path, i, nested, 'generators']);
        });
      visit(get(r.body, 'spec', 'generators'), ['spec', 'generators']);
    }
    for (const e of query.edges('kustomize-resource')) {
      if (e.target.type === 'remote') http(`${e.from.file}`, e.target.url, { file: e.from.file, doc: e.from.doc, path: e.from.path });
    }
  },
});
