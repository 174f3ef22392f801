import { COLON, DASH, HASH, SPACE, TAB } from './char-codes.js';
import type { NodeSpan } from './locate.js';
import type { YamlPath } from './types.js';

/**
 * A light reader for plain block-style YAML that finds the same spans as `findSpan` does on a
 * composed `yaml` Document, at a fraction of the cost: one pass over the lines of one document,
 * no tokens, no values. It answers only when it is sure; anything it does not model (flow
 * collections over several lines, anchors, aliases, tags, merge keys, multi-line plain or quoted
 * scalars, `?` keys, tabs, directives, `...` markers, documents with odd indentation) makes it
 * give up with `undefined`, and the caller composes the document with `yaml` as before.
 *
 * Offsets are into the text after a leading BOM, as in `parseDocuments`.
 */

/** A node of the light tree: just where things are, which is all findSpan needs. */
type LNode = Leaf | Empty | LMap | LSeq;
interface Leaf {
  t: 'leaf';
  start: number;
  /** `yaml`'s range[1]: the end of the value itself. */
  end: number;
  /** `yaml`'s range[2]: past the rest of the line (comment, newline), or past a block scalar. */
  nodeEnd: number;
  last: number;
  /** A one-line flow collection: we know its range, not what is inside. */
  flow?: true;
}
/** A missing value (`key:` or `-` with nothing after): `yaml` puts an empty null scalar there. */
interface Empty {
  t: 'empty';
  pos: number;
  last: number;
}
interface LPair {
  key: string;
  /** A plain key `yaml` might read as a number, boolean or null: its String() is not its text. */
  unsure: boolean;
  kStart: number;
  kEnd: number;
  value: LNode;
}
interface LMap {
  t: 'map';
  indent: number;
  start: number;
  pairs: LPair[];
  last: number;
}
interface LSeq {
  t: 'seq';
  indent: number;
  start: number;
  items: LNode[];
  last: number;
}

/** The tree of a document without content (fine to read past, not to answer for). */
const EMPTY: LNode = { t: 'empty', pos: -1, last: -1 };

/** Thrown (and caught in this module) when the text is outside what the reader models. */
const BAIL = new Error('locate-fast: not sure');
const bail = (): never => {
  throw BAIL;
};

/** `yaml` recurses once per level; past this we leave deep documents to it (and its fallbacks). */
const MAX_DEPTH = 200;
/** Flow brackets can nest without indentation; a file with this many is not plain block style. */
const MAX_BRACKETS = 256;

/** A plain scalar that the core schema resolves to something other than its own text. */
const NON_STRING_KEY = /^(?:[-+.0-9~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)/;

/** One file: its lines and where its documents are, computed once. */
export class FastYamlFile {
  readonly body: string;
  /** Offset where each line starts; the same list `yaml`'s LineCounter builds. */
  readonly lineStarts: number[] = [0];
  /** Per line: offset of the end of its content (before `\r\n` or `\n`). */
  private readonly contentEnds: number[] = [];
  /** Per document: [first line, end line) of its content, or undefined when the file is not plain. */
  private readonly docs: Array<[number, number]> | undefined = undefined;
  private readonly trees = new Map<number, LNode | null>();
  /** Per line: its count of leading spaces, -1 until asked. */
  private readonly indents: Int32Array;

  constructor(text: string) {
    this.body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const body = this.body;
    for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) {
      this.contentEnds.push(i > 0 && body.charCodeAt(i - 1) === 13 ? i - 1 : i);
      this.lineStarts.push(i + 1);
    }
    this.contentEnds.push(body.length);
    this.indents = new Int32Array(this.contentEnds.length).fill(-1);
    try {
      this.docs = this.splitDocuments();
    } catch (e) {
      if (e !== BAIL) throw e;
    }
  }

  /** How many documents `yaml` will find, or undefined when this reader leaves the file to it. */
  get documentCount(): number | undefined {
    return this.docs?.length;
  }

  get lineCount(): number {
    return this.contentEnds.length;
  }

  /** 1-based line and column of an offset, exactly as `LineCounter.linePos` gives them. */
  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }

  /** findSpan's answer for document `doc`, or undefined when this reader is not sure. */
  findSpan(doc: number, path: YamlPath, atKey = false): NodeSpan | undefined {
    // Earlier documents must be plain too: `yaml`'s error recovery (on Go templates, say) can skip
    // lines in its LineCounter, and positions must be counted as it counts them.
    for (let d = 0; d < doc; d++) if (!this.tree(d)) return undefined;
    const root = this.tree(doc);
    if (!root || root === EMPTY) return undefined;
    try {
      return walk(this, root, path, atKey);
    } catch (e) {
      if (e === BAIL) return undefined;
      throw e;
    }
  }

  private tree(doc: number): LNode | undefined {
    let tree = this.trees.get(doc);
    if (tree === undefined) {
      const lines = this.docs?.[doc];
      tree = null;
      if (lines) {
        try {
          tree = new DocReader(this, lines[0], lines[1]).read();
        } catch (e) {
          if (e !== BAIL) throw e;
        }
      }
      this.trees.set(doc, tree);
    }
    return tree ?? undefined;
  }

  /**
   * Documents as `yaml` counts them: one per `---` line, plus one for the text before the first
   * `---` when it holds more than comments and blank lines. Directives and `...` end markers are
   * rare in manifests, so they make the whole file go to `yaml`, as do hugely nested files (there
   * `yaml` runs out of stack and parses section by section).
   */
  private splitDocuments(): Array<[number, number]> | undefined {
    const body = this.body;
    let brackets = 0;
    for (let i = body.search(/[[{]/); i >= 0 && brackets <= MAX_BRACKETS; i = nextBracket(body, i + 1)) brackets++;
    if (brackets > MAX_BRACKETS || body.includes('- - - - - - - - ')) return undefined;
    const docs: Array<[number, number]> = [];
    let from = 0;
    let content = false;
    for (let l = 0; l < this.lineCount; l++) {
      const s = this.lineStarts[l]!;
      const c = body.charCodeAt(s);
      if (c === 37 /* % */) return undefined;
      if (this.isMarker(l, '...')) return undefined;
      if (this.isMarker(l, '---')) {
        // Anything but a comment after the marker (`--- |`, `--- !tag`) is left to `yaml`.
        const rest = body.slice(s + 3, this.contentEnds[l]).trimStart();
        if (rest !== '' && !rest.startsWith('#')) return undefined;
        if (docs.length > 0 || content) docs.push([from, l]);
        from = l + 1;
        content = true; // every `---` opens a document, even an empty one
        continue;
      }
      if (!content && this.kind(l) === 'content') content = true;
      if (this.indentOf(l) > 400) return undefined;
    }
    if (docs.length > 0 || content) docs.push([from, this.lineCount]);
    return docs;
  }

  private isMarker(l: number, marker: string): boolean {
    const s = this.lineStarts[l]!;
    if (!this.body.startsWith(marker, s)) return false;
    const after = s + 3;
    return after >= this.contentEnds[l]! || this.body.charCodeAt(after) === SPACE || this.body.charCodeAt(after) === TAB;
  }

  start(l: number): number {
    return this.lineStarts[l]!;
  }
  contentEnd(l: number): number {
    return this.contentEnds[l]!;
  }
  /** Where the next line starts (past `\n`), or the end of the text on the last line. */
  lineEnd(l: number): number {
    return this.lineStarts[l + 1] ?? this.body.length;
  }
  indentOf(l: number): number {
    let indent = this.indents[l]!;
    if (indent < 0) {
      const s = this.lineStarts[l]!;
      let i = s;
      while (this.body.charCodeAt(i) === SPACE) i++;
      indent = this.indents[l] = i - s;
    }
    return indent;
  }

  /** 'blank' (nothing or only spaces), 'comment', or 'content'; a tab before any text bails. */
  kind(l: number): 'blank' | 'comment' | 'content' {
    const i = this.start(l) + this.indentOf(l);
    if (i >= this.contentEnd(l)) return 'blank';
    const c = this.body.charCodeAt(i);
    if (c === TAB) bail();
    return c === HASH ? 'comment' : 'content';
  }
}

function nextBracket(body: string, from: number): number {
  const a = body.indexOf('[', from);
  const b = body.indexOf('{', from);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** Reads one document's lines [from, to) into a light tree; throws BAIL on anything unmodelled. */
class DocReader {
  private readonly body: string;
  private depth = 0;

  constructor(
    private readonly f: FastYamlFile,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.body = f.body;
  }

  read(): LNode {
    const first = this.nextContent(this.from);
    if (first < 0) return EMPTY; // its null contents are not worth modelling
    const { node, next } = this.node(first, this.f.start(first) + this.f.indentOf(first), -1);
    if (node.t !== 'map' && node.t !== 'seq') bail();
    if (next >= 0) bail(); // content after the root ends: an error `yaml` reports
    return node;
  }

  /** The next line at or after `l` with content, or -1 at the end of the document. */
  private nextContent(l: number): number {
    for (; l < this.to; l++) if (this.f.kind(l) === 'content') return l;
    return -1;
  }

  /**
   * Reads the node starting at offset `o` on line `l`, inside a collection indented `parent`.
   * Returns it and the next content line after it (-1 at the end of the document).
   */
  private node(l: number, o: number, parent: number): { node: LNode; next: number } {
    if (++this.depth > MAX_DEPTH) bail();
    try {
      const c = this.body.charCodeAt(o);
      if (c === DASH && this.isBreak(o + 1, l)) return this.seq(l, o - this.f.start(l), parent);
      if (c !== 42 /* * alias */ && this.key(l, o)) return this.map(l, o - this.f.start(l));
      const leaf = this.leaf(l, o, parent);
      return { node: leaf, next: this.nextContent(leaf.last + 1) };
    } finally {
      this.depth--;
    }
  }

  /** True when offset `o` on line `l` is a space or the end of the line (`-` and `:` indicators). */
  private isBreak(o: number, l: number): boolean {
    if (o >= this.f.contentEnd(l)) return true;
    const c = this.body.charCodeAt(o);
    if (c === TAB) bail();
    return c === SPACE;
  }

  private map(l: number, indent: number): { node: LNode; next: number } {
    const lineStart = this.f.start(l);
    const map: LMap = { t: 'map', indent, start: lineStart + indent, pairs: [], last: l };
    let line = l;
    for (;;) {
      const k = this.key(line, this.f.start(line) + indent) ?? bail();
      const { after, anchored } = this.anchor(line, this.skipSpaces(k.colon + 1, line));
      let value: LNode;
      let next: number;
      if (after >= this.f.contentEnd(line) || this.body.charCodeAt(after) === HASH) {
        // The value is on the lines below: deeper, or a sequence at the key's own indent.
        const n = this.nextContent(line + 1);
        const ni = n >= 0 ? this.f.indentOf(n) : -1;
        const nStart = n >= 0 ? this.f.start(n) + ni : 0;
        if (n >= 0 && ni > indent) ({ node: value, next } = this.node(n, nStart, indent));
        else if (n >= 0 && ni === indent && this.body.charCodeAt(nStart) === DASH && this.isBreak(nStart + 1, n)) {
          ({ node: value, next } = this.seq(n, indent, indent));
        } else {
          if (anchored) bail(); // an anchored empty value: not modelled
          value = { t: 'empty', pos: after, last: line };
          next = n;
        }
      } else {
        const leaf = this.leaf(line, after, indent);
        value = leaf;
        next = this.nextContent(leaf.last + 1);
      }
      map.pairs.push({ key: k.key, unsure: k.unsure, kStart: k.start, kEnd: k.end, value });
      map.last = value.last;
      if (next < 0) return { node: map, next };
      const ni = this.f.indentOf(next);
      if (ni < indent) return { node: map, next };
      if (ni > indent) bail(); // a continuation line or bad indentation
      line = next;
    }
  }

  private seq(l: number, indent: number, parent: number): { node: LNode; next: number } {
    if (indent <= parent && !(indent === parent && parent >= 0)) bail();
    const seq: LSeq = { t: 'seq', indent, start: this.f.start(l) + indent, items: [], last: l };
    let line = l;
    for (;;) {
      const dash = this.f.start(line) + indent;
      if (this.body.charCodeAt(dash) !== DASH || !this.isBreak(dash + 1, line)) bail();
      const { after, anchored } = this.anchor(line, this.skipSpaces(dash + 1, line));
      let item: LNode;
      let next: number;
      if (after >= this.f.contentEnd(line) || this.body.charCodeAt(after) === HASH) {
        const n = this.nextContent(line + 1);
        if (n >= 0 && this.f.indentOf(n) > indent) ({ node: item, next } = this.node(n, this.f.start(n) + this.f.indentOf(n), indent));
        else {
          if (anchored) bail();
          item = { t: 'empty', pos: after, last: line };
          next = n;
        }
      } else if (anchored) {
        // `- &a text`; `- &a key: v` (whose anchor is the key's or the map's?) bails in leaf().
        item = this.leaf(line, after, indent);
        next = this.nextContent(item.last + 1);
      } else {
        ({ node: item, next } = this.node(line, after, indent));
      }
      seq.items.push(item);
      seq.last = item.last;
      if (next < 0) return { node: seq, next };
      const ni = this.f.indentOf(next);
      if (ni > indent) bail();
      const s = this.f.start(next) + ni;
      // A line at this indent that is not an item ends the sequence (its map's next key).
      if (ni < indent || !(this.body.charCodeAt(s) === DASH && this.isBreak(s + 1, next))) return { node: seq, next };
      line = next;
    }
  }

  /**
   * Skips an anchor (`&name `) before a value: the value's range starts after it. Anchors are
   * common in manifests (`labels: &labels`), and the aliases to them are opaque leaves.
   */
  private anchor(l: number, o: number): { after: number; anchored: boolean } {
    if (this.body.charCodeAt(o) !== 38 /* & */) return { after: o, anchored: false };
    const name = this.name(l, o + 1);
    if (!this.isBreak(name, l)) bail();
    return { after: this.skipSpaces(name, l), anchored: true };
  }

  /** The end of an anchor or alias name starting at `o`; flow indicators in it bail. */
  private name(l: number, o: number): number {
    const end = this.f.contentEnd(l);
    let i = o;
    for (; i < end; i++) {
      const c = this.body[i]!;
      if (c === ' ') break;
      if (',[]{}\t'.includes(c)) bail();
    }
    if (i === o) bail();
    return i;
  }

  /** A `key:` at offset `o`, or undefined when the line does not start a map entry there. */
  private key(l: number, o: number): { key: string; unsure: boolean; start: number; end: number; colon: number } | undefined {
    const end = this.f.contentEnd(l);
    const c = this.body.charCodeAt(o);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const q = this.quoted(l, o);
      const colon = this.skipSpaces(q.end, l);
      if (this.body.charCodeAt(colon) !== COLON) return undefined;
      if (!this.isBreak(colon + 1, l)) bail(); // `"a":b` — JSON-like keys are left to `yaml`
      return { key: q.value, unsure: false, start: o, end: q.end, colon };
    }
    if (!plainStart(this.body, o, end)) return undefined;
    const p = this.plain(l, o);
    if (p.colon < 0) return undefined;
    const key = this.body.slice(o, p.end);
    if (key === '<<') bail(); // a merge key: its pairs come from elsewhere
    return { key, unsure: NON_STRING_KEY.test(key), start: o, end: p.end, colon: p.colon };
  }

  /** A scalar value starting at `o`, or a one-line flow collection treated as opaque. */
  private leaf(l: number, o: number, parent: number): Leaf {
    const c = this.body.charCodeAt(o);
    const lineEnd = this.f.lineEnd(l);
    if (c === 34 || c === 39) {
      const q = this.quoted(l, o);
      this.restIsComment(q.end, l);
      return { t: 'leaf', start: o, end: q.end, nodeEnd: lineEnd, last: l };
    }
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(l, o, parent);
    if (c === 42 /* * */) {
      // An alias: findSpan stops at it (it is neither a map nor a sequence).
      const end = this.name(l, o + 1);
      this.restIsComment(end, l);
      return { t: 'leaf', start: o, end, nodeEnd: lineEnd, last: l };
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const end = this.flow(l, o);
      this.restIsComment(end, l);
      return { t: 'leaf', start: o, end, nodeEnd: lineEnd, last: l, flow: true };
    }
    if (!plainStart(this.body, o, this.f.contentEnd(l))) bail();
    const p = this.plain(l, o);
    if (p.colon >= 0) bail(); // `a: b: c` and the like
    return { t: 'leaf', start: o, end: p.end, nodeEnd: lineEnd, last: l };
  }

  /**
   * A plain scalar on one line: where its text ends (trailing spaces dropped) and the `:` that
   * makes it a key, if any. Stops at ` #`.
   */
  private plain(l: number, o: number): { end: number; colon: number } {
    const end = this.f.contentEnd(l);
    const body = this.body;
    let last = o;
    for (let i = o; i < end; i++) {
      const c = body.charCodeAt(i);
      if (c === TAB) bail();
      if (c === COLON && (i + 1 >= end || body.charCodeAt(i + 1) === SPACE || body.charCodeAt(i + 1) === TAB)) return { end: last, colon: i };
      if (c === HASH && body.charCodeAt(i - 1) === SPACE) break;
      if (c !== SPACE) last = i + 1;
    }
    return { end: last, colon: -1 };
  }

  /** A quoted scalar closed on its own line: its end and value. Escapes other than `''` bail. */
  private quoted(l: number, o: number): { end: number; value: string } {
    const body = this.body;
    const quote = body.charCodeAt(o);
    const end = this.f.contentEnd(l);
    for (let i = o + 1; i < end; i++) {
      const c = body.charCodeAt(i);
      if (quote === 34 && c === 92 /* \ */) bail();
      if (c !== quote) continue;
      if (quote === 39 && body.charCodeAt(i + 1) === 39) {
        i++;
        continue;
      }
      const raw = body.slice(o + 1, i);
      return { end: i + 1, value: quote === 39 ? raw.replaceAll("''", "'") : raw };
    }
    return bail(); // the scalar goes on over the next lines
  }

  /** The end of a flow collection that closes on this line; quotes only right after `[{,:`. */
  private flow(l: number, o: number): number {
    const body = this.body;
    const end = this.f.contentEnd(l);
    let depth = 0;
    let prev = SPACE; // the last character that is not a space
    for (let i = o; i < end; i++) {
      const c = body.charCodeAt(i);
      if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (--depth === 0) return i + 1;
      } else if (c === 34 || c === 39) {
        if (prev !== 91 && prev !== 123 && prev !== 44 && prev !== COLON) bail();
        i = this.quoted(l, i).end - 1;
      } else if (c === HASH || c === TAB || c === 38 /* & */ || c === 42 /* * */ || c === 33 /* ! */ || c === 63 /* ? */) bail();
      if (c !== SPACE) prev = body.charCodeAt(i);
    }
    return bail();
  }

  /**
   * `|` or `>` with an optional `-` chomping indicator. Its range ends past its last non-empty
   * line; keep chomping (`+`), indentation indicators and lines of only spaces at its edges (which
   * `yaml` may count in) are left to `yaml`.
   */
  private blockScalar(l: number, o: number, parent: number): Leaf {
    const body = this.body;
    let h = o + 1;
    if (body.charCodeAt(h) === DASH) h++;
    this.restIsComment(h, l);
    let first = -1;
    let last = -1;
    let contentIndent = -1;
    let n = l + 1;
    for (; n < this.to; n++) {
      const s = this.f.start(n);
      const e = this.f.contentEnd(n);
      const ind = this.f.indentOf(n);
      if (s + ind >= e) {
        if (e > s && (first < 0 || contentIndent < 0)) bail(); // spaces-only line before the text
        continue;
      }
      if (first < 0) {
        if (body.charCodeAt(s + ind) === TAB) bail();
        if (ind <= parent) break; // an empty block scalar
        first = n;
        contentIndent = ind;
      } else if (ind < contentIndent) {
        if (body.charCodeAt(s + ind) === TAB) bail();
        break;
      }
      last = n;
    }
    if (first < 0) {
      if (n > l + 1) bail(); // empty, with blank lines after: not modelled
      const end = this.f.lineEnd(l);
      return { t: 'leaf', start: o, end, nodeEnd: end, last: l };
    }
    // Blank lines after the text are not part of the scalar unless they hold spaces.
    for (let k = last + 1; k < n; k++) if (this.f.contentEnd(k) > this.f.start(k)) bail();
    const end = this.f.lineEnd(last);
    return { t: 'leaf', start: o, end, nodeEnd: end, last };
  }

  /** Bails unless what follows offset `o` on line `l` is spaces and maybe a ` #comment`. */
  private restIsComment(o: number, l: number): void {
    const end = this.f.contentEnd(l);
    const i = this.skipSpaces(o, l);
    if (i >= end) return;
    if (this.body.charCodeAt(i) !== HASH || i === o) bail();
  }

  private skipSpaces(o: number, l: number): number {
    const end = this.f.contentEnd(l);
    while (o < end && this.body.charCodeAt(o) === SPACE) o++;
    if (o < end && this.body.charCodeAt(o) === TAB) bail();
    return o;
  }
}

/** Whether a plain scalar may start at `o`: not an indicator (`-`, `?`, `:` only before text). */
function plainStart(body: string, o: number, end: number): boolean {
  if (o >= end) return false;
  const c = body[o]!;
  if ('-?:'.includes(c)) return c === '-' && o + 1 < end && body.charCodeAt(o + 1) !== SPACE && body.charCodeAt(o + 1) !== TAB;
  if (',[]{}#&*!|>\'"%@`'.includes(c)) bail();
  return true;
}

/** findSpan over the light tree, step for step. */
function walk(f: FastYamlFile, root: LNode, path: YamlPath, atKey: boolean): NodeSpan {
  // The current span: a node's range, or a key's (computed only when returned).
  let node: LNode = root;
  let keySpan: { start: number; end: number } | undefined;
  const span = (exact: boolean): NodeSpan => ({ ...(keySpan ?? rangeOf(f, node)), exact });
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node.t === 'leaf' && node.flow) bail(); // the path goes into a flow collection
    if (node.t === 'map') {
      // The first pair whose key reads as `seg`; a key that may not read as its text makes us unsure.
      const pair = node.pairs.find((p) => (p.unsure ? bail() : p.key === String(seg)));
      if (!pair) return span(false);
      if (atKey && i === path.length - 1) return { start: pair.kStart, end: pair.kEnd, exact: true };
      if (pair.value.t === 'empty') {
        keySpan = { start: pair.kStart, end: pair.kEnd };
        return span(i === path.length - 1);
      }
      node = pair.value;
    } else if (node.t === 'seq' && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) return span(false);
      node = item;
    } else {
      return span(false);
    }
  }
  return span(true);
}

/** `yaml`'s [range[0], range[1]] for a node; collections end where their last value ends. */
function rangeOf(f: FastYamlFile, node: LNode): { start: number; end: number } {
  if (node.t === 'leaf') return { start: node.start, end: node.end };
  if (node.t === 'empty') return { start: node.pos, end: node.pos };
  // The chain of last values down to the leaf whose end is the collection's end.
  const below: Array<LMap | LSeq> = [];
  let inner: LNode = node;
  for (;;) {
    const lastChild: LNode | undefined = inner.t === 'map' ? inner.pairs[inner.pairs.length - 1]?.value : inner.t === 'seq' ? inner.items[inner.items.length - 1] : undefined;
    if (!lastChild) break;
    if (lastChild.t === 'map' || lastChild.t === 'seq') below.push(lastChild);
    inner = lastChild;
    if (inner.t !== 'map' && inner.t !== 'seq') break;
  }
  const comments = trailingCommentIndent(f, node);
  if (inner.t === 'empty') {
    // A comment after a missing value becomes the empty scalar's and stretches its range.
    if (comments >= 0 || inner.pos < f.contentEnd(inner.last)) bail();
    return { start: node.start, end: inner.pos };
  }
  if (comments >= 0) checkTrailingComments(comments, node, below);
  const end = inner.t === 'leaf' ? inner.nodeEnd : bail();
  return { start: node.start, end };
}

/** The deepest indent of the comment lines right after a collection, or -1 when there are none. */
function trailingCommentIndent(f: FastYamlFile, node: LMap | LSeq): number {
  let maxIndent = -1;
  for (let l = node.last + 1; l < f.lineCount; l++) {
    const kind = f.kind(l);
    if (kind === 'content') break;
    if (kind === 'comment') maxIndent = Math.max(maxIndent, f.indentOf(l));
  }
  return maxIndent;
}

/**
 * Comment lines right after a collection's last line can become part of its last value's range:
 * `yaml` gives comments to the innermost open collection, appends ones indented deeper to the last
 * scalar, and moves trailing ones up to the parent only when all sit left of the child's indent.
 * We answer when they all end up outside: no comment deeper than the innermost collection, and
 * every collection below `node` on the last-value chain is at indent 0 or right of all of them.
 */
function checkTrailingComments(maxIndent: number, node: LMap | LSeq, below: Array<LMap | LSeq>): void {
  const innermost = below[below.length - 1] ?? node;
  if (maxIndent > innermost.indent) bail();
  for (const c of below) if (c.indent !== 0 && maxIndent >= c.indent) bail();
}
