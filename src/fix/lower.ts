import path from 'node:path';
import type { Graph } from '../graph/types.js';
import { dirOf, isKustomizationFile, relativeRef } from '../graph/paths.js';
import type { FixOperation } from './builder.js';
import type { ChangeSet } from './change-set.js';
import { documentAsFile, documentSegments } from './documents.js';
import { applyEdits, EditableFile, FixError, type TextEdit } from './yaml-edit.js';

/**
 * Applies one unit's operations to the overlay. Path edits become minimal text edits; a move
 * also rewrites every reference the graph knows to the moved file. Throws FixError when any
 * part cannot be done, and the caller drops the whole unit.
 */
export function lowerUnit(ops: readonly FixOperation[], graph: Graph, cs: ChangeSet, unit: string): void {
  const edits = new Map<string, { doc: number; make: (f: EditableFile) => TextEdit }[]>();
  const queueEdit = (file: string, doc: number, make: (f: EditableFile) => TextEdit): void => {
    const list = edits.get(file) ?? [];
    list.push({ doc, make });
    edits.set(file, list);
  };
  const fileOps: (() => void)[] = [];

  for (const op of ops) {
    switch (op.op) {
      case 'set':
        queueEdit(op.target.file, op.target.doc, (f) => f.set(op.target.doc, op.path, op.value));
        break;
      case 'delete':
        queueEdit(op.target.file, op.target.doc, (f) => f.delete(op.target.doc, op.path));
        break;
      case 'insert-item':
        queueEdit(op.target.file, op.target.doc, (f) => f.insertItem(op.target.doc, op.path, op.value));
        break;
      case 'create-file':
        assertInside(op.file);
        fileOps.push(() => {
          if (cs.exists(op.file)) throw new FixError(`${op.file} already exists`);
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
        for (const edge of graph.edges) {
          if (edge.target.type !== 'path' || edge.target.path !== op.from) continue;
          if (edge.status !== 'resolved') continue;
          const base = edge.kind.startsWith('kustomize-') ? dirOf(edge.from.file) : '';
          const raw = edge.target.raw;
          const next = restyle(raw, base === '' ? op.to : relativeRef(base, op.to));
          queueEdit(edge.from.file, edge.from.doc, (f) => f.set(edge.from.doc, edge.from.path, next));
        }
        fileOps.push(() => {
          const text = cs.read(op.from);
          if (text === undefined) throw new FixError(`${op.from} does not exist`);
          if (cs.exists(op.to)) throw new FixError(`${op.to} already exists; omni-lint never overwrites a file`);
          cs.write(op.to, text);
          cs.remove(op.from);
          cs.record({ kind: 'move', path: op.from, to: op.to, unit });
        });
        break;
    }
  }
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

/** Removes one document (and its `---` line) from a file; the file goes when nothing is left. */
export function deleteDocument(cs: ChangeSet, file: string, doc: number, unit: string): string {
  const text = cs.read(file);
  if (text === undefined) throw new FixError(`${file} does not exist`);
  const editable = new EditableFile(text);
  const segments = documentSegments(text, editable.documents.length);
  const seg = segments[doc];
  if (!seg) throw new FixError(`${file} has no document ${doc}`);
  const removed = documentAsFile(text, seg);
  const rest = text.slice(0, seg.start) + text.slice(seg.end);
  if (/^(?:\s|#.*|---\s*)*$/.test(rest)) {
    cs.remove(file);
    cs.record({ kind: 'delete', path: file, unit });
  } else {
    cs.write(file, rest);
    cs.record({ kind: 'edit', path: file, unit });
  }
  return removed;
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
