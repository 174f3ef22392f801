import type jsyaml from 'js-yaml';
import { AMP, COLON, DASH, DQUOTE, HASH, NL, SPACE, SQUOTE, STAR } from './char-codes.js';

/**
 * A parser for the block YAML that Kubernetes manifests are nearly always written in, about twice as
 * fast as js-yaml on them; for anything else it gives up (returns undefined) and read-yaml.ts hands
 * the text to js-yaml, which then decides, exactly as before.
 *
 * What it reads: documents split by `---` lines; block mappings and sequences (including a sequence
 * at its key's indentation, `- key: value` items and comments anywhere); plain, single-quoted and
 * double-quoted scalars on one line; `|` and `>` block scalars (clip or strip); anchors and aliases
 * (an alias is the anchored value itself, as in js-yaml); `[a, "b"]` on one line, `{}`.
 * What makes it give up: tabs, CR line breaks, control or surrogate characters, tags, directives,
 * merge keys, flow mappings with content, flow sequences past one line or holding collections,
 * multi-line plain or quoted scalars, escapes in quoted keys, block scalars with an indentation
 * indicator, `+` chomping, leading blank lines or more-indented folded lines, an anchor on an alias,
 * complex or duplicate keys, `__proto__`, and nesting past MAX_NESTING.
 *
 * Where it answers, it answers as js-yaml with read-yaml.ts's schema would (plain scalars are resolved
 * by js-yaml's own implicit types), and it never answers where js-yaml throws: fast-yaml.test.ts
 * compares the two on every YAML file of the fixtures, the corpus and a generated repository, on
 * corner cases, and on seeded random snippets and mutants.
 */

/** Thrown inside the parser to give up; never escapes it. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/**
 * js-yaml refuses documents nested past 100 levels (its maxDepth; read-yaml.ts then asks `yaml`),
 * counting a little differently from us: well below that, and below read-yaml.ts's MAX_DEPTH,
 * whose check our callers then skip.
 */
const MAX_NESTING = 64;
// Characters js-yaml rejects or reads differently, and the ones this parser leaves to it: control
// characters but \n, tab, CR, DEL and C1 (with NEL), surrogates, BOM, U+FFFE/U+FFFF, line and
// paragraph separators.
const UNSUPPORTED_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF\u2028\u2029]/;

type ScalarType = { resolve(data: string): boolean; construct(data: string): unknown };

/**
 * The documents of `text` (without BOM) as js-yaml's loadAll with `schema` returns them, or
 * undefined when the text is outside what this parser reads.
 */
export function parseSimpleYaml(text: string, schema: jsyaml.Schema): { docs: unknown[]; aliased: boolean } | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  const implicit = (schema as unknown as { compiledImplicit: ScalarType[] }).compiledImplicit;
  try {
    const parser = new Parser(text, implicit);
    const docs = parser.documents();
    return { docs, aliased: parser.aliased };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class Parser {
  private readonly s: string;
  private readonly len: number;
  /** Always at the start of a line, or at `len`, between the parse steps. */
  private i = 0;
  private depth = 0;
  /** The current document's anchors. */
  private anchors = new Map<string, unknown>();
  /** Whether an alias was read: its value is then shared, and the caller checks the expansion. */
  aliased = false;

  constructor(
    text: string,
    private readonly implicit: ScalarType[],
  ) {
    // As js-yaml: a last line without a line break gets one.
    const last = text.charCodeAt(text.length - 1);
    this.s = text.length > 0 && last !== NL ? `${text}\n` : text;
    this.len = this.s.length;
  }

  documents(): unknown[] {
    const docs: unknown[] = [];
    // js-yaml reads no document from a text that is empty or only spaces and one line break.
    let start = 0;
    while (this.s.charCodeAt(start) === SPACE) start++;
    if (start >= this.len - 1) return docs;
    for (;;) {
      this.skipBlankAndComments();
      this.noDirectiveOrEnd();
      if (this.isDocumentMarker()) {
        this.i += 3;
        this.restOfLineIsEmpty(this.i);
      }
      this.skipBlankAndComments();
      this.noDirectiveOrEnd();
      this.anchors = new Map();
      if (this.i >= this.len || this.isDocumentMarker()) docs.push(null);
      else {
        // As js-yaml: a root block scalar's content must be indented past the line its header is on.
        const indent = this.indentAt(this.i);
        docs.push(this.blockNode(indent, indent - 1));
      }
      this.skipBlankAndComments();
      if (this.i >= this.len) return docs;
      if (!this.isDocumentMarker()) throw GIVE_UP;
    }
  }

  /** Gives up on a `%` directive or a `...` document end at `i`. */
  private noDirectiveOrEnd(): void {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x25 || (c === 0x2e && this.s.startsWith('...', this.i))) throw GIVE_UP;
  }

  // ---- lines

  /** Moves past blank lines and comment lines. */
  private skipBlankAndComments(): void {
    const s = this.s;
    while (this.i < this.len) {
      let j = this.i;
      while (s.charCodeAt(j) === SPACE) j++;
      const c = s.charCodeAt(j);
      if (c === NL) this.i = j + 1;
      else if (c === HASH) this.i = this.lineEnd(j) + 1;
      else if (j >= this.len) this.i = this.len;
      else return;
    }
  }

  private lineEnd(from: number): number {
    const end = this.s.indexOf('\n', from);
    return end < 0 ? this.len : end;
  }

  private indentAt(lineStart: number): number {
    let j = lineStart;
    while (this.s.charCodeAt(j) === SPACE) j++;
    return j - lineStart;
  }

  /**
   * `---` at the start of the line at `i`, followed by a space or the line's end. js-yaml also takes
   * `---` followed by anything else as a marker in some places and not in others: left to it.
   */
  private isDocumentMarker(): boolean {
    const s = this.s;
    const i = this.i;
    const first = s.charCodeAt(i);
    if ((first !== DASH && first !== 0x2e) || s.charCodeAt(i + 1) !== first || s.charCodeAt(i + 2) !== first) return false;
    const c = s.charCodeAt(i + 3);
    if (first === DASH && (c === SPACE || c === NL || i + 3 >= this.len)) return true;
    throw GIVE_UP;
  }

  /** Only spaces and maybe a comment are left on the line from `from`: moves to the next line. */
  private restOfLineIsEmpty(from: number): void {
    const s = this.s;
    let j = from;
    while (s.charCodeAt(j) === SPACE) j++;
    if (j >= this.len) {
      this.i = this.len;
      return;
    }
    const c = s.charCodeAt(j);
    // A comment needs a space before it: `"x"#c` is an error.
    const comment = c === HASH && (j === 0 || s.charCodeAt(j - 1) === SPACE || s.charCodeAt(j - 1) === NL);
    if (c !== NL && !comment) throw GIVE_UP;
    this.i = this.lineEnd(j) + 1;
  }

  private isSequenceEntry(p: number): boolean {
    if (this.s.charCodeAt(p) !== DASH) return false;
    const c = this.s.charCodeAt(p + 1);
    return c === SPACE || c === NL;
  }

  // ---- nodes

  /** The node whose first line starts at `i` with `indent` spaces, inside a parent at `parentIndent`. */
  private blockNode(indent: number, parentIndent: number): unknown {
    if (++this.depth > MAX_NESTING) throw GIVE_UP;
    const p = this.i + indent;
    let node: unknown;
    let colon: number;
    if (this.isSequenceEntry(p)) node = this.sequence(indent);
    else if ((colon = this.keyEnd(p)) >= 0) node = this.mapping(indent, p, colon);
    else {
      // A scalar on a line of its own.
      this.i = p;
      node = this.inlineValue(parentIndent);
    }
    this.depth--;
    return node;
  }

  /** A block sequence whose `-` are at column `col`; `i` is at the start of its first line. */
  private sequence(col: number): unknown[] {
    const s = this.s;
    const items: unknown[] = [];
    for (;;) {
      let p = this.i + col + 1;
      while (s.charCodeAt(p) === SPACE) p++;
      items.push(this.value(p, col, false));
      this.skipBlankAndComments();
      if (this.i >= this.len) return items;
      const indent = this.indentAt(this.i);
      if (indent < col) return items;
      if (indent > col) throw GIVE_UP;
      if (!this.isSequenceEntry(this.i + indent)) return items; // the parent mapping's next key
    }
  }

  /**
   * A block mapping whose keys are at column `col`; its first key starts at `p` (on the line at `i`,
   * which for `- key: value` is not where the key's column starts).
   */
  private mapping(col: number, first: number, firstColon: number): Record<string, unknown> {
    const s = this.s;
    const map: Record<string, unknown> = {};
    let p = first;
    let colon = firstColon;
    for (;;) {
      const key = this.key(p, colon);
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(map, key)) throw GIVE_UP;
      let v = colon + 1;
      while (s.charCodeAt(v) === SPACE) v++;
      map[key] = this.value(v, col, true);
      this.skipBlankAndComments();
      if (this.i >= this.len || this.isDocumentMarker()) return map;
      const indent = this.indentAt(this.i);
      if (indent < col) return map;
      if (indent > col) throw GIVE_UP;
      p = this.i + indent;
      // A stray `- ` among the keys is an error, which js-yaml reports.
      if (this.isSequenceEntry(p)) throw GIVE_UP;
      colon = this.keyEnd(p);
      if (colon < 0) throw GIVE_UP;
    }
  }

  /**
   * The value that starts at `v`, after a mapping's `key: ` or a sequence's `- ` at column `col`, with
   * its anchor if it has one; leaves `i` at the start of the line after it.
   */
  private value(v: number, col: number, inMapping: boolean): unknown {
    const s = this.s;
    let anchor: string | undefined;
    if (s.charCodeAt(v) === AMP) {
      const end = this.nameEnd(v + 1);
      anchor = s.slice(v + 1, end);
      v = end;
      while (s.charCodeAt(v) === SPACE) v++;
    }
    const c = s.charCodeAt(v);
    let value: unknown;
    let colon: number;
    if (c === NL || c === HASH || v >= this.len) {
      // The value is on the lines below, indented past the key or the `-`; or it is empty.
      this.i = c === NL ? v + 1 : this.lineEnd(v) + 1;
      this.skipBlankAndComments();
      value = null;
      if (this.i < this.len && !this.isDocumentMarker()) {
        const indent = this.indentAt(this.i);
        // An alias takes no anchor: `&a *b` is an error, which js-yaml reports.
        if (anchor !== undefined && s.charCodeAt(this.i + indent) === STAR) throw GIVE_UP;
        if (indent > col) value = this.blockNode(indent, col);
        // A mapping's sequence may sit at its key's own indentation.
        else if (inMapping && indent === col && this.isSequenceEntry(this.i + indent)) {
          if (++this.depth > MAX_NESTING) throw GIVE_UP;
          value = this.sequence(col);
          this.depth--;
        }
      }
    } else if (anchor !== undefined && c === STAR) {
      throw GIVE_UP;
    } else if (!inMapping && this.isSequenceEntry(v)) {
      throw GIVE_UP; // `- - x`
    } else if (!inMapping && (colon = this.keyEnd(v)) >= 0) {
      // `- key: value`: a mapping whose keys line up with this first one.
      if (anchor !== undefined || ++this.depth > MAX_NESTING) throw GIVE_UP;
      value = this.mapping(v - this.i, v, colon);
      this.depth--;
    } else {
      this.i = v;
      value = this.inlineValue(col);
    }
    if (anchor !== undefined) this.anchors.set(anchor, value);
    return value;
  }

  /** The end of an anchor or alias name that starts at `p`. */
  private nameEnd(p: number): number {
    let j = p;
    for (;;) {
      const c = this.s.charCodeAt(j);
      if (c === SPACE || c === NL || Number.isNaN(c)) break;
      // Flow indicators end a name in js-yaml; such names are left to it.
      if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) throw GIVE_UP;
      j++;
    }
    if (j === p) throw GIVE_UP;
    return j;
  }

  /**
   * Where the key that starts at `p` ends: the offset of its `:` (followed by a space or the line's
   * end), or -1 when the line holds no simple key.
   */
  private keyEnd(p: number): number {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(p);
      if (close < 0) return -1;
      let j = close + 1;
      while (s.charCodeAt(j) === SPACE) j++;
      const after = s.charCodeAt(j + 1);
      return s.charCodeAt(j) === COLON && (after === SPACE || after === NL || j + 1 >= this.len) ? j : -1;
    }
    if (!startsPlain(c, s.charCodeAt(p + 1))) return -1;
    for (let j = p + 1; j < this.len; j++) {
      const d = s.charCodeAt(j);
      if (d === NL) return -1;
      if (d === COLON) {
        const after = s.charCodeAt(j + 1);
        if (after === SPACE || after === NL || j + 1 >= this.len) return j;
      } else if (d === HASH && s.charCodeAt(j - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Where the quote that opens at `p` closes on the same line; -1 when it does not. */
  private closingQuote(p: number): number {
    const close = this.s.indexOf(this.s[p]!, p + 1);
    return close >= 0 && close <= this.lineEnd(p) ? close : -1;
  }

  /**
   * The text between the quote at `p` and its close (on the line), when it holds no escape and no
   * doubled quote: those are js-yaml's to read.
   */
  private quotedText(p: number, close: number): string {
    if (close < 0) throw GIVE_UP;
    const raw = this.s.slice(p + 1, close);
    if (this.s.charCodeAt(p) === DQUOTE ? raw.includes('\\') : this.s.charCodeAt(close + 1) === SQUOTE) throw GIVE_UP;
    return raw;
  }

  /** The key from `p` to its colon at `colon`, as js-yaml turns it into a property name. */
  private key(p: number, colon: number): string {
    const c = this.s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return this.quotedText(p, this.closingQuote(p));
    let end = colon;
    while (this.s.charCodeAt(end - 1) === SPACE) end--;
    // YAML limits implicit keys to 1024 characters.
    if (end - p > 1000) throw GIVE_UP;
    return String(this.plain(this.s.slice(p, end)));
  }

  /**
   * A value that starts at `i` on its line (after `key: `, `- ` or on a line of its own), inside a
   * parent at `parentIndent`; leaves `i` at the start of the next line.
   */
  private inlineValue(parentIndent: number): unknown {
    const s = this.s;
    const p = this.i;
    const c = s.charCodeAt(p);
    if (c === DQUOTE) return this.doubleQuoted(p);
    if (c === SQUOTE) return this.singleQuoted(p);
    if (c === 0x7c || c === 0x3e) return this.blockScalar(p, c === 0x3e, parentIndent); // | >
    if (c === 0x5b) return this.flowSequence(p);
    if (c === 0x7b) {
      // {: only the empty mapping.
      let j = p + 1;
      while (s.charCodeAt(j) === SPACE) j++;
      if (s.charCodeAt(j) !== 0x7d) throw GIVE_UP;
      this.restOfLineIsEmpty(j + 1);
      return {};
    }
    if (c === STAR) {
      const end = this.nameEnd(p + 1);
      const name = s.slice(p + 1, end);
      if (!this.anchors.has(name)) throw GIVE_UP;
      this.restOfLineIsEmpty(end);
      this.aliased = true;
      // The same value, not a copy, as js-yaml gives.
      return this.anchors.get(name);
    }
    if (!startsPlain(c, s.charCodeAt(p + 1))) throw GIVE_UP;
    const eol = this.lineEnd(p);
    let end = eol;
    for (let j = p + 1; j < eol; j++) {
      const d = s.charCodeAt(j);
      if (d === HASH && s.charCodeAt(j - 1) === SPACE) {
        end = j;
        break;
      }
      // `a: b: c` and `a: b:` are errors js-yaml reports.
      if (d === COLON && (s.charCodeAt(j + 1) === SPACE || j + 1 === eol)) throw GIVE_UP;
    }
    while (s.charCodeAt(end - 1) === SPACE) end--;
    this.i = eol + 1;
    return this.plain(s.slice(p, end));
  }

  /** A plain scalar's value: null, a boolean, a number or a string, as js-yaml's schema resolves it. */
  private plain(text: string): unknown {
    const c = text.charCodeAt(0);
    // Merge keys and `<<` values are js-yaml's to read.
    if (c === 0x3c) throw GIVE_UP;
    // A word can only be one of js-yaml's null and boolean spellings; numbers start with these.
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
      for (const type of this.implicit) if (type.resolve(text)) return type.construct(text);
      return text;
    }
    if (text.length > 5 || !(c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46)) return text;
    const word = WORDS.get(text);
    return word === undefined ? text : word.value;
  }

  /** `[a, "b", 1]` on one line: scalars only. */
  private flowSequence(p: number): unknown[] {
    const s = this.s;
    const eol = this.lineEnd(p);
    const items: unknown[] = [];
    let j = p + 1;
    while (s.charCodeAt(j) === SPACE) j++;
    if (s.charCodeAt(j) === 0x5d) {
      this.restOfLineIsEmpty(j + 1);
      return items;
    }
    for (;;) {
      const c = s.charCodeAt(j);
      if (c === DQUOTE || c === SQUOTE) {
        const close = this.closingQuote(j);
        items.push(this.quotedText(j, close));
        j = close + 1;
      } else {
        if (!startsPlain(c, s.charCodeAt(j + 1))) throw GIVE_UP;
        // In a flow collection `-`, `?` or `:` before `,` or `]` starts no plain scalar: js-yaml refuses `[?]` and `[-, x]`.
        if ((c === 0x2d || c === 0x3f || c === COLON) && (s.charCodeAt(j + 1) === 0x2c || s.charCodeAt(j + 1) === 0x5d)) throw GIVE_UP;
        const start = j;
        for (; j < eol; j++) {
          const d = s.charCodeAt(j);
          if (d === 0x2c || d === 0x5d) break;
          if (d === 0x5b || d === 0x7b || d === 0x7d || d === COLON || (d === HASH && s.charCodeAt(j - 1) === SPACE)) throw GIVE_UP;
        }
        let end = j;
        while (s.charCodeAt(end - 1) === SPACE) end--;
        items.push(this.plain(s.slice(start, end)));
      }
      while (s.charCodeAt(j) === SPACE) j++;
      const d = s.charCodeAt(j);
      if (d === 0x5d) {
        this.restOfLineIsEmpty(j + 1);
        return items;
      }
      if (d !== 0x2c) throw GIVE_UP;
      j++;
      while (s.charCodeAt(j) === SPACE) j++;
      // `[a, ]` and a sequence that goes on to the next line are js-yaml's to read.
      if (s.charCodeAt(j) === 0x5d || j >= eol) throw GIVE_UP;
    }
  }

  private singleQuoted(p: number): string {
    const s = this.s;
    const eol = this.lineEnd(p);
    let out = '';
    let from = p + 1;
    for (;;) {
      const q = s.indexOf("'", from);
      if (q < 0 || q > eol) throw GIVE_UP; // continues on the next line
      out += s.slice(from, q);
      if (s.charCodeAt(q + 1) === SQUOTE) {
        out += "'";
        from = q + 2;
        continue;
      }
      this.restOfLineIsEmpty(q + 1);
      return out;
    }
  }

  private doubleQuoted(p: number): string {
    const s = this.s;
    const eol = this.lineEnd(p);
    let out = '';
    let from = p + 1;
    for (let j = from; ; j++) {
      if (j >= eol) throw GIVE_UP; // continues on the next line
      const c = s.charCodeAt(j);
      if (c === DQUOTE) {
        out += s.slice(from, j);
        this.restOfLineIsEmpty(j + 1);
        return out;
      }
      if (c !== 0x5c) continue; // backslash
      out += s.slice(from, j);
      const e = s.charCodeAt(j + 1);
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        j += 1;
      } else if (e === 0x78 || e === 0x75) {
        // \xXX, \uXXXX
        const digits = e === 0x78 ? 2 : 4;
        const hex = s.slice(j + 2, j + 2 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw GIVE_UP;
        const code = parseInt(hex, 16);
        if (code >= 0xd800 && code <= 0xdfff) throw GIVE_UP;
        out += String.fromCharCode(code);
        j += 1 + digits;
      } else throw GIVE_UP;
      from = j + 1;
    }
  }

  /** A `|` or `>` block scalar whose header is at `p`. */
  private blockScalar(p: number, folded: boolean, parentIndent: number): string {
    const s = this.s;
    let j = p + 1;
    let strip = false;
    if (s.charCodeAt(j) === DASH) {
      strip = true;
      j++;
    }
    const c = s.charCodeAt(j);
    if (c !== SPACE && c !== NL && j < this.len) throw GIVE_UP; // `+` chomping or an indentation indicator
    this.restOfLineIsEmpty(j);
    const first = this.i;
    if (first >= this.len) throw GIVE_UP;
    const indent = this.indentAt(first);
    if (indent <= parentIndent || indent === 0 || s.charCodeAt(first + indent) === NL || first + indent >= this.len) throw GIVE_UP;
    let lines = 0;
    let blanks = 0;
    let out = '';
    for (;;) {
      if (this.i >= this.len) break;
      const lineIndent = this.indentAt(this.i);
      const eol = this.lineEnd(this.i);
      if (this.i + lineIndent === eol) {
        // A blank line: part of the scalar if more content follows.
        if (lineIndent > indent) throw GIVE_UP;
        blanks++;
        this.i = eol + 1;
        continue;
      }
      // Content is indented (indent > 0), so a `---` marker at column 0 ends the scalar here.
      if (lineIndent < indent) break;
      const line = s.slice(this.i + indent, eol);
      if (folded && line.charCodeAt(0) === SPACE) throw GIVE_UP; // more-indented lines keep their breaks
      if (lines > 0) out += folded && blanks === 0 ? ' ' : '\n'.repeat(folded ? blanks : blanks + 1);
      else if (blanks > 0) throw GIVE_UP;
      out += line;
      lines++;
      blanks = 0;
      this.i = eol + 1;
    }
    // The trailing blank lines were consumed; the next node starts after them, as in js-yaml.
    return strip ? out : `${out}\n`;
  }
}

/** Whether a plain scalar may start with `c` (followed by `next`) in block context. */
function startsPlain(c: number, next: number): boolean {
  switch (c) {
    case 0x2d: // -
    case 0x3f: // ?
    case 0x3a: // :
      return next !== SPACE && next !== NL && !Number.isNaN(next);
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case SPACE:
    case NL:
      return false;
    default:
      return !Number.isNaN(c);
  }
}

/**
 * The plain words that js-yaml's core schema reads as null or a boolean (fast-yaml.test.ts checks
 * this table against js-yaml's own types); every other word is a string.
 */
export const WORDS: ReadonlyMap<string, { value: null | boolean }> = new Map<string, { value: null | boolean }>([
  ...['~', 'null', 'Null', 'NULL'].map((w): [string, { value: null }] => [w, { value: null }]),
  ...['true', 'True', 'TRUE'].map((w): [string, { value: boolean }] => [w, { value: true }]),
  ...['false', 'False', 'FALSE'].map((w): [string, { value: boolean }] => [w, { value: false }]),
]);

/** Double-quoted escapes of one character, by the character after the backslash. */
const SIMPLE_ESCAPES: Record<number, string> = {
  0x30: '\0',
  0x61: '\x07',
  0x62: '\b',
  0x74: '\t',
  0x6e: '\n',
  0x76: '\v',
  0x66: '\f',
  0x72: '\r',
  0x65: '\x1b',
  0x20: ' ',
  0x22: '"',
  0x2f: '/',
  0x5c: '\\',
};
