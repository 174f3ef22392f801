/**
 * Manifests as `flux create ... --export` writes them (fluxcd/flux2 cmd/flux): a `---` line, keys
 * sorted as sigs.k8s.io/yaml marshals them, Go durations (`1m0s`), two-space indent.
 */
/** The lines every exported object starts with, then its spec lines (already indented by two). */
function exportObject(apiVersion: string, kind: string, name: string, namespace: string, spec: string[]): string {
  return ['---', `apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', ...spec, ''].join('\n');
}

export function exportGitRepository(name: string, namespace: string, url: string, branch: string, interval = '1m0s'): string {
  return exportObject('source.toolkit.fluxcd.io/v1', 'GitRepository', name, namespace, [
    `  interval: ${interval}`,
    '  ref:',
    `    branch: ${quoteIfNeeded(branch)}`,
    `  url: ${quoteIfNeeded(url)}`,
  ]);
}

export function exportHelmRepository(name: string, namespace: string, url: string, interval = '1m0s'): string {
  return exportObject('source.toolkit.fluxcd.io/v1', 'HelmRepository', name, namespace, [`  interval: ${interval}`, `  url: ${quoteIfNeeded(url)}`]);
}

export function exportOCIRepository(name: string, namespace: string, url: string, tag: string, interval = '1m0s'): string {
  return exportObject('source.toolkit.fluxcd.io/v1', 'OCIRepository', name, namespace, [
    `  interval: ${interval}`,
    '  ref:',
    `    tag: ${quoteIfNeeded(tag)}`,
    `  url: ${quoteIfNeeded(url)}`,
  ]);
}

/** Quotes only where plain YAML would change the value's type or meaning, as sigs.k8s.io/yaml does. */
function quoteIfNeeded(v: string): string {
  if (/^[A-Za-z0-9_./@:+~-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(e[0-9]+)?)$/i.test(v) && !/: /.test(v)) return v;
  return JSON.stringify(v);
}

/** `flux create kustomization NAME --source=KIND/SOURCE --path=./PATH --prune=true --interval=10m --export`. */
export function exportKustomization(name: string, namespace: string, path: string, sourceKind: string, sourceName: string, interval = '10m0s'): string {
  return exportObject('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', name, namespace, [
    `  interval: ${interval}`,
    `  path: ${quoteIfNeeded(path)}`,
    '  prune: true',
    '  sourceRef:',
    `    kind: ${sourceKind}`,
    `    name: ${sourceName}`,
  ]);
}
