/**
 * Manifests as `flux create ... --export` writes them (fluxcd/flux2 cmd/flux): a `---` line, keys
 * sorted as sigs.k8s.io/yaml marshals them, Go durations (`1m0s`), two-space indent.
 */
export function exportGitRepository(name: string, namespace: string, url: string, branch: string, interval = '1m0s'): string {
  return [
    '---',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: GitRepository',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  interval: ${interval}`,
    '  ref:',
    `    branch: ${quoteIfNeeded(branch)}`,
    `  url: ${quoteIfNeeded(url)}`,
    '',
  ].join('\n');
}

export function exportHelmRepository(name: string, namespace: string, url: string, interval = '1m0s'): string {
  return [
    '---',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: HelmRepository',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  interval: ${interval}`,
    `  url: ${quoteIfNeeded(url)}`,
    '',
  ].join('\n');
}

export function exportOCIRepository(name: string, namespace: string, url: string, tag: string, interval = '1m0s'): string {
  return [
    '---',
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: OCIRepository',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  interval: ${interval}`,
    '  ref:',
    `    tag: ${quoteIfNeeded(tag)}`,
    `  url: ${quoteIfNeeded(url)}`,
    '',
  ].join('\n');
}

/** Quotes only where plain YAML would change the value's type or meaning, as sigs.k8s.io/yaml does. */
function quoteIfNeeded(v: string): string {
  if (/^[A-Za-z0-9_./@:+~-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(e[0-9]+)?)$/i.test(v) && !/: /.test(v)) return v;
  return JSON.stringify(v);
}

/** `flux create kustomization NAME --source=KIND/SOURCE --path=./PATH --prune=true --interval=10m --export`. */
export function exportKustomization(name: string, namespace: string, path: string, sourceKind: string, sourceName: string, interval = '10m0s'): string {
  return [
    '---',
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  interval: ${interval}`,
    `  path: ${quoteIfNeeded(path)}`,
    '  prune: true',
    '  sourceRef:',
    `    kind: ${sourceKind}`,
    `    name: ${sourceName}`,
    '',
  ].join('\n');
}
