import path from 'node:path';
import { coveredByFluxRecursion, isDeployedFolder } from '../graph/deployed.js';
import type { GraphQuery } from '../graph/query.js';
import { baseName, dirOf, isKustomizationFile, joinPath, kustomizationIn, relativeRef, resolveInRepo } from '../graph/paths.js';
import type { Edge } from '../graph/types.js';
import type { FixOperation } from './builder.js';
import type { ChangeSet } from './change-set.js';
import { documentAsFile, documentSegments, withoutDocument } from './documents.js';
import { applyEdits, EditableFile, FixError, type TextEdit } from './yaml-edit.js';

/**
 * Applies one unit's operations to the overlay. Path edits become minimal text edits; a move
 * also rewrites every reference the graph knows to the moved file. Throws FixError when any
 * part cannot be done, and the caller drops the whole unit.
 */
export function lowerUnit(ops: readonly FixOperation[], query: GraphQuery, cs: ChangeSet, unit: string): void {
  const edits = new Map<string, { doc: number; make: (f: EditableFile) => TextEdit }[]>();
  const queueEdit = (file: string, doc: number, make: (f: EditableFile) => TextEdit): void => {
    const list = edits.get(file) ?? [];
    list.push({ doc, make });
    edits.set(file, list);
  };
  // New files come first, so the unit's own edits can fill a file it creates.
  const creates: (() => void)[] = [];
  // Deletions from one list are merged, so a list emptied by several of them becomes `[]`, not null.
  const itemDeletes = new Map<string, { indexes: number[] }>();
  const queueItemDelete = (file: string, doc: number, seqPath: readonly (string | number)[], index: number): void => {
    const key = JSON.stringify([file, doc, seqPath]);
    const existing = itemDeletes.get(key);
    if (existing) {
      existing.indexes.push(index);
      return;
    }
    const entry = { indexes: [index] };
    itemDeletes.set(key, entry);
    queueEdit(file, doc, (f) => f.deleteItems(doc, seqPath, entry.indexes));
  };
  // Inserts into one list are merged into one edit, so a missing list is created once.
  const inserts = new Map<string, { file: string; doc: number; path: readonly (string | number)[]; values: unknown[] }>();
  const queueInsert = (file: string, doc: number, path: readonly (string | number)[], value: unknown): void => {
    const key = JSON.stringify([file, doc, path]);
    const existing = inserts.get(key);
    if (existing) {
      existing.values.push(value);
      return;
    }
    const entry = { file, doc, path, values: [value] };
    inserts.set(key, entry);
    queueEdit(file, doc, (f) => f.insertItems(doc, entry.path, entry.values));
  };
  const fileOps: (() => void)[] = [];

  for (const op of ops) {
    switch (op.op) {
      case 'set':
        queueEdit(op.target.file, op.target.doc, (f) => f.set(op.target.doc, op.path, op.value));
        break;
      case 'delete': {
        const last = op.path[op.path.length - 1];
        if (typeof last === 'number') queueItemDelete(op.target.file, op.target.doc, op.path.slice(0, -1), last);
        else queueEdit(op.target.file, op.target.doc, (f) => f.delete(op.target.doc, op.path));
        break;
      }
      case 'insert-item':
        queueInsert(op.target.file, op.target.doc, op.path, op.value);
        break;
      case 'create-file':
        assertInside(op.file);
        creates.push(() => {
          if (cs.exists(op.file)) throw new FixError(`${op.file} already exists; omni-lint never overwrites a file`);
          cs.write(op.file, op.text);
          cs.record({ kind: 'create', path: op.file, unit });
        });
        break;
      case 'delete-file':
        fileOps.push(() => {
          if (!cs.exists(op.file)) throw new FixError(`${op.file} does not exist`);
          cs.remove(op.file);
          cs.record({ kind: 'delete', path: op.file, unit });
        });
        break;
      case 'delete-document':
        fileOps.push(() => deleteDocument(cs, op.target.file, op.target.doc, unit));
        break;
      case 'move-file':
        assertInside(op.to);
        if (isKustomizationFile(op.from)) throw new FixError('kustomization files are not moved one by one');
        for (const edge of query.referencesTo(op.from)) rewriteReference(edge, op.to, queueEdit, query);
        fileOps.push(() => moveFileContent(cs, op.from, op.to, unit));
        break;
      case 'replace-file':
        assertInside(op.file);
        fileOps.push(() => {
          if (!cs.exists(op.file)) throw new FixError(`${op.file} does not exist`);
          cs.write(op.file, op.text);
          cs.record({ kind: 'edit', path: op.file, unit });
        });
        break;
      case 'relocate':
        lowerRelocate(op, query, cs, unit, queueEdit, fileOps);
        break;
    }
  }
  for (const run of creates) run();
  for (const [file, list] of edits) {
    const text = cs.read(file);
    if (text === undefined) throw new FixError(`${file} does not exist`);
    const editable = new EditableFile(text);
    const next = applyEdits(text, list.map((e) => e.make(editable)));
    cs.write(file, next);
    cs.record({ kind: 'edit', path: file, unit });
  }
  for (const run of fileOps) run();
}

type QueueEdit = (file: string, doc: number, make: (f: EditableFile) => TextEdit) => void;

function lowerRelocate(
  op: Extract<FixOperation, { op: 'relocate' }>,
  query: GraphQuery,
  cs: ChangeSet,
  unit: string,
  queueEdit: QueueEdit,
  fileOps: (() => void)[],
): void {
  assertInside(op.to);
  if (isKustomizationFile(op.from)) throw new FixError('kustomization files are not moved one by one');
  const docCount = query.graph.repo.yaml.get(op.from)?.docs.length ?? 0;
  const wholeFile = op.doc === undefined || docCount === 1;
  const targetDir = dirOf(op.to);
  const relist = op.relist || isDeployedFolder(query, targetDir);
  const incoming = query.referencesTo(op.from);

  for (const edge of incoming) {
    const listing = edge.kind === 'kustomize-resource';
    if (wholeFile && relist && listing) {
      queueEdit(edge.from.file, edge.from.doc, (f) => f.delete(edge.from.doc, edge.from.path));
    } else if (wholeFile) {
      rewriteReference(edge, op.to, queueEdit, query);
    } else if (!relist && listing) {
      // A split document stays with the deployer that applied it: list the new file beside the old one.
      const k = query.renderer.kustomization(dirOf(edge.from.file));
      if (k) queueEdit(k.file, k.doc, (f) => f.insertItem(k.doc, ['resources'], relativeRef(k.dir, op.to)));
    }
  }
  if (relist) {
    const k = query.renderer.kustomization(targetDir);
    const existing = kustomizationIn(targetDir, (f) => cs.exists(f));
    if (k && existing === k.file) queueEdit(k.file, k.doc, (f) => f.insertItem(k.doc, ['resources'], baseName(op.to)));
    else if (!existing && !coveredByFluxRecursion(query, targetDir)) {
      const file = joinPath(targetDir, 'kustomization.yaml');
      fileOps.push(() => {
        cs.write(file, `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${baseName(op.to)}\n`);
        cs.record({ kind: 'create', path: file, unit });
      });
    } else if (existing) {
      fileOps.push(() => {
        const f = new EditableFile(cs.read(existing)!);
        cs.write(existing, applyEdits(f.text, [f.insertItem(0, ['resources'], baseName(op.to))]));
        cs.record({ kind: 'edit', path: existing, unit });
      });
    }
  }
  fileOps.push(() => {
    if (wholeFile) {
      moveFileContent(cs, op.from, op.to, unit);
      return;
    }
    const removed = deleteDocument(cs, op.from, op.doc!, unit);
    if (cs.exists(op.to)) throw new FixError(`${op.to} already exists; omni-lint never overwrites a file`);
    cs.write(op.to, removed);
    cs.record({ kind: 'create', path: op.to, unit });
  });
}

/** Moves a file's content in the overlay; never onto an existing file. */
function moveFileContent(cs: ChangeSet, from: string, to: string, unit: string): void {
  const text = cs.read(from);
  if (text === undefined) throw new FixError(`${from} does not exist`);
  if (cs.exists(to)) throw new FixError(`${to} already exists; omni-lint never overwrites a file`);
  cs.write(to, text);
  cs.remove(from);
  cs.record({ kind: 'move', path: from, to, unit });
}

/** Removes one document (and its `---` line) from a file; the file goes when nothing is left. */
export function deleteDocument(cs: ChangeSet, file: string, doc: number, unit: string): string {
  const text = cs.read(file);
  if (text === undefined) throw new FixError(`${file} does not exist`);
  const editable = new EditableFile(text);
  const segments = documentSegments(text, editable.documents.length);
  const seg = segments[doc];
  if (!seg) throw new FixError(`${file} has no document ${doc}`);
  const removed = documentAsFile(text, seg);
  const rest = withoutDocument(text, seg);
  if (/^(?:\s|#.*|---|\.\.\.)*$/.test(rest)) {
    cs.remove(file);
    cs.record({ kind: 'delete', path: file, unit });
  } else {
    cs.write(file, rest);
    cs.record({ kind: 'edit', path: file, unit });
  }
  return removed;
}

/** Points a resolved path reference at the file's new place, relative to the folder it is resolved against. */
function rewriteReference(edge: Edge, to: string, queueEdit: QueueEdit, query: GraphQuery): void {
  if (edge.target.type !== 'path') return;
  assertArgoCanLoad(query, edge, to);
  const { raw, path: target } = edge.target;
  const { file, doc, path: at } = edge.from;
  queueEdit(file, doc, (f) => {
    const current = f.documents[doc]?.getIn(at);
    if (typeof current !== 'string' || !current.endsWith(raw)) throw new FixError(`cannot rewrite the reference to ${target} in ${file}`);
    // What stands before the path stays: `key=` of a generator file, `$values/` of an Argo CD value file.
    const prefix = current.slice(0, current.length - raw.length);
    return f.set(doc, at, prefix + restyle(raw, relativeRef(referenceBase(edge, f, prefix), to)));
  });
}

/**
 * Argo CD builds kustomizations with the root-only load restrictor: a file reference that climbs
 * out of the kustomization's folder breaks its build (Flux has no restrictor). Refuse such a rewrite.
 */
function assertArgoCanLoad(query: GraphQuery, edge: Edge, to: string): void {
  if (!edge.kind.startsWith('kustomize-')) return;
  const dir = dirOf(edge.from.file);
  if (dir === '' || to.startsWith(`${dir}/`)) return;
  const argo = query.deployers().find((d) => d.tool === 'argo' && d.renders.files.has(edge.from.file));
  if (argo) {
    throw new FixError(
      `${edge.from.file} would have to list ${to} outside its folder, which Argo CD (Application "${argo.resource.name}") refuses to load`,
    );
  }
}

/** The folder a path reference is relative to, as the graph's extractors resolved it. */
function referenceBase(edge: Edge, f: EditableFile, prefix: string): string {
  if (edge.kind.startsWith('kustomize-')) return dirOf(edge.from.file);
  if (edge.kind === 'argo-value-file' && !prefix.startsWith('$')) {
    // A plain value file is relative to the chart folder: the `path` of the same source.
    const source = edge.from.path.slice(0, -3);
    const srcPath = f.documents[edge.from.doc]?.getIn([...source, 'path']);
    const base = typeof srcPath === 'string' ? resolveInRepo('', srcPath) : undefined;
    if (base === undefined) throw new FixError(`cannot tell which folder ${edge.from.file} resolves its value files against`);
    return base;
  }
  return '';
}

/** Keeps the author's style: a `./` prefix stays, a trailing `/` stays. */
function restyle(oldRaw: string, next: string): string {
  let out = next;
  if (oldRaw.startsWith('./') && !out.startsWith('.')) out = `./${out}`;
  if (oldRaw.endsWith('/') && !out.endsWith('/')) out = `${out}/`;
  return out;
}

function assertInside(file: string): void {
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(file) || normal.startsWith('../') || normal === '..') {
    throw new FixError(`${file} is outside the repository; omni-lint never writes there`);
  }
}
