import { yamlLib } from '../lazy-packages.js';
import { findSpan, parseDocuments } from '../load/locate.js';
import type { YamlPath } from '../load/types.js';
import { arr, get, isObj } from '../graph/read.js';
import type { Resource } from '../graph/types.js';
import type { DocTarget, FixBuilder } from './builder.js';

/**
 * The field changes that come with moving a Flux object to its current API version
 * (shared/docs/formats.md §3.2: fields the newer CRD no longer has, and what replaced them).
 */
export interface FluxMigration {
  /** What changes besides apiVersion, for the message (`spec.validation is dropped`). */
  notes: string[];
  /** False when the fields cannot be moved without changing what is deployed; the report then has no fix. */
  fixable: boolean;
  apply(b: FixBuilder): void;
}

export function fluxMigration(r: Resource, text: string | undefined): FluxMigration {
  const at: DocTarget = { file: r.file, doc: r.doc };
  const notes: string[] = [];
  const ops: ((b: FixBuilder) => void)[] = [];
  let fixable = true;
  const drop = (path: string[]): void => {
    if (get(r.body, ...path) === undefined) return;
    notes.push(`${dotted(path)} is dropped`);
    ops.push((b) => b.deleteIn(at, path));
  };
  const patches = (base: (string | number)[]): void => {
    const kz = get(r.body, ...base);
    const smp = arr(get(kz, 'patchesStrategicMerge'));
    const json = arr(get(kz, 'patchesJson6902'));
    const fields = (['patchesStrategicMerge', 'patchesJson6902'] as const).filter((f) => get(kz, f) !== undefined);
    if (fields.length === 0) return;
    notes.push(`${fields.map((f) => dotted([...base, f])).join(' and ')} move${fields.length === 1 ? 's' : ''} to ${dotted([...base, 'patches'])}`);
    // kustomize applies strategic-merge patches before `patches`: appending them after existing ones could change the result.
    if (smp.length > 0 && arr(get(kz, 'patches')).length > 0) {
      fixable = false;
      notes.push('put the strategic-merge patches before the existing patches entries, since kustomize applies them first');
    }
    if (json.some((j) => !isObj(get(j, 'target')) || !Array.isArray(get(j, 'patch')))) fixable = false;
    const items = [
      ...smp.map((_, i) => ({ patch: nodeText(text, r.doc, [...base, 'patchesStrategicMerge', i], smp[i]) })),
      ...json.map((j, i) => ({ patch: nodeText(text, r.doc, [...base, 'patchesJson6902', i, 'patch'], get(j, 'patch')), target: get(j, 'target') })),
    ];
    ops.push((b) => {
      for (const f of fields) b.deleteIn(at, [...base, f]);
      for (const item of items) b.insertItem(at, [...base, 'patches'], item);
    });
  };
  const valuesFile = (base: string[]): void => {
    const one = get(r.body, ...base, 'valuesFile');
    if (one === undefined) return;
    notes.push(`${dotted([...base, 'valuesFile'])} moves to ${dotted([...base, 'valuesFiles'])}`);
    // The old single file was merged before the list: it goes first.
    const list = arr(get(r.body, ...base, 'valuesFiles'));
    ops.push((b) => {
      b.deleteIn(at, [...base, 'valuesFile']);
      if (list.length === 0) b.insertItem(at, [...base, 'valuesFiles'], one);
      else b.setIn(at, [...base, 'valuesFiles'], [one, ...list]);
    });
  };
  switch (r.kind) {
    case 'Kustomization':
      drop(['spec', 'validation']);
      patches(['spec']);
      break;
    case 'HelmRelease':
      valuesFile(['spec', 'chart', 'spec']);
      arr(get(r.body, 'spec', 'postRenderers')).forEach((_, i) => patches(['spec', 'postRenderers', i, 'kustomize']));
      break;
    case 'HelmChart':
      valuesFile(['spec']);
      drop(['spec', 'accessFrom']);
      break;
    case 'GitRepository':
      drop(['spec', 'gitImplementation']);
      drop(['spec', 'accessFrom']);
      break;
    case 'Bucket':
      drop(['spec', 'accessFrom']);
      break;
  }
  return { notes, fixable, apply: (b) => ops.forEach((op) => op(b)) };
}

/** `spec.postRenderers[0].kustomize`, as the Flux docs write field paths. */
function dotted(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * A node's own text, dedented, to become a `patch:` string: comments inside it are kept. Falls back
 * to YAML written from the value when the text is not at hand or not cleanly indented.
 */
function nodeText(text: string | undefined, doc: number, path: YamlPath, value: unknown): string {
  const fallback = yamlLib().stringify(value, { lineWidth: 0, version: '1.1' });
  if (text === undefined) return fallback;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const d = parseDocuments(body).documents[doc];
  if (!d) return fallback;
  const span = findSpan(d, path);
  if (!span.exact) return fallback;
  const column = span.start - (body.lastIndexOf('\n', span.start - 1) + 1);
  const lines = body.slice(span.start, span.end).replace(/\r\n/g, '\n').replace(/\s+$/, '').split('\n');
  const pad = ' '.repeat(column);
  const rest = lines.slice(1);
  if (rest.some((l) => l.trim() !== '' && !l.startsWith(pad))) return fallback;
  return [lines[0]!, ...rest.map((l) => l.slice(column))].join('\n') + '\n';
}
