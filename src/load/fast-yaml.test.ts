import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { projectRoot } from '../dev/gen.js';
import { filesUnder } from '../testing/fs-tree.js';
import { parseSimpleYaml, WORDS } from './fast-yaml.js';
import { SCHEMA } from './read-yaml.js';

/**
 * fast-yaml.ts may give up on any text, but where it answers it must answer as js-yaml does, and it
 * must never answer where js-yaml throws (the file then goes to the precise parser, which reports).
 */
type Verdict = { ok: true } | { ok: false; why: string };

function compare(text: string): Verdict & { answered: boolean } {
  const fast = parseSimpleYaml(text, SCHEMA);
  if (fast === undefined) return { ok: true, answered: false };
  const reference: unknown[] = [];
  try {
    jsyaml.loadAll(text, (d) => reference.push(d), { schema: SCHEMA });
  } catch (e) {
    return { ok: false, answered: true, why: `js-yaml throws (${(e as Error).message.split('\n')[0]}) but fast-yaml answered ${JSON.stringify(fast.docs).slice(0, 200)}` };
  }
  if (!isDeepStrictEqual(fast.docs, reference)) return { ok: false, answered: true, why: `fast-yaml ${JSON.stringify(fast.docs).slice(0, 300)}\njs-yaml   ${JSON.stringify(reference).slice(0, 300)}` };
  return { ok: true, answered: true };
}

const root = projectRoot();
const yamlFilesUnder = (dir: string): string[] => filesUnder(dir).filter((f) => /\.ya?ml$/i.test(f)).map((f) => path.join(dir, f));
const read = (file: string): string => {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Checks every text; returns how many fast-yaml answered. */
function expectParity(texts: { name: string; text: string }[]): number {
  const failures: string[] = [];
  let answered = 0;
  for (const { name, text } of texts) {
    const v = compare(text);
    if (v.answered) answered++;
    if (!v.ok) failures.push(`${name}:\n${v.why}`);
  }
  expect(failures.slice(0, 5)).toEqual([]);
  return answered;
}

describe('fast-yaml agrees with js-yaml', () => {
  it('on every YAML file of the fixtures, and reads nearly all of them itself', () => {
    const files = yamlFilesUnder(path.join(root, 'fixtures'));
    const answered = expectParity(files.map((f) => ({ name: path.relative(root, f), text: read(f) })));
    // Fixtures are full of broken and odd YAML on purpose; still, most must not need js-yaml.
    expect(answered / files.length).toBeGreaterThan(0.9);
  });

  it('on every file of a generated repository (anchors, aliases, block scalars, multi-document files)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-fast-yaml-'));
    temps.push(dir);
    generateRepo(dir, { files: 600, seed: 3 });
    const files = yamlFilesUnder(dir);
    const answered = expectParity(files.map((f) => ({ name: path.relative(dir, f), text: read(f) })));
    expect(answered / files.length).toBeGreaterThan(0.99);
  });

  const corpus = path.join(root, '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('on every YAML file of the real repositories in ../shared/corpus', () => {
    const files = yamlFilesUnder(corpus);
    const answered = expectParity(files.map((f) => ({ name: path.relative(corpus, f), text: read(f) })));
    // Helm chart templates (which the loader never parses) are a good part of the rest.
    expect(answered / files.length).toBeGreaterThan(0.8);
  });

  it('on corner cases, each either read alike or left to js-yaml', () => {
    const cases = [
      '', '\n', ' ', '\n\n', '# only a comment', '---', '---\n---\n', 'a: 1\n---', '---\na: 1', '--- # c\na: 1\n', 'a: 1\n...\n', '%YAML 1.2\n---\na: 1',
      '---x\n', '---:\n', '----\n', '...\n', 'a: 1\n---# c\nb: 2',
      'a:\n- x\n- y\nb: 1', 'a:\n  - x\n  -\n  - - z', '- a: 1\n  b:\n  - x\n- c', '- \n  a: 1', '-\n- x', '- # c\n  a: 1',
      'a: 1\n- b', 'a: 1\n  b: 2', 'a:\n    b: 1\n  c: 2', 'a: b: c', 'a: b:', 'a: b\n  c', 'a:\n  b\n  c', 'a: x # c\nb: "y" # d', 'a: "x"#c',
      'a: 1\na: 2', '__proto__: 1', '<<: {}', 'a: <<', '"q": 1', "'q': 1", "'it''s': 1", '"a\\tb": 1', 'a : 1', '? a\n: 1', 'x'.repeat(1100) + ': 1',
      "a: 'it''s'", 'a: "\\u00e9\\x41\\n\\"\\\\\\/"', 'a: "\\U0001F600"', 'a: "\\ud800"', 'a: "x\n  y"', "a: 'x\n  y'",
      'a: |\n  x\n\n  y\n', 'a: |-\n  x\n', 'a: |+\n  x\n\n', 'a: |2\n   x', 'a: >\n  x\n  y\n\n  z\n', 'a: >-\n  x\n   y\n', 'a: |\n\n  x', 'a: |\n   x\n  y', 'a: |\n  x\n   \n  y', 'a: |\n  # not a comment\nb: 1', '- |\n  x\n- y', '|\nroot\n',
      'a: []', 'a: [ ]', 'a: {}', 'a: { }', 'a: [x, "y", \'z\', 1, true, ~]', 'a: [x, ]', 'a: [x,\n  y]', 'a: [[x]]', 'a: [a: b]', 'a: {b: 1}', 'a: [x] # c',
      'a: [?]', 'a: [-]', 'a: [x, ?]', 'a: [-, x]', 'a: [?x]', 'a: [-1, -x]',
      'a: &x 1\nb: *x', 'a: &x\n  k: v\nb: *x\nc: *x', 'a: *x\nb: &x 1', '- &a x\n- *a', '- &a k: v', 'a: &x [1]\nb: *x', 'a: &x\n- 1\nb: *x', 'a: & 1', 'a: &x,y 1', 'b: &y 1\na: &x *y', 'b: &y 1\na: &x\n  *y', '- &y 1\n- &x *y', 'a: &x &y 1', '- &a\n- *a', 'a: &x\nb: *x', 'b: &y 1\na: &x\n  k: *y',
      'a: !!str 1', 'a: !local x', 'a: @x', 'a: `x`', 'a: %x',
      'a: ~\nb: null\nc: Null\nd: NULL\ne: true\nf: True\ng: TRUE\nh: false\ni: nULL\nj: yes\nk: on',
      'a: 0\nb: -1\nc: +1\nd: 0x1F\ne: 0o17\nf: 017\ng: 1_000\nh: 1.5\ni: .5\nj: 1e3\nk: .inf\nl: -.Inf\nm: .nan\nn: 1.\no: 0b101\np: 2024-01-01\nq: 1:30',
      'true: 1\n1: a\nnull: b\n~: c\n.inf: d', 'a:\n\n\n  b: 1', '  a: 1\n  b: 2', ' - x\n - y', 'a:\tb', 'a: b\r\nc: d', 'a: \u0085', 'a: \u2028', 'a: b\u00a0c',
      'k8s: &labels\n  app: x\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels',
      // js-yaml's maxDepth (100) is where it stops, each way of nesting counted its way.
      ...[40, 60, 99, 100, 101, 150].flatMap((n) => [
        `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
        `${Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i)}- k:`).join('\n')} 1\n`,
        `${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:\n${' '.repeat(i)}-`).join('\n')} 1\n`,
      ]),
    ];
    expectParity(cases.map((text, i) => ({ name: `case ${i} ${JSON.stringify(text).slice(0, 60)}`, text })));
  });

  it("knows js-yaml's null and boolean spellings: WORDS is its core schema's, and no other word is typed", () => {
    for (const [word, { value }] of WORDS) expect(jsyaml.load(`a: ${word}`, { schema: SCHEMA })).toEqual({ a: value });
    for (const word of ['yes', 'no', 'on', 'off', 'y', 'n', 'nULL', 'tRUE', 'nil', 'none', 'Yes', 'NO']) {
      expect(jsyaml.load(`a: ${word}`, { schema: SCHEMA })).toEqual({ a: word });
      expect(parseSimpleYaml(`a: ${word}`, SCHEMA)?.docs).toEqual([{ a: word }]);
    }
  });

  it('on snippets put together at random from the pieces of YAML it reads and the ones it must refuse (seeded)', () => {
    let seed = 7;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const indents = ['', '', ' ', '  ', '  ', '   ', '    ', '      '];
    const prefixes = ['', '', '- ', '- ', '- - ', '? '];
    const keys = ['a:', 'b:', 'c:', '"q":', "'r':", 'a :', '', '', 'k: &x', 'k: &y'];
    const values = ['', '', '&x', '*x', '&y 1', '*y', '1', 'x', '|', '|-', '>', '>-', '[a, b]', '[]', '{}', '"s"', "'t'", '# c', 'null', '~', '-1', '0x1F', 'x y', 'a: b', '&x *y', '&x &y', 'text', '---', '...', '- x', 'true'];
    const snippets: { name: string; text: string }[] = [];
    for (let k = 0; k < 40_000; k++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(indents)}${pick(prefixes)}${pick(keys)} ${pick(values)}`.replace(/\s+$/, random() < 0.2 ? ' ' : ''));
      const text = lines.join('\n') + (random() < 0.8 ? '\n' : '');
      snippets.push({ name: `snippet ${k}: ${JSON.stringify(text)}`, text });
    }
    expect(expectParity(snippets)).toBeGreaterThan(2000);
  });

  it('on thousands of randomly broken copies of the fixtures (seeded: the same every run)', () => {
    const texts = yamlFilesUnder(path.join(root, 'fixtures')).map(read).filter((t) => t.length < 20_000);
    let seed = 20261126;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const marks = [' ', ' ', ':', '-', '#', '\n', '"', "'", '|', '>', '&', '*', '[', ']', '{', '}', ',', 'a', '0', '\\', '~', '.', '?', '!', '%'];
    const mutants: { name: string; text: string }[] = [];
    for (let k = 0; k < 6000; k++) {
      let text = pick(texts);
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
        const at = Math.floor(random() * (text.length + 1));
        const op = random();
        const lines = text.split('\n');
        const line = Math.floor(random() * lines.length);
        if (op < 0.35) text = text.slice(0, at) + pick(marks) + text.slice(at);
        else if (op < 0.6) text = text.slice(0, at) + text.slice(at + 1);
        else if (op < 0.8) text = [...lines.slice(0, line), lines[line]!, ...lines.slice(line)].join('\n');
        else text = [...lines.slice(0, line), (random() < 0.5 ? '  ' : '') + lines[line]!.replace(/^ {0,2}/, random() < 0.5 ? '' : ' '), ...lines.slice(line + 1)].join('\n');
      }
      mutants.push({ name: `mutant ${k}: ${JSON.stringify(text).slice(0, 200)}`, text });
    }
    const answered = expectParity(mutants);
    // Most mutants stay well-formed enough for the fast path: the comparison is not vacuous.
    expect(answered).toBeGreaterThan(1500);
  });
});
