import { arr, get, isObj, str } from '../read.js';
import type { KustomizeFile, Origin } from '../types.js';
import { at, type EdgeSink } from './sink.js';

/**
 * Reference fields of a kustomization.yaml (kustomize's `types.Kustomization`): each row is a
 * field, how to read the path out of an entry, and what the path must be.
 */
export function extractKustomizeEdges(k: KustomizeFile, sink: EdgeSink): void {
  const base: Omit<Origin, 'path'> = { file: k.file, doc: k.doc };
  const dir = k.dir;
  const body = k.body;

  arr(body.resources).forEach((v, i) => {
    const raw = str(v);
    if (raw) sink.path('kustomize-resource', at(base, ['resources', i]), dir, raw, 'file-or-dir');
  });
  arr(body.bases).forEach((v, i) => {
    const raw = str(v);
    // `bases` is the old name of `resources`: kustomize appends it there, so files are allowed too.
    if (raw) sink.path('kustomize-base', at(base, ['bases', i]), dir, raw, 'file-or-dir');
  });
  arr(body.components).forEach((v, i) => {
    const raw = str(v);
    if (raw) sink.path('kustomize-component', at(base, ['components', i]), dir, raw, 'dir');
  });
  arr(body.crds).forEach((v, i) => {
    const raw = str(v);
    if (raw) sink.path('kustomize-crd', at(base, ['crds', i]), dir, raw, 'file');
  });
  arr(body.patches).forEach((p, i) => {
    const raw = str(get(p, 'path'));
    if (raw) sink.path('kustomize-patch', at(base, ['patches', i, 'path']), dir, raw, 'file');
  });
  arr(body.patchesStrategicMerge).forEach((v, i) => {
    const raw = str(v);
    // An entry may be an inline patch rather than a file name.
    if (raw && !raw.includes('\n') && !/^\s*(apiVersion|kind)\s*:/.test(raw)) {
      sink.path('kustomize-patch', at(base, ['patchesStrategicMerge', i]), dir, raw, 'file');
    }
  });
  arr(body.patchesJson6902).forEach((p, i) => {
    const raw = str(get(p, 'path'));
    if (raw) sink.path('kustomize-patch', at(base, ['patchesJson6902', i, 'path']), dir, raw, 'file');
  });
  arr(body.replacements).forEach((p, i) => {
    const raw = str(get(p, 'path'));
    if (raw) sink.path('kustomize-replacement', at(base, ['replacements', i, 'path']), dir, raw, 'file');
  });
  for (const field of ['generators', 'transformers', 'validators'] as const) {
    arr(body[field]).forEach((v, i) => {
      const raw = str(v);
      // An entry is a file, a kustomization folder, or an inline KRM config (a multi-line string).
      if (raw && !raw.includes('\n') && !/^\s*(apiVersion|kind)\s*:/.test(raw)) {
        sink.path('kustomize-plugin', at(base, [field, i]), dir, raw, 'file-or-dir');
      }
    });
  }
  arr(body.configurations).forEach((v, i) => {
    const raw = str(v);
    if (raw) sink.path('kustomize-config', at(base, ['configurations', i]), dir, raw, 'file');
  });
  const openapi = str(get(body, 'openapi', 'path'));
  if (openapi) sink.path('kustomize-config', at(base, ['openapi', 'path']), dir, openapi, 'file');
  for (const field of ['configMapGenerator', 'secretGenerator'] as const) {
    arr(body[field]).forEach((g, i) => {
      arr(get(g, 'files')).forEach((f, j) => {
        const raw = str(f);
        if (!raw) return;
        // `key=path` names the key the file's content goes under.
        const eq = raw.indexOf('=');
        const file = eq >= 0 ? raw.slice(eq + 1) : raw;
        sink.path('kustomize-generator-file', at(base, [field, i, 'files', j]), dir, file, 'file');
      });
      arr(get(g, 'envs')).forEach((f, j) => {
        const raw = str(f);
        if (raw) sink.path('kustomize-generator-file', at(base, [field, i, 'envs', j]), dir, raw, 'file');
      });
      const env = str(get(g, 'env'));
      if (env) sink.path('kustomize-generator-file', at(base, [field, i, 'env']), dir, env, 'file');
    });
  }
  arr(body.helmCharts).forEach((c, i) => {
    if (!isObj(c)) return;
    const values = str(c.valuesFile);
    if (values) sink.path('kustomize-helm-values', at(base, ['helmCharts', i, 'valuesFile']), dir, values, 'file');
    arr(c.additionalValuesFiles).forEach((v, j) => {
      const raw = str(v);
      if (raw) sink.path('kustomize-helm-values', at(base, ['helmCharts', i, 'additionalValuesFiles', j]), dir, raw, 'file');
    });
  });
}
