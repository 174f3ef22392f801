import type { Document, LineCounter, Node } from 'yaml';
import { yamlLib } from '../lazy-packages.js';
import { FastYamlFile } from './locate-fast.js';
import { sectionStarts } from './read-yaml.js';
import type { Position, YamlPath } from './types.js';

/** Full `yaml` Documents of one file, composed only when a finding or a fix needs positions. */
export interface ParsedFile {
  documents: Document.Parsed[];
  lineCounter: LineCounter;
}

export function parseDocuments(text: string): ParsedFile {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  // Parse what follows a BOM: editors do not count it as a column, so positions in the text after it
  // are the ones they show (line 1 included). The loader strips it the same way.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let documents;
  try {
    documents = parseAllDocuments(body, { lineCounter, keepSourceTokens: false, uniqueKeys: false, merge: true });
  } catch {
    // The parser ran out of stack (a sequence nested thousands deep): parse one `---` section at a time.
    return parseBySections(body);
  }
  return { documents: Array.isArray(documents) ? documents : [], lineCounter };
}

/**
 * Each section is parsed in a copy of the text where every other section is blanked (newlines kept),
 * so node ranges stay offsets into the whole file. A section that still fails leaves a hole: its
 * findings point at the start of the file, the others are exact.
 */
function parseBySections(body: string): ParsedFile {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const blank = (t: string): string => t.replace(/[^\n]/g, ' ');
  const starts = sectionStarts(body).map((s) => s.offset);
  const documents: Document.Parsed[] = [];
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? body.length;
    const text = blank(body.slice(0, start)) + body.slice(start, end) + blank(body.slice(end));
    try {
      const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, merge: true });
      if (Array.isArray(docs)) documents.push(...docs);
    } catch {
      documents.length += 1;
    }
  });
  return { documents, lineCounter };
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
export function findSpan(doc: Document.Parsed, path: YamlPath, atKey = false): NodeSpan {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
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
      if (atKey && i === path.length - 1 && keyRange) return { ...keyRange, exact: true };
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
  if (yamlLib().isScalar(key)) return String(key.value);
  return undefined;
}

function rangeOf(node: unknown): { start: number; end: number } | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] }).range;
    if (range) {
      // End at the value end (range[1]), not past trailing comments (range[2]), collections included.
      return { start: range[0], end: range[1] };
    }
  }
  return undefined;
}

export function spanToPosition(lineCounter: Pick<LineCounter, 'linePos'>, start: number, end: number): Position {
  const a = lineCounter.linePos(start);
  // The end of a block collection is the start of the next line: pull it back onto the last character.
  const b = lineCounter.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/**
 * Caches parsed files so a file with many findings is composed once. Most findings are answered by
 * the light reader in locate-fast.ts (same spans, no `yaml` Document); a file is composed only
 * when that reader is not sure, or when a fix asks for `parsed()`.
 */
export class PositionIndex {
  private readonly cache = new Map<string, ParsedFile>();
  private readonly fast = new Map<string, FastYamlFile | undefined>();
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  private fastFile(file: string): FastYamlFile | undefined {
    if (!this.fast.has(file)) {
      const text = this.textOf(file);
      this.fast.set(file, text === undefined ? undefined : new FastYamlFile(text));
    }
    return this.fast.get(file);
  }

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

  /** `atKey`: point at the key of the path's last segment rather than at its value. */
  locate(file: string, doc: number, path: YamlPath, atKey = false): Position {
    const fast = this.fastFile(file);
    const quick = fast?.findSpan(doc, path, atKey);
    if (fast && quick) return spanToPosition(fast, quick.start, quick.end);
    const parsed = this.parsed(file);
    const document = parsed?.documents[doc];
    if (!parsed || !document) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const span = findSpan(document, path, atKey);
    return spanToPosition(parsed.lineCounter, span.start, span.end);
  }

  /** The line on which a document starts (after its `---` marker), for document-level findings. */
  documentStart(file: string, doc: number): Position {
    return this.locate(file, doc, []);
  }
}
