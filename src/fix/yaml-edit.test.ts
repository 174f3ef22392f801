import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyEdits, EditableFile, FixError, type TextEdit } from './yaml-edit.js';

/** Applies edits made against `text` and returns the new text. */
function edit(text: string, make: (f: EditableFile) => TextEdit | TextEdit[]): string {
  const f = new EditableFile(text);
  const edits = make(f);
  return applyEdits(text, Array.isArray(edits) ? edits : [edits]);
}

/** The plain values of every document, to check an edit's meaning apart from its text. */
function values(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

/** Lines of `before` that do not appear, unchanged and in order, in `after`. */
function lostLines(before: string, after: string): string[] {
  const rest = after.split('\n');
  const lost: string[] = [];
  let i = 0;
  for (const line of before.split('\n')) {
    const at = rest.indexOf(line, i);
    if (at < 0) lost.push(line);
    else i = at + 1;
  }
  return lost;
}

describe('EditableFile.set', () => {
  it('replaces an existing scalar in its own quote style', () => {
    const text = `a: 'single'\nb: "double"\nc: plain\n`;
    const out = edit(text, (f) => [f.set(0, ['a'], "it's"), f.set(0, ['b'], 'say "hi"'), f.set(0, ['c'], 'other')]);
    expect(out).toBe(`a: 'it''s'\nb: "say \\"hi\\""\nc: other\n`);
    expect(values(out)).toEqual([{ a: "it's", b: 'say "hi"', c: 'other' }]);
  });

  it('quotes a plain scalar only when the new value would change type', () => {
    expect(edit('a: x\n', (f) => f.set(0, ['a'], 'true'))).toBe('a: "true"\n');
    expect(edit('a: x\n', (f) => f.set(0, ['a'], 42))).toBe('a: 42\n');
  });

  it('quotes strings that YAML 1.1 readers (Kubernetes, kustomize, Flux) would take for booleans or dates', () => {
    expect(edit('a: x\n', (f) => f.set(0, ['a'], 'yes'))).toBe('a: "yes"\n');
    const out = edit('metadata:\n  name: a\n', (f) => f.set(0, ['metadata', 'labels'], { enabled: 'on', since: '2024-01-01', short: 'n' }));
    expect(out).toBe('metadata:\n  name: a\n  labels:\n    enabled: "on"\n    since: "2024-01-01"\n    short: "n"\n');
    expect(edit('l: [a]\n', (f) => f.insertItem(0, ['l'], 'off'))).toBe('l: [a, "off"]\n');
    expect(edit('l:\n  - a\n', (f) => f.insertItem(0, ['l'], 'No'))).toBe('l:\n  - a\n  - "No"\n');
  });

  it('keeps comments, anchors and tags around a replaced scalar', () => {
    const text = 'a: &anchor old # why\nb: *anchor\nc: !!str 5\n';
    expect(edit(text, (f) => [f.set(0, ['a'], 'new'), f.set(0, ['c'], '6')])).toBe('a: &anchor new # why\nb: *anchor\nc: !!str "6"\n');
  });

  it('replaces a block scalar without joining it to the next line', () => {
    const text = 'data:\n  script: |\n    echo hi\n  other: 1\n';
    const out = edit(text, (f) => f.set(0, ['data', 'script'], 'echo bye'));
    expect(out).toBe('data:\n  script: echo bye\n  other: 1\n');
    expect(values(out)).toEqual([{ data: { script: 'echo bye', other: 1 } }]);
  });

  it('appends a missing key at the indentation of its map', () => {
    const text = 'metadata:\n    name: a\n    labels:\n        app: a\nspec: {}\n';
    const out = edit(text, (f) => f.set(0, ['metadata', 'namespace'], 'ns'));
    expect(out).toBe('metadata:\n    name: a\n    labels:\n        app: a\n    namespace: ns\nspec: {}\n');
  });

  it('appends after the last pair, before comments that follow the map', () => {
    const text = 'a:\n  b:\n    - 1\n    - 2\n# trailing comment\nz: 1\n';
    expect(edit(text, (f) => f.set(0, ['a', 'c'], 3))).toBe('a:\n  b:\n    - 1\n    - 2\n  c: 3\n# trailing comment\nz: 1\n');
  });

  it('creates missing maps on the way down', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n';
    const out = edit(text, (f) => f.set(0, ['metadata', 'labels', 'app'], 'web'));
    expect(out).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    app: web\n');
    const nested = edit('spec:\n  interval: 1m\n', (f) => f.set(0, ['spec', 'ref', 'branch'], 'main'));
    expect(nested).toBe('spec:\n  interval: 1m\n  ref:\n    branch: main\n');
  });

  it('fills a key that has no value (`spec:` alone)', () => {
    const out = edit('spec:\nkind: X\n', (f) => f.set(0, ['spec', 'a', 'b'], 1));
    expect(values(out)).toEqual([{ spec: { a: { b: 1 } }, kind: 'X' }]);
    expect(out).toBe('spec:\n  a:\n    b: 1\nkind: X\n');
  });

  it('replaces a collection and keeps the dash of the list item it starts', () => {
    const text = 'patches:\n  - target:\n      kind: A\n    path: a.yaml\n';
    const out = edit(text, (f) => f.set(0, ['patches', 0, 'target'], { kind: 'B' }));
    expect(out).toBe('patches:\n  - target:\n      kind: B\n    path: a.yaml\n');
  });

  it('adds a key to a map that is a list item', () => {
    const text = 'l:\n  - name: a\n    v: 1\n';
    expect(edit(text, (f) => f.set(0, ['l', 0, 'w'], 2))).toBe('l:\n  - name: a\n    v: 1\n    w: 2\n');
  });

  it('refuses flow mappings and broken documents with a FixError', () => {
    expect(() => new EditableFile('a: {x: 1}\n').set(0, ['a', 'y'], 2)).toThrow(FixError);
    expect(() => new EditableFile('a: [\n').set(0, ['b'], 1)).toThrow(/does not parse/);
    expect(() => new EditableFile('a: 1\n').set(1, ['b'], 1)).toThrow(/document 1 does not exist/);
  });
});

describe('EditableFile.insertItem', () => {
  it('appends to an indented block list in its style', () => {
    const text = 'resources:\n  - a.yaml\n  - b.yaml # keep me\nkind: Kustomization\n';
    expect(edit(text, (f) => f.insertItem(0, ['resources'], 'c.yaml'))).toBe(
      'resources:\n  - a.yaml\n  - b.yaml # keep me\n  - c.yaml\nkind: Kustomization\n',
    );
  });

  it('appends to a non-indented block list in its style', () => {
    const text = 'resources:\n- a.yaml\n- b.yaml\nkind: Kustomization\n';
    expect(edit(text, (f) => f.insertItem(0, ['resources'], 'c.yaml'))).toBe('resources:\n- a.yaml\n- b.yaml\n- c.yaml\nkind: Kustomization\n');
  });

  it('appends a mapping item as a block', () => {
    const text = 'patches:\n  - path: a.yaml\n';
    const out = edit(text, (f) => f.insertItem(0, ['patches'], { path: 'b.yaml', target: { kind: 'Deployment' } }));
    expect(out).toBe('patches:\n  - path: a.yaml\n  - path: b.yaml\n    target:\n      kind: Deployment\n');
  });

  it('appends to a flow list, an empty one and a multi-line one', () => {
    expect(edit('resources: [a, b]\n', (f) => f.insertItem(0, ['resources'], 'c'))).toBe('resources: [a, b, c]\n');
    expect(edit('resources: []\n', (f) => f.insertItem(0, ['resources'], 'c'))).toBe('resources: [c]\n');
    expect(edit('resources: [a, b,]\n', (f) => f.insertItem(0, ['resources'], 'c'))).toBe('resources: [a, b, c,]\n');
    expect(edit('resources: [\n  a,\n  b\n]\n', (f) => f.insertItem(0, ['resources'], 'c'))).toBe('resources: [\n  a,\n  b, c\n]\n');
  });

  it('appends to an inner flow list, not the one around it', () => {
    expect(edit('x: [[a]]\n', (f) => f.insertItem(0, ['x', 0], 'c'))).toBe('x: [[a, c]]\n');
    expect(edit('x: [[], b]\n', (f) => f.insertItem(0, ['x', 0], 'c'))).toBe('x: [[c], b]\n');
  });

  it('creates a missing list, and fills a key with no value', () => {
    expect(edit('kind: Kustomization\n', (f) => f.insertItem(0, ['resources'], 'a.yaml'))).toBe('kind: Kustomization\nresources:\n  - a.yaml\n');
    expect(edit('resources:\nkind: Kustomization\n', (f) => f.insertItem(0, ['resources'], 'a.yaml'))).toBe(
      'resources:\n  - a.yaml\nkind: Kustomization\n',
    );
  });

  it('refuses to append to something that is not a list', () => {
    expect(() => new EditableFile('resources: a\n').insertItem(0, ['resources'], 'b')).toThrow(/is not a list/);
  });
});

describe('EditableFile.delete', () => {
  it('removes a map pair with the lines its value spans', () => {
    const text = 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n';
    expect(edit(text, (f) => f.delete(0, ['a', 'b']))).toBe('a:\n  d: 2\ne: 3\n');
    expect(edit('a:\n- 1\n- 2\nb: 1\n', (f) => f.delete(0, ['a']))).toBe('b: 1\n');
  });

  it('removes a block list item, scalar or mapping', () => {
    expect(edit('resources:\n  - a.yaml\n  - b.yaml\n  - c.yaml\n', (f) => f.delete(0, ['resources', 1]))).toBe('resources:\n  - a.yaml\n  - c.yaml\n');
    expect(edit('l:\n  - name: a\n    v: 1\n  - name: b\n', (f) => f.delete(0, ['l', 0]))).toBe('l:\n  - name: b\n');
  });

  it('removes a flow list item with its comma', () => {
    expect(edit('x: [a, b, c]\n', (f) => f.delete(0, ['x', 1]))).toBe('x: [a, c]\n');
    expect(edit('x: [a, b, c]\n', (f) => f.delete(0, ['x', 2]))).toBe('x: [a, b]\n');
    expect(edit('x: [a]\n', (f) => f.delete(0, ['x', 0]))).toBe('x: []\n');
  });

  it('removes the first key of a list item and keeps the item', () => {
    const text = 'patches:\n  - path: a.yaml\n    target:\n      kind: A\n';
    const out = edit(text, (f) => f.delete(0, ['patches', 0, 'path']));
    expect(out).toBe('patches:\n  - target:\n      kind: A\n');
    expect(values(out)).toEqual([{ patches: [{ target: { kind: 'A' } }] }]);
    expect(() => new EditableFile('l:\n  - path: a\n').delete(0, ['l', 0, 'path'])).toThrow(/only key of its list item/);
  });

  it('throws a FixError for a path that is not there', () => {
    expect(() => new EditableFile('a: 1\n').delete(0, ['b'])).toThrow(FixError);
    expect(() => new EditableFile('l: [a]\n').delete(0, ['l', 3])).toThrow(FixError);
  });
});

describe('untouched text', () => {
  const text = [
    '# Header comment, kept as written',
    '',
    'apiVersion: kustomize.config.k8s.io/v1beta1   # odd spacing',
    "kind: 'Kustomization'",
    'defaults: &defaults',
    '  labels: {app: "x"}',
    'other: *defaults',
    '',
    'resources:',
    '  # the first one',
    '  - "a.yaml"',
    "  - 'b.yaml'",
    '',
    'weird:   "spaced"   ',
    'multi: >-',
    '  folded',
    '  text',
    'images:',
    '- name: app',
    '  newTag: "1.0"',
    '',
  ].join('\n');

  it('is byte-identical outside the edited spans', () => {
    const out = edit(text, (f) => [
      f.insertItem(0, ['resources'], 'c.yaml'),
      f.set(0, ['images', 0, 'newTag'], '2.0'),
      f.set(0, ['namespace'], 'apps'),
    ]);
    expect(lostLines(text, out)).toEqual(['  newTag: "1.0"']);
    expect(out).toContain('  newTag: "2.0"\n');
    expect(out).toContain("  - 'b.yaml'\n  - c.yaml\n");
    const expected = values(text)[0] as Record<string, unknown>;
    expect(values(out)).toEqual([
      { ...expected, resources: ['a.yaml', 'b.yaml', 'c.yaml'], images: [{ name: 'app', newTag: '2.0' }], namespace: 'apps' },
    ]);
  });

  it('a deletion removes only its own lines', () => {
    const out = edit(text, (f) => f.delete(0, ['weird']));
    expect(lostLines(text, out)).toEqual(['weird:   "spaced"   ']);
    expect(out.length).toBe(text.length - 'weird:   "spaced"   \n'.length);
  });
});

describe('line endings and documents', () => {
  it('keeps a CRLF file CRLF', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\nc:\r\n  d: 1\r\n';
    const out = edit(text, (f) => [f.insertItem(0, ['b'], 'z'), f.set(0, ['c', 'e'], 2), f.set(0, ['f', 'g'], 'h')]);
    expect(out).toBe('a: 1\r\nb:\r\n  - x\r\n  - z\r\nc:\r\n  d: 1\r\n  e: 2\r\nf:\r\n  g: h\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(edit('a: 1\r\nb: 2\r\n', (f) => f.delete(0, ['a']))).toBe('b: 2\r\n');
  });

  it('edits a file without a trailing newline', () => {
    expect(edit('a: 1\nb:\n  - x', (f) => f.insertItem(0, ['b'], 'z'))).toBe('a: 1\nb:\n  - x\n  - z\n');
    expect(edit('a: 1\nb: 2', (f) => f.set(0, ['c'], 'z'))).toBe('a: 1\nb: 2\nc: z\n');
    expect(edit('a: 1\nb: 2', (f) => f.set(0, ['b'], 3))).toBe('a: 1\nb: 3');
    expect(edit('a: 1\nb: 2', (f) => f.delete(0, ['b']))).toBe('a: 1\n');
  });

  it('edits document 2 of a multi-document file and leaves the others alone', () => {
    const text = '# header\n---\nkind: A\nlist:\n- x\n---\nkind: B\nlist:\n- x\n...\n';
    const out = edit(text, (f) => [f.insertItem(1, ['list'], 'z'), f.set(1, ['name'], 'b'), f.set(1, ['kind'], 'C')]);
    expect(out).toBe('# header\n---\nkind: A\nlist:\n- x\n---\nkind: C\nlist:\n- x\n- z\nname: b\n...\n');
    expect(values(out)).toEqual([
      { kind: 'A', list: ['x'] },
      { kind: 'C', list: ['x', 'z'], name: 'b' },
    ]);
  });
});

describe('applyEdits', () => {
  it('applies edits in offset order whatever order they come in', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 1, text: 'A' }])).toBe('AbcdEf');
  });

  it('keeps two insertions at one offset in the order given', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: 'X' }, { start: 1, end: 1, text: 'Y' }])).toBe('aXYb');
  });

  it('rejects overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: 'x' }])).toThrow(FixError);
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: 'x' }])).toThrow(/overlapping/);
  });

  it('rejects two edits of one scalar made against the same text', () => {
    const f = new EditableFile('a: 1\n');
    expect(() => applyEdits(f.text, [f.set(0, ['a'], 2), f.set(0, ['a'], 3)])).toThrow(/overlapping/);
  });
});
