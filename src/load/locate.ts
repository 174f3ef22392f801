import { isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Position, YamlPath } from './types.js';

/** Full `yaml` Documents of one file, composed only when a finding or a fix needs positions. */
export interface ParsedFile {
  documents: Document.Parsed[];
  lineCounter: LineCounter;
}

export function parseDocuments(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  // Parse what follows a BOM: editors do not count it as a column, so positions in the text after it
  // are the ones they show (line 1 included). The loader strips it the same way.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const documents = parseAllDocuments(body, { lineCounter, keepSourceTokens: false, uniqueKeys: false, merge: true });
  return { documents: Array.isArray(documents) ? documents : [], lineCounter };
}

/** A node's [start, end) offsets, plus the key's start when the path ends at a map value. */
export interface NodeSpan {
  start: number;
  end: number;
  /** True when the full path exists; false when we stopped at the deepest existing ancestor. */
  exact: boolean;
}

/**
 * Finds the node at `path` in a document, or its deepest existing ancestor. A path that ends at a
 * map key points at the value (what users must change), or at the key when the value is empty.
 */
export function findSpan(doc: Document.Parsed, path: YamlPath): NodeSpan {
  let node: unknown = doc.contents;
  let span = rangeOf(node) ?? { start: doc.range[0], end: doc.range[1] };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) return { ...span, exact: false };
      const value = pair.value as Node | null;
      const valueRange = rangeOf(value);
      const keyRange = rangeOf(pair.key);
      if (!valueRange || (isScalar(value) && value.value === null && valueRange.start === valueRange.end)) {
        span = keyRange ?? span;
        node = value;
        if (i === path.length - 1) return { ...span, exact: true };
        return { ...span, exact: false };
      }
      span = valueRange;
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      const r = rangeOf(item);
      if (!r) return { ...span, exact: false };
      span = r;
      node = item;
    } else {
      return { ...span, exact: false };
    }
  }
  return { ...span, exact: true };
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeOf(node: unknown): { start: number; end: number } | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] }).range;
    if (range) {
      // For collections, end at the value end, not past trailing comments.
      const end = isCollection(node) ? range[1] : range[1];
      return { start: range[0], end };
    }
  }
  return undefined;
}

export function spanToPosition(lineCounter: LineCounter, start: number, end: number): Position {
  const a = lineCounter.linePos(start);
  // The end of a block collection is the start of the next line: pull it back onto the last character.
  const b = lineCounter.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** Caches parsed files so a file with many findings is composed once. */
export class PositionIndex {
  private readonly cache = new Map<string, ParsedFile>();
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  parsed(file: string): ParsedFile | undefined {
    let parsed = this.cache.get(file);
    if (!parsed) {
      const text = this.textOf(file);
      if (text === undefined) return undefined;
      parsed = parseDocuments(text);
      this.cache.set(file, parsed);
    }
    return parsed;
  }

  locate(file: string, doc: number, path: YamlPath): Position {
    const parsed = this.parsed(file);
    const document = parsed?.documents[doc];
    if (!parsed || !document) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const span = findSpan(document, path);
    return spanToPosition(parsed.lineCounter, span.start, span.end);
  }

  /** The line on which a document starts (after its `---` marker), for document-level findings. */
  documentStart(file: string, doc: number): Position {
    return this.locate(file, doc, []);
  }
}
