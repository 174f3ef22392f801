import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { generateRepo } from '../../bench/generate-repo.js';
import { FastYamlFile } from './locate-fast.js';
import { findSpan, parseDocuments, PositionIndex } from './locate.js';
import type { YamlPath } from './types.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out.sort();
}

/** Every path to every node, plus missing paths and key variants below each. */
function pathsOf(doc: Document.Parsed, limit = 3000): Array<{ path: YamlPath; atKey: boolean }> {
  const out: Array<{ path: YamlPath; atKey: boolean }> = [{ path: [], atKey: false }, { path: ['nope'], atKey: false }, { path: [0], atKey: false }];
  const visit = (node: unknown, path: YamlPath): void => {
    if (out.length > limit) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const p = [...path, String(pair.key.value)];
        out.push({ path: p, atKey: false }, { path: p, atKey: true }, { path: [...p, 'nope'], atKey: false }, { path: [...p, 0], atKey: false });
        visit(pair.value, p);
      }
      out.push({ path: [...path, 'nope'], atKey: true });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        out.push({ path: p, atKey: false }, { path: [...p, 'name'], atKey: false }, { path: [...p, 'name'], atKey: true });
        visit(item, p);
      });
      out.push({ path: [...path, node.items.length], atKey: false }, { path: [...path, 'x'], atKey: false }, { path: [...path, -1], atKey: false });
    }
  };
  visit(doc.contents, []);
  return out;
}

interface Tally {
  asked: number;
  answered: number;
  mismatches: string[];
}

/** Compares the fast reader with findSpan on every path of every document of `text`. */
function compare(name: string, text: string, tally: Tally): void {
  const parsed = parseDocuments(text);
  const fast = new FastYamlFile(text);
  if (fast.documentCount !== undefined && fast.documentCount !== parsed.documents.length) {
    tally.mismatches.push(`${name}: ${fast.documentCount} documents, yaml has ${parsed.documents.length}`);
    return;
  }
  parsed.documents.forEach((doc, d) => {
    for (const { path, atKey } of pathsOf(doc)) {
      tally.asked++;
      const got = fast.findSpan(d, path, atKey);
      if (!got) continue;
      tally.answered++;
      const want = findSpan(doc, path, atKey);
      const where = `${name} doc ${d} ${JSON.stringify(path)}${atKey ? ' atKey' : ''}`;
      if (got.start !== want.start || got.end !== want.end || got.exact !== want.exact) {
        tally.mismatches.push(`${where}: fast ${JSON.stringify(got)}, yaml ${JSON.stringify(want)}`);
      }
      // Positions come from our own line table: it must count lines as the LineCounter does.
      for (const offset of [got.start, got.end]) {
        if (JSON.stringify(fast.linePos(offset)) !== JSON.stringify(parsed.lineCounter.linePos(offset))) tally.mismatches.push(`${where}: line of ${offset} differs`);
      }
    }
  });
  // A document past the end is never answered.
  if (fast.findSpan(parsed.documents.length, []) !== undefined) tally.mismatches.push(`${name}: answered for a missing document`);
}

const newTally = (): Tally => ({ asked: 0, answered: 0, mismatches: [] });

const cases: Record<string, string> = {
  'comments between keys': 'a: 1\n# c\nb:\n  # inner\n  c: 2\n\n  # more\n  d: 3\ne: 4\n',
  'trailing comments': 'a:\n  b:\n    c: 1\n    # deep\n  # mid\n# top\nz:\n  - 1\n  # x\n',
  'trailing comments at end': 'a:\n  b: 1\n  # same\n',
  'trailing comments low': 'a:\n  b: 1\n# low\n',
  'indented comment after scalar': 'a:\n  b: 1\n    # ind\nc: 2\n',
  'block scalars': 'a: |\n  x: y\n  - z\n\n  # not a comment\nb: >-\n  folded\n  text\n\nc: |\nd: |\n    deep\n  # c\ne: |-\n  q\n',
  'block scalar last': 'data:\n  script: |\n    echo a: b\n    echo c\n',
  'block scalar keep': 'a: |+\n  x\n\nb: 1\n',
  'quoted keys': '"a b": 1\n\'c: d\': 2\n"e#f": 3\n\'it\'\'s\': 4\nplain key: 5\nk:v: 6\n',
  'hash in quotes': 'a: "x # y"\nb: \'# z\'\nc: x#y\nd: x # comment\n',
  'compact maps in sequences': 'items:\n  - name: a\n    value: 1\n  -   name: b\n      value: 2\n  - name: c\n    nested:\n      - x\n      - y\n',
  'nested sequences': '- - a\n  - b\n- - - c\n- d\n-\n- \n-   e\n',
  'empty values': 'a:\nb: ~\nc: null\nd: ""\ne:   # comment\nf:\n  g:\n',
  'empty item last': 'a:\n  - x\n  -\n',
  'seq at key indent': 'a:\n- 1\n- 2\nb:\n- x: 1\n  y: 2\nc: 3\n',
  crlf: 'a: 1\r\nb:\r\n  c: x  \r\n  d:\r\n    - 1\r\n    - "q"\r\ne: |\r\n  z\r\n\r\nf:\r\n',
  bom: '\ufeffkind: ConfigMap\nmetadata:\n  name: x\n',
  'multiple documents with leading comments': '# header\n\n---\na: 1\n---\n# only comment\n---\nb:\n  c: 2\n--- # c\nd: 3\n',
  'leading content then ---': 'a: 1\n---\nb: 2\n',
  'empty documents': '---\n---\na: 1\n---\n',
  'only comments': '# just\n# comments\n',
  'flow collections': 'a: []\nb: {}\nc: [1, "x, y", \'z]\']\nd: {e: f}\ng:\n  - [1, 2]\n',
  'multi-line flow': 'a: [1,\n  2]\nb: 1\n',
  'multi-line plain': 'a: foo\n  bar\nb: 1\n',
  'multi-line quoted': 'a: "foo\n  bar"\nb: 1\n',
  anchors: 'a: &x 1\nb: *x\nc:\n  <<: {d: 1}\n',
  'anchors and aliases': 'labels: &labels\n  app: a\nsel:\n  match: *labels\nx: &v value # c\nl:\n  - &i\n    k: 1\n  - *i\n  - &j text\nlast: *v\n',
  'anchored empty value': 'a: &x\nb: 1\n',
  'anchored key in sequence': '- &a k: v\n',
  tags: 'a: !!str 1\nb: 2\n',
  'numeric and boolean keys': '1: a\ntrue: b\nnull: c\nx: d\n',
  'complex keys': '? a\n: b\nc: d\n',
  tabs: 'a:\n\tb: 1\n',
  directive: '%YAML 1.2\n---\na: 1\n',
  'document end marker': 'a: 1\n...\nb: 2\n',
  'no trailing newline': 'a:\n  b: 1',
  'root indented': '  a: 1\n  b:\n    c: 2\n',
  'duplicate keys': 'a: 1\na: 2\n',
  'value with colon': 'url: http://x:80/y\ntime: 12:30\n',
  'errors: bad indent': 'a:\n  b: 1\n c: 2\n',
  'errors: compact nested map': 'a: b: c\n',
};

describe('FastYamlFile.findSpan', () => {
  it.each(Object.entries(cases))('agrees with findSpan: %s', (name, text) => {
    const tally = newTally();
    compare(name, text, tally);
    expect(tally.mismatches).toEqual([]);
  });

  it('answers for plain block-style cases', () => {
    const answered = (text: string, path: YamlPath, atKey = false): boolean => new FastYamlFile(text).findSpan(0, path, atKey) !== undefined;
    expect(answered(cases['comments between keys']!, ['b', 'd'])).toBe(true);
    expect(answered(cases['block scalars']!, ['a'])).toBe(true);
    expect(answered(cases['compact maps in sequences']!, ['items', 2, 'nested', 1])).toBe(true);
    expect(answered(cases['compact maps in sequences']!, ['items'])).toBe(true);
    expect(answered(cases['nested sequences']!, [])).toBe(true);
    expect(answered(cases['empty values']!, ['f'])).toBe(true);
    expect(answered(cases.crlf!, [])).toBe(true);
    expect(answered(cases.bom!, ['metadata', 'name'])).toBe(true);
    expect(answered(cases['quoted keys']!, ["it's"])).toBe(true);
    expect(answered(cases['hash in quotes']!, ['d'])).toBe(true);
    expect(answered(cases['anchors and aliases']!, ['sel', 'match', 'app'])).toBe(true);
    expect(answered(cases['anchors and aliases']!, ['l', 0, 'k'])).toBe(true);
    expect(answered(cases['anchors and aliases']!, [])).toBe(true);
    expect(new FastYamlFile(cases['multiple documents with leading comments']!).findSpan(3, ['d'])).toBeDefined();
  });

  it('gives up on what it does not model', () => {
    const bails = (text: string, path: YamlPath = []): boolean => new FastYamlFile(text).findSpan(0, path) === undefined;
    expect(bails(cases['multi-line flow']!)).toBe(true);
    expect(bails(cases['multi-line plain']!)).toBe(true);
    expect(bails(cases['multi-line quoted']!)).toBe(true);
    expect(bails(cases.anchors!)).toBe(true);
    expect(bails(cases.tags!)).toBe(true);
    expect(bails(cases['numeric and boolean keys']!, ['x'])).toBe(true);
    expect(bails(cases['complex keys']!)).toBe(true);
    expect(bails(cases.tabs!)).toBe(true);
    expect(bails(cases.directive!)).toBe(true);
    expect(bails(cases['document end marker']!)).toBe(true);
    expect(bails(cases['only comments']!)).toBe(true);
  });

  it('agrees with findSpan on every fixture file', () => {
    const tally = newTally();
    for (const file of yamlFiles(join(repoRoot, 'fixtures'))) compare(file, readFileSync(file, 'utf8'), tally);
    expect(tally.mismatches.slice(0, 20)).toEqual([]);
    console.log(`fixtures: fast reader answered ${tally.answered} of ${tally.asked} paths`);
    expect(tally.answered / tally.asked).toBeGreaterThan(0.85);
  });

  it('answers nearly every path of the omni-gitops fixture', () => {
    const tally = newTally();
    for (const file of yamlFiles(join(repoRoot, 'fixtures/omni-gitops'))) compare(file, readFileSync(file, 'utf8'), tally);
    expect(tally.mismatches).toEqual([]);
    expect(tally.answered / tally.asked).toBeGreaterThan(0.95);
  });

  it('agrees with findSpan on the shared corpus', () => {
    const corpus = resolve(repoRoot, '../shared/corpus');
    if (!existsSync(corpus)) {
      console.log(`skipped: no corpus at ${corpus}`);
      return;
    }
    const tally = newTally();
    for (const file of yamlFiles(corpus)) compare(file, readFileSync(file, 'utf8'), tally);
    expect(tally.mismatches.slice(0, 20)).toEqual([]);
    console.log(`corpus: fast reader answered ${tally.answered} of ${tally.asked} paths`);
    expect(tally.answered / tally.asked).toBeGreaterThan(0.8);
  }, 120_000);

  it('answers nearly every path of a generated benchmark repo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'locate-fast-'));
    try {
      generateRepo(dir, { files: 300, seed: 1 });
      const tally = newTally();
      for (const file of yamlFiles(dir)) compare(file, readFileSync(file, 'utf8'), tally);
      expect(tally.mismatches.slice(0, 20)).toEqual([]);
      console.log(`generated repo: fast reader answered ${tally.answered} of ${tally.asked} paths`);
      expect(tally.answered / tally.asked).toBeGreaterThan(0.99);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('PositionIndex with the fast reader', () => {
  it('gives the same positions as the yaml path, and still composes documents for fixes', () => {
    const text = '# c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    b\n';
    const index = new PositionIndex(() => text);
    const parsed = parseDocuments(text);
    for (const path of [[], ['kind'], ['metadata'], ['metadata', 'name'], ['data', 'a'], ['data', 'nope']] as YamlPath[]) {
      const span = findSpan(parsed.documents[0]!, path);
      const a = parsed.lineCounter.linePos(span.start);
      const b = parsed.lineCounter.linePos(Math.max(span.start, span.end));
      expect(index.locate('f.yaml', 0, path)).toEqual({ line: a.line, column: a.col, endLine: b.line, endColumn: b.col });
    }
    expect(index.parsed('f.yaml')?.documents).toHaveLength(1);
  });
});
