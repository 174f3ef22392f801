import type { ResourceIndex } from './index-resources.js';
import { arr, get, getStr } from './read.js';
import type { GraphQuery } from './query.js';
import type { Edge, KustomizeFile, Resource } from './types.js';

/**
 * ConfigMaps and Secrets that exist in the cluster without a manifest of their own: kustomize
 * generators, and operators that write a Secret for a custom resource. Each row: the producer's
 * kind and API group, and where the produced Secret's name and namespace are read.
 */
interface ProducerRow {
  kind: string;
  group: RegExp;
  name: (body: unknown) => string | undefined;
  /** undefined: the producer's own metadata.namespace. */
  namespace?: (body: unknown) => string | undefined;
  /** Writes into many namespaces (ClusterExternalSecret): match any. */
  anyNamespace?: boolean;
}

const md = (body: unknown): string | undefined => getStr(body, 'metadata', 'name');

const SECRET_PRODUCERS: ProducerRow[] = [
  // https://external-secrets.io/latest/api/externalsecret/ (spec.target.name defaults to metadata.name)
  { kind: 'ExternalSecret', group: /^external-secrets\.io$/, name: (b) => getStr(b, 'spec', 'target', 'name') ?? md(b) },
  {
    kind: 'ClusterExternalSecret',
    group: /^external-secrets\.io$/,
    name: (b) => getStr(b, 'spec', 'externalSecretSpec', 'target', 'name') ?? getStr(b, 'spec', 'externalSecretName') ?? md(b),
    anyNamespace: true,
  },
  // https://github.com/bitnami-labs/sealed-secrets#sealedsecrets-as-templates-for-secrets
  {
    kind: 'SealedSecret',
    group: /^bitnami\.com$/,
    name: (b) => getStr(b, 'spec', 'template', 'metadata', 'name') ?? md(b),
    namespace: (b) => getStr(b, 'spec', 'template', 'metadata', 'namespace') ?? getStr(b, 'metadata', 'namespace'),
  },
  // https://cert-manager.io/docs/usage/certificate/ (spec.secretName)
  { kind: 'Certificate', group: /^cert-manager\.io$/, name: (b) => getStr(b, 'spec', 'secretName') },
  // 1Password operator: the Secret takes the item's name.
  { kind: 'OnePasswordItem', group: /^onepassword\.com$/, name: md },
  // Vault Secrets Operator: spec.destination.name.
  ...['VaultStaticSecret', 'VaultDynamicSecret', 'VaultPKISecret', 'HCPVaultSecretsApp'].map((kind) => ({
    kind,
    group: /^secrets\.hashicorp\.com$/,
    name: (b: unknown) => getStr(b, 'spec', 'destination', 'name'),
  })),
  {
    kind: 'DopplerSecret',
    group: /^secrets\.doppler\.com$/,
    name: (b) => getStr(b, 'spec', 'managedSecret', 'name'),
    namespace: (b) => getStr(b, 'spec', 'managedSecret', 'namespace'),
  },
  { kind: 'InfisicalSecret', group: /^secrets\.infisical\.com$/, name: (b) => getStr(b, 'spec', 'managedSecretReference', 'secretName') },
];

export interface Produced {
  /** How it comes to exist, for messages and notes: `secretGenerator in apps/x/kustomization.yaml`. */
  by: string;
  /** The file that holds the producer. */
  file: string;
  namespace: string | undefined;
  anyNamespace: boolean;
  /** For kustomize generators: whether kustomize appends a content hash to the name. */
  hashed?: boolean;
  generator?: KustomizeFile;
}

/** Every ConfigMap and Secret that a generator or an operator produces, by `Kind\0name`. */
export function producedObjects(index: ResourceIndex, kustomizeFiles: readonly KustomizeFile[]): Map<string, Produced[]> {
  const out = new Map<string, Produced[]>();
  const add = (kind: string, name: string, p: Produced): void => {
    const key = `${kind}\u0000${name}`;
    out.set(key, [...(out.get(key) ?? []), p]);
  };
  for (const row of SECRET_PRODUCERS) {
    for (const r of index.ofKind(row.kind)) {
      if (!row.group.test(r.group)) continue;
      const name = row.name(r.body);
      if (!name) continue;
      add('Secret', name, {
        by: `${r.kind} "${r.name}"`,
        file: r.file,
        namespace: row.namespace ? row.namespace(r.body) : r.namespace,
        anyNamespace: row.anyNamespace === true,
      });
    }
  }
  for (const k of kustomizeFiles) {
    const hashedByDefault = get(k.body, 'generatorOptions', 'disableNameSuffixHash') !== true;
    for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      for (const g of arr(k.body[field])) {
        const name = getStr(g, 'name');
        if (!name) continue;
        // A parent kustomization's `namespace:` may move it anywhere: match it in any namespace.
        add(kind, name, {
          by: `${field} in ${k.file}`,
          file: k.file,
          namespace: undefined,
          anyNamespace: true,
          hashed: hashedByDefault && get(g, 'options', 'disableNameSuffixHash') !== true,
          generator: k,
        });
      }
    }
  }
  return out;
}

/** The producers of a ConfigMap or Secret named `name` in `namespace` (undefined matches any). */
export function findProduced(produced: Map<string, Produced[]>, kinds: readonly string[], name: string, namespace: string | undefined): Produced[] {
  const out: Produced[] = [];
  for (const kind of kinds) {
    for (const p of produced.get(`${kind}\u0000${name}`) ?? []) {
      if (p.anyNamespace || namespace === undefined || p.namespace === undefined || p.namespace === namespace) out.push(p);
    }
  }
  return out;
}

const cache = new WeakMap<object, Map<string, Produced[]>>();

/**
 * For a reference that resolved only to kustomize generators which append a content hash: the
 * generator that makes the referenced name wrong. kustomize rewrites a reference to a generated
 * name only in the same build and only for fields it knows (a `configurations:` nameReference
 * entry teaches it `spec/valuesFrom/name`), so a HelmRelease or Kustomization that names the bare
 * generator name finds nothing. Undefined when any producer keeps the name, or a build that holds
 * both has `configurations`.
 */
export function hashedGeneratorOnly(query: GraphQuery, consumer: Resource, kinds: readonly string[], name: string, namespace: string | undefined): Produced | undefined {
  if (query.index.find(kinds, name, namespace).length > 0) return undefined;
  let all = cache.get(query.graph);
  if (!all) cache.set(query.graph, (all = producedObjects(query.index, query.graph.kustomizeFiles)));
  const made = findProduced(all, kinds, name, namespace);
  if (made.length === 0 || made.some((p) => !p.generator || !p.hashed)) return undefined;
  for (const p of made) {
    const build = query.renderer.renderKustomizeDir(p.generator!.dir);
    if (!build.files.has(consumer.file)) continue;
    const configured = [...build.files].some((f) => query.graph.kustomizeFiles.some((k) => k.file === f && k.body.configurations !== undefined));
    if (configured) return undefined;
  }
  return made[0];
}

/** A ConfigMap or Secret reference (valuesFrom, substituteFrom) that will not find its object in the cluster. */
export interface ConfigRefProblem {
  messageId: 'missing' | 'hashed';
  consumer: Resource;
  edge: Edge;
  data: { name: string; kind: string; target: string; namespace: string; by?: string };
}

/**
 * The references of one edge kind that name nothing, or only a generator whose content-hash suffix
 * changes the name; optional references are fine either way.
 */
export function configRefProblems(query: GraphQuery, kind: 'flux-values-from' | 'flux-substitute-from'): ConfigRefProblem[] {
  const out: ConfigRefProblem[] = [];
  for (const edge of query.edges(kind)) {
    const r = edge.from.resource;
    if (!r || edge.target.type !== 'resource' || edge.note === 'optional') continue;
    const data = { name: r.name, kind: edge.target.kinds.join(' or '), target: edge.target.name, namespace: edge.target.namespace ?? r.namespace ?? 'its namespace' };
    if (edge.status === 'missing') out.push({ messageId: 'missing', consumer: r, edge, data });
    else if (edge.status === 'resolved' && edge.note?.startsWith('created by ')) {
      const made = hashedGeneratorOnly(query, r, edge.target.kinds, edge.target.name, edge.target.namespace);
      if (made) out.push({ messageId: 'hashed', consumer: r, edge, data: { ...data, by: made.by } });
    }
  }
  return out;
}
