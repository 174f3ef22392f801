import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlLib } from '../lazy-packages.js';
import type { YamlPath } from '../load/types.js';

/** A replacement of text[start, end) by `text`; edits of one file never overlap. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class FixError extends Error {}

/**
 * Kubernetes, kubectl, kustomize, Flux and Argo CD read YAML 1.1 (go-yaml), where a plain `yes`,
 * `on`, `n` or `2024-01-01` is no longer a string: writing as YAML 1.1 quotes those.
 */
const WRITE_OPTIONS = { lineWidth: 0, version: '1.1' } as const;

/** The documents of a file, parsed for editing (with ranges into `text`). */
export class EditableFile {
  readonly documents: Document.Parsed[];
  readonly eol: string;

  constructor(readonly text: string) {
    let docs;
    try {
      docs = yamlLib().parseAllDocuments(text, { keepSourceTokens: false });
    } catch (e) {
      throw new FixError(`this file cannot be parsed for editing (${(e as Error).message})`);
    }
    this.documents = Array.isArray(docs) ? docs : [];
    // Keep the file's own line endings: a CRLF file stays CRLF.
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  private doc(index: number): Document.Parsed {
    const d = this.documents[index];
    if (!d) throw new FixError(`document ${index} does not exist`);
    if (d.errors.length > 0) throw new FixError(`document ${index} does not parse`);
    return d;
  }

  /** Sets a value at `path`, creating missing maps on the way; the last key is added at the end of its map. */
  set(docIndex: number, path: YamlPath, value: unknown): TextEdit {
    const { isMap, isScalar, Scalar } = yamlLib();
    const doc = this.doc(docIndex);
    const existing = doc.getIn(path, true) as Node | undefined;
    if (existing && isScalar(existing) && isPlainValue(value) && existing.range) {
      const [start, end] = existing.range;
      // A block scalar's range takes in the line break that ends it; the flow value put there must keep it.
      const block = existing.type === Scalar.BLOCK_LITERAL || existing.type === Scalar.BLOCK_FOLDED;
      const tail = block && this.text.slice(start, end).endsWith('\n') ? this.eol : '';
      return { start, end, text: scalarText(value, existing) + tail };
    }
    if (existing && existing.range) {
      // Replace a collection: rewrite the whole pair as a block.
      const parentPath = path.slice(0, -1);
      const pair = findPair(doc, parentPath, path[path.length - 1]!);
      if (!pair) throw new FixError(`cannot replace ${path.join('.')}`);
      const keyNode = pair.key as Node;
      const keyAt = keyNode.range![0];
      const indent = keyAt - lineStart(this.text, keyAt);
      const end = lineEndAfter(this.text, existing.range[1]);
      const text = this.block(String(path[path.length - 1]), value, indent);
      // The first key of a list item shares its line with `- `: keep that dash, replace from the key on.
      if (!onlySpacesBefore(this.text, keyAt)) return { start: keyAt, end, text: text.slice(indent) };
      return { start: lineStart(this.text, keyAt), end, text };
    }
    // Walk down to the deepest existing map, then add the rest as one block.
    for (let depth = path.length - 1; depth >= 0; depth--) {
      const parent = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth), true) as Node | undefined);
      if (!parent) continue;
      if (depth > 0 && isScalar(parent) && parent.value === null) {
        // `spec:` with nothing after it: give it the missing maps as its value.
        let nested: unknown = value;
        for (let i = path.length - 1; i >= depth; i--) nested = { [String(path[i])]: nested };
        return this.set(docIndex, path.slice(0, depth), nested);
      }
      if (!isMap(parent)) throw new FixError(`${path.slice(0, depth).join('.') || 'the document'} is not a mapping`);
      let nested: unknown = value;
      for (let i = path.length - 1; i > depth; i--) nested = { [String(path[i])]: nested };
      return this.appendToMap(parent, String(path[depth]), nested);
    }
    throw new FixError('the document is empty');
  }

  /** Removes the pair or sequence item at `path`, with the lines it occupies. */
  delete(docIndex: number, path: YamlPath): TextEdit {
    const { isMap, isScalar, isSeq } = yamlLib();
    const doc = this.doc(docIndex);
    const last = path[path.length - 1];
    const parent = path.length === 1 ? doc.contents : (doc.getIn(path.slice(0, -1), true) as Node | undefined);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
      if (!pair) throw new FixError(`${path.join('.')} does not exist`);
      if (parent.flow) throw new FixError('flow mappings are not edited');
      const keyStart = (pair.key as Node).range![0];
      const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
      if (!onlySpacesBefore(this.text, keyStart)) {
        // The first pair of a list item (`- path: a`): the next pair moves up behind the dash.
        const next = parent.items[parent.items.indexOf(pair) + 1];
        if (!next) throw new FixError(`${path.join('.')} is the only key of its list item; delete the item instead`);
        return { start: keyStart, end: (next.key as Node).range![0], text: '' };
      }
      return { start: lineStart(this.text, keyStart), end: lineEndAfter(this.text, valueEnd), text: '' };
    }
    if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last] as Node | undefined;
      if (!item?.range) throw new FixError(`${path.join('.')} does not exist`);
      if (parent.flow) return this.deleteFlowItem(parent, last);
      const dash = this.text.lastIndexOf('-', item.range[0]);
      const end = lineEndAfter(this.text, item.range[1]);
      if (parent.items.length === 1 && path.length >= 2) {
        // An emptied list must stay a list: `resources:` with nothing under it is null, which
        // kustomize rejects ("kustomization.yaml is empty"); `resources: []` builds.
        const pair = findPair(doc, path.slice(0, -2), path[path.length - 2]!);
        const keyEnd = (pair?.key as Node | undefined)?.range?.[1];
        const colon = keyEnd === undefined ? -1 : this.text.indexOf(':', keyEnd);
        if (colon >= 0 && colon < dash) return { start: colon + 1, end, text: ` []${this.eol}` };
      }
      return { start: lineStart(this.text, dash), end, text: '' };
    }
    throw new FixError(`${path.join('.')} does not exist`);
  }

  /**
   * Deletes several items of one list as one edit: the block of lines from the first to the last
   * is rewritten without them, and a list left with nothing becomes `[]`.
   */
  deleteItems(docIndex: number, seqPath: YamlPath, indexes: readonly number[]): TextEdit {
    const unique = [...new Set(indexes)].sort((a, b) => a - b);
    if (unique.length === 1) return this.delete(docIndex, [...seqPath, unique[0]!]);
    const doc = this.doc(docIndex);
    const seq = doc.getIn(seqPath, true) as Node | undefined;
    if (!yamlLib().isSeq(seq) || seq.flow) throw new FixError(`${seqPath.join('.')} is not a block list`);
    if (unique.length === seq.items.length) {
      const pair = findPair(doc, seqPath.slice(0, -1), seqPath[seqPath.length - 1]!);
      const keyEnd = (pair?.key as Node | undefined)?.range?.[1];
      const last = seq.items[seq.items.length - 1] as Node;
      const colon = keyEnd === undefined ? -1 : this.text.indexOf(':', keyEnd);
      if (colon < 0) throw new FixError(`cannot empty ${seqPath.join('.')}`);
      return { start: colon + 1, end: lineEndAfter(this.text, last.range![1]), text: ` []${this.eol}` };
    }
    const spans = unique.map((i) => {
      const item = seq.items[i] as Node | undefined;
      if (!item?.range) throw new FixError(`${[...seqPath, i].join('.')} does not exist`);
      const dash = this.text.lastIndexOf('-', item.range[0]);
      return { start: lineStart(this.text, dash), end: lineEndAfter(this.text, item.range[1]) };
    });
    const start = spans[0]!.start;
    const end = spans[spans.length - 1]!.end;
    let text = '';
    let pos = start;
    for (const span of spans) {
      text += this.text.slice(pos, span.start);
      pos = span.end;
    }
    return { start, end, text };
  }

  /** Appends an item to the sequence at `path` (block or flow style kept), creating it when absent. */
  insertItem(docIndex: number, path: YamlPath, value: unknown): TextEdit {
    return this.insertItems(docIndex, path, [value]);
  }

  /** Appends several items at once, so a list created by the first is not created again by the next. */
  insertItems(docIndex: number, path: YamlPath, values: readonly unknown[]): TextEdit {
    const { isScalar, isSeq } = yamlLib();
    const doc = this.doc(docIndex);
    const seq = doc.getIn(path, true) as Node | undefined;
    if (!seq || (isScalar(seq) && seq.value === null)) return this.set(docIndex, path, [...values]);
    if (!isSeq(seq)) throw new FixError(`${path.join('.')} is not a list`);
    if (seq.flow || seq.items.length === 0) {
      const items = values.map((v) => flowText(v)).join(', ');
      const last = seq.items[seq.items.length - 1] as Node | undefined;
      if (last?.range) {
        // Right after the last item, so a trailing comma or a `]` on its own line stays where it is.
        return { start: last.range[1], end: last.range[1], text: `, ${items}` };
      }
      // `range[1]` is just past the `]`; searching from there could find the `]` of an enclosing list.
      const close = this.text.lastIndexOf(']', seq.range![1] - 1);
      if (close < seq.range![0]) throw new FixError('cannot find the end of the flow list');
      return { start: close, end: close, text: items };
    }
    const lastItem = seq.items[seq.items.length - 1] as Node;
    const firstItem = seq.items[0] as Node;
    const dash = this.text.lastIndexOf('-', firstItem.range![0]);
    const indent = dash - lineStart(this.text, dash);
    const at = lineEndAfter(this.text, lastItem.range![1]);
    const prefix = at === this.text.length && !this.text.endsWith('\n') ? this.eol : '';
    return { start: at, end: at, text: prefix + values.map((v) => this.seqItem(v, indent)).join('') };
  }

  private appendToMap(map: YAMLMap, key: string, value: unknown): TextEdit {
    if (map.flow) throw new FixError('flow mappings are not edited');
    const pairs = map.items as Pair[];
    if (pairs.length === 0) throw new FixError('cannot add to an empty mapping');
    const first = pairs[0]!.key as Node;
    const indent = first.range![0] - lineStart(this.text, first.range![0]);
    const lastPair = pairs[pairs.length - 1]!;
    const end = (lastPair.value as Node | null)?.range?.[1] ?? (lastPair.key as Node).range![1];
    const at = lineEndAfter(this.text, end);
    const prefix = at === this.text.length && !this.text.endsWith('\n') ? this.eol : '';
    return { start: at, end: at, text: prefix + this.block(key, value, indent) };
  }

  private deleteFlowItem(seq: YAMLSeq, index: number): TextEdit {
    const item = seq.items[index] as Node;
    let start = item.range![0];
    let end = item.range![1];
    const after = this.text.slice(end).match(/^\s*,\s*/);
    if (after) end += after[0].length;
    else {
      const before = this.text.slice(0, start).match(/,\s*$/);
      if (before) start -= before[0].length;
    }
    return { start, end, text: '' };
  }

  /** `key: value` as block YAML at `indent` spaces, ending with a newline. */
  private block(key: string, value: unknown, indent: number): string {
    const text = yamlLib().stringify({ [key]: value }, { ...WRITE_OPTIONS, indent: 2, indentSeq: true });
    return reindent(text, indent, this.eol);
  }

  private seqItem(value: unknown, indent: number): string {
    const text = yamlLib().stringify([value], { ...WRITE_OPTIONS, indent: 2, indentSeq: true });
    return reindent(text, indent, this.eol);
  }
}

function findPair(doc: Document.Parsed, parentPath: YamlPath, key: string | number): Pair | undefined {
  const { isMap, isPair, isScalar } = yamlLib();
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  return parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key)) as Pair | undefined;
}

/** True when only spaces stand between the start of the line and `offset` (not a `- ` of a list item). */
function onlySpacesBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

function isPlainValue(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** A scalar in the style of the one it replaces: quoted stays quoted, plain stays plain where YAML allows. */
function scalarText(value: unknown, like: Scalar): string {
  const { Scalar } = yamlLib();
  if (typeof value === 'string') {
    if (like.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
    if (like.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  }
  return flowText(value);
}

function flowText(value: unknown): string {
  return yamlLib().stringify(value, WRITE_OPTIONS).trimEnd();
}

function reindent(text: string, indent: number, eol: string): string {
  const pad = ' '.repeat(indent);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => pad + l)
    .join(eol) + eol;
}

export function lineStart(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}

/** The offset just past the newline that ends the line holding `offset - 1`. */
export function lineEndAfter(text: string, offset: number): number {
  const i = text.indexOf('\n', Math.max(0, offset - 1));
  return i < 0 ? text.length : i + 1;
}

/** Applies non-overlapping edits; throws when two overlap (a conflict the engine should have caught). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new FixError('overlapping edits');
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
