import jsyaml from 'js-yaml';
import { parseAllDocuments, LineCounter } from 'yaml';
import type { YamlError, YamlFile } from './types.js';

/**
 * More aliases than this sends a file to the `yaml` parser, whose alias budget stops
 * "billion laughs" documents; js-yaml would share the nodes but our walkers would not.
 */
const ALIAS_BUDGET = 100;
const ALIAS_RE = /(?:^|[\s,[{:-])\*[^\s,\]}]+/g;

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
  if (countAliases(text) <= ALIAS_BUDGET) {
    try {
      const docs: unknown[] = [];
      jsyaml.loadAll(text, (doc) => docs.push(doc), { filename: path, schema: jsyaml.CORE_SCHEMA, json: false });
      if (docs.length > maxDocuments) {
        return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: docs.length, limit: maxDocuments } };
      }
      return { path, text: rawText, docs, errors: [] };
    } catch {
      // fall through to the precise parser
    }
  }
  return parseWithYaml(path, rawText, text, maxDocuments);
}

function countAliases(text: string): number {
  if (!text.includes('*')) return 0;
  let n = 0;
  ALIAS_RE.lastIndex = 0;
  while (ALIAS_RE.exec(text)) if (++n > ALIAS_BUDGET) break;
  return n;
}

function parseWithYaml(path: string, rawText: string, text: string, maxDocuments: number): YamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  if (list.length > maxDocuments) {
    return { path, text: rawText, docs: [], errors: [], skipped: { kind: 'too-many-documents', count: list.length, limit: maxDocuments } };
  }
  const errors: YamlError[] = [];
  const docs: unknown[] = [];
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
      docs.push(doc.toJS({ maxAliasCount: ALIAS_BUDGET }));
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
