import jsyaml from 'js-yaml';
import type { LineCounter } from 'yaml';
import { yamlLib } from '../lazy-packages.js';
import { parseSimpleYaml } from './fast-yaml.js';
import type { YamlError, YamlFile } from './types.js';

/**
 * Both parsers share aliased nodes instead of copying them, so a "billion laughs" file parses in
 * microseconds; it is walking the result that explodes. A document whose aliases expand it past
 * this many nodes (plus some per byte of text) is reported instead of returned.
 */
const EXPANSION_BUDGET = 100_000;
/**
 * Both parsers recurse once per nesting level and run out of stack somewhere past 800 levels, at a
 * depth that varies with how deep the caller's stack already is. A fixed limit well below that makes
 * the outcome the same everywhere: a deeper document is reported (at its start), never half-read.
 * Kubernetes objects nest a few dozen levels at most.
 */
export const MAX_DEPTH = 256;
const ALIAS_RE = /(?:^|[\s,[{:-])\*[^\s,\]}]+/;

/**
 * Kubernetes reads YAML 1.1 with merge keys (`<<: *defaults`), as do kustomize, kubectl, Flux and
 * Argo CD; so do we, in both parsers. Timestamps stay strings (CORE schema).
 */
const MERGE_KEY = new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null });
export const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [MERGE_KEY] });

/** Text that is a Go or Helm template rather than YAML: `{{ ... }}` in the body. */
export function looksTemplated(text: string): boolean {
  return text.includes('{{') && /\{\{-?\s*[^}]*\}\}/.test(text);
}

/**
 * Parses every document of a YAML file into plain values.
 *
 * fast-yaml.ts reads plain block YAML; js-yaml (about 5x faster than a full `yaml` Document) reads
 * what fast-yaml.ts leaves to it. When js-yaml throws,
 * the file goes to the `yaml` package, which either accepts it (the two differ on a few corner
 * cases) or reports errors with positions; the documents it could read are still returned,
 * so one broken document never hides the others.
 */
export function parseYamlText(path: string, rawText: string, maxDocuments = Infinity): YamlFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  // Nearly every manifest is plain block YAML, which fast-yaml.ts reads twice as fast as js-yaml.
  const simple = parseSimpleYaml(text, SCHEMA);
  if (simple && (!simple.aliased || shapeWithin(simple.docs, expansionBudget(text)) === 'ok')) return withinLimit(path, rawText, simple.docs, maxDocuments);
  try {
    const docs: unknown[] = [];
    jsyaml.loadAll(text, (doc) => docs.push(doc), { filename: path, schema: SCHEMA, json: false });
    // An alias bomb or a too-deep document goes to the precise parser, which says which document it is.
    if (shapeWithin(docs, hasAliases(text) ? expansionBudget(text) : Infinity) === 'ok') return withinLimit(path, rawText, docs, maxDocuments);
  } catch {
    // fall through to the precise parser
  }
  return parseWithYaml(path, rawText, text, maxDocuments);
}

function withinLimit(path: string, rawText: string, docs: unknown[], maxDocuments: number): YamlFile {
  if (docs.length > maxDocuments) {
    return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: docs.length, limit: maxDocuments } };
  }
  return { path, text: rawText, docs, errors: [] };
}

function hasAliases(text: string): boolean {
  return text.includes('*') && ALIAS_RE.test(text);
}

function expansionBudget(text: string): number {
  return EXPANSION_BUDGET + 10 * text.length;
}

/**
 * Walks the values without recursion: 'too-many-nodes' when it visits more than `budget` nodes
 * (shared, aliased nodes counted each time), 'too-deep' when a value nests past MAX_DEPTH.
 */
function shapeWithin(docs: unknown[], budget: number): 'ok' | 'too-many-nodes' | 'too-deep' {
  const values: unknown[] = [...docs];
  const depths: number[] = docs.map(() => 1);
  let visited = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (++visited > budget) return 'too-many-nodes';
    if (v === null || typeof v !== 'object') continue;
    if (depth > MAX_DEPTH) return 'too-deep';
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      values.push(x);
      depths.push(depth + 1);
    }
  }
  return 'ok';
}

function isStackOverflow(message: string): boolean {
  return /maximum call stack/i.test(message);
}

function tooDeep(lineCounter: LineCounter, offset: number): YamlError {
  const pos = lineCounter.linePos(offset);
  return { message: `it nests deeper than ${MAX_DEPTH} levels`, line: pos.line, column: pos.col, kind: 'too-deep' };
}

/** The precise path: `yaml` with positions for every error. `text` is `rawText` without its BOM. */
export function parseWithYaml(path: string, rawText: string, text: string, maxDocuments = Infinity): YamlFile {
  const { LineCounter } = yamlLib();
  const budget = expansionBudget(text);
  let read: { docs: unknown[]; errors: YamlError[] };
  try {
    read = readDocuments(text, 0, 0, budget);
  } catch {
    // The parser itself ran out of stack (a block sequence thousands of levels deep): read the
    // file one `---` section at a time, so that only the section that is too deep is lost.
    read = { docs: [], errors: [] };
    for (const section of sections(text)) {
      try {
        const part = readDocuments(section.text, section.line - 1, read.docs.length, budget);
        read.docs.push(...part.docs);
        read.errors.push(...part.errors);
      } catch (e) {
        read.docs.push(undefined);
        read.errors.push(isStackOverflow((e as Error).message) ? { ...tooDeep(new LineCounter(), 0), line: section.line, column: 1, doc: read.docs.length - 1 } : { message: firstLine((e as Error).message), line: section.line, column: 1 });
      }
    }
  }
  if (read.docs.length > maxDocuments) {
    return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: read.docs.length, limit: maxDocuments } };
  }
  return { path, text: rawText, ...read };
}

/**
 * Parses `text`, which starts at line `lineOffset + 1` of its file and holds its documents from
 * `docOffset` on; throws when the parser itself fails.
 */
function readDocuments(text: string, lineOffset: number, docOffset: number, budget: number): { docs: unknown[]; errors: YamlError[] } {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true });
  const list = Array.isArray(documents) ? documents : [];
  const errors: YamlError[] = [];
  const docs: unknown[] = [];
  const fail = (error: YamlError): void => {
    errors.push({ ...error, line: error.line + lineOffset, ...(error.kind ? { doc: docOffset + docs.length } : {}) });
    docs.push(undefined);
  };
  for (const doc of list) {
    const docErrors = doc.errors;
    if (docErrors.some((e) => isStackOverflow(e.message))) {
      // The parser ran out of stack inside this document: too deep, reported where the document starts.
      fail(tooDeep(lineCounter, doc.range[0]));
      continue;
    }
    if (docErrors.length > 0) {
      // The first error is the cause; the parser's later ones in the same document are its echoes.
      const e = docErrors[0]!;
      const pos = lineCounter.linePos(e.pos[0]);
      fail({ message: firstLine(e.message), line: pos.line, column: pos.col });
      continue;
    }
    try {
      // yaml's own alias check counts uses of an anchor, so it rejects a file that uses one anchor
      // 101 times; the expansion budget measures what matters and agrees with the fast path.
      const value: unknown = doc.toJS({ maxAliasCount: -1 });
      const shape = shapeWithin([value], budget);
      if (shape === 'too-many-nodes') throw new Error(`Aliases expand this document past ${budget} nodes ("billion laughs"); it was not read`);
      if (shape === 'too-deep') throw new RangeError('Maximum call stack size exceeded');
      docs.push(value);
    } catch (e) {
      if (isStackOverflow((e as Error).message)) {
        fail(tooDeep(lineCounter, doc.range[0]));
        continue;
      }
      const pos = lineCounter.linePos(doc.range[0]);
      fail({ message: firstLine((e as Error).message), line: pos.line, column: pos.col });
    }
  }
  return { docs, errors };
}

/** The file cut before each `---` line, with the line each piece starts on. */
function sections(text: string): { text: string; line: number }[] {
  const starts = sectionStarts(text);
  return starts.map((s, i) => ({ text: text.slice(s.offset, starts[i + 1]?.offset ?? text.length), line: s.line }));
}

/** Where each `---`-separated section of a YAML stream starts (the first at offset 0, line 1). */
export function sectionStarts(text: string): { offset: number; line: number }[] {
  const out = [{ offset: 0, line: 1 }];
  let offset = 0;
  text.split('\n').forEach((l, i) => {
    if (offset > 0 && /^---(?:[ \t\r]|$)/.test(l)) out.push({ offset, line: i + 1 });
    offset += l.length + 1;
  });
  return out;
}

/** The parser's first line, without the position it repeats (the finding carries it). */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}
