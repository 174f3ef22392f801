import jsyaml from 'js-yaml';
import { parseAllDocuments, LineCounter } from 'yaml';
import type { YamlError, YamlFile } from './types.js';

/**
 * Both parsers share aliased nodes instead of copying them, so a "billion laughs" file parses in
 * microseconds; it is walking the result that explodes. A document whose aliases expand it past
 * this many nodes (plus some per byte of text) is reported instead of returned.
 */
const EXPANSION_BUDGET = 100_000;
const ALIAS_RE = /(?:^|[\s,[{:-])\*[^\s,\]}]+/;

/**
 * Kubernetes reads YAML 1.1 with merge keys (`<<: *defaults`), as do kustomize, kubectl, Flux and
 * Argo CD; so do we, in both parsers. Timestamps stay strings (CORE schema).
 */
const MERGE_KEY = new jsyaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null });
const SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [MERGE_KEY] });

/** Text that is a Go or Helm template rather than YAML: `{{ ... }}` in the body. */
export function looksTemplated(text: string): boolean {
  return text.includes('{{') && /\{\{-?\s*[^}]*\}\}/.test(text);
}

/**
 * Parses every document of a YAML file into plain values.
 *
 * js-yaml is the fast path (about 5x faster than a full `yaml` Document). When it throws,
 * the file goes to the `yaml` package, which either accepts it (the two differ on a few corner
 * cases) or reports errors with positions; the documents it could read are still returned,
 * so one broken document never hides the others.
 */
export function parseYamlText(path: string, rawText: string, maxDocuments = Infinity): YamlFile {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  try {
    const docs: unknown[] = [];
    jsyaml.loadAll(text, (doc) => docs.push(doc), { filename: path, schema: SCHEMA, json: false });
    // An alias bomb goes to the precise parser, which says which document it is.
    if (!hasAliases(text) || expandsWithin(docs, expansionBudget(text))) {
      if (docs.length > maxDocuments) {
        return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: docs.length, limit: maxDocuments } };
      }
      return { path, text: rawText, docs, errors: [] };
    }
  } catch {
    // fall through to the precise parser
  }
  return parseWithYaml(path, rawText, text, maxDocuments);
}

function hasAliases(text: string): boolean {
  return text.includes('*') && ALIAS_RE.test(text);
}

function expansionBudget(text: string): number {
  return EXPANSION_BUDGET + 10 * text.length;
}

/** True when walking the values visits at most `budget` nodes, shared (aliased) nodes counted each time. */
function expandsWithin(docs: unknown[], budget: number): boolean {
  const stack: unknown[] = [...docs];
  let visited = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++visited > budget) return false;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return true;
}

/** The precise path: `yaml` with positions for every error. `text` is `rawText` without its BOM. */
export function parseWithYaml(path: string, rawText: string, text: string, maxDocuments = Infinity): YamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true });
  const list = Array.isArray(documents) ? documents : [];
  if (list.length > maxDocuments) {
    return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: list.length, limit: maxDocuments } };
  }
  const errors: YamlError[] = [];
  const docs: unknown[] = [];
  const budget = expansionBudget(text);
  for (const doc of list) {
    const docErrors = doc.errors;
    if (docErrors.length > 0) {
      // The first error is the cause; the parser's later ones in the same document are its echoes.
      const e = docErrors[0]!;
      const pos = lineCounter.linePos(e.pos[0]);
      errors.push({ message: firstLine(e.message), line: pos.line, column: pos.col });
      docs.push(undefined);
      continue;
    }
    try {
      // yaml's own alias check counts uses of an anchor, so it rejects a file that uses one anchor
      // 101 times; the expansion budget measures what matters and agrees with the fast path.
      const value: unknown = doc.toJS({ maxAliasCount: -1 });
      if (!expandsWithin([value], budget)) throw new Error(`Aliases expand this document past ${budget} nodes ("billion laughs"); it was not read`);
      docs.push(value);
    } catch (e) {
      const pos = lineCounter.linePos(doc.range[0]);
      errors.push({ message: firstLine((e as Error).message), line: pos.line, column: pos.col });
      docs.push(undefined);
    }
  }
  return { path, text: rawText, docs, errors };
}

/** The parser's first line, without the position it repeats (the finding carries it). */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}
