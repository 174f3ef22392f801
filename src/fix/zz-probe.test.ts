import { EditableFile, applyEdits } from './yaml-edit.js';
function t(name: string, text: string, f: (e: EditableFile) => any) {
  const e = new EditableFile(text);
  try { const ed = f(e); const out = applyEdits(text, Array.isArray(ed) ? ed : [ed]); console.log(`== ${name}\n${JSON.stringify(out)}\n${out}`); }
  catch (err) { console.log(`== ${name} THROWS ${(err as Error).message}`); }
}
t('null value insert', 'resources:\nkind: X\n', (e) => e.insertItem(0, ['resources'], 'a.yaml'));
t('null value set nested', 'spec:\nkind: X\n', (e) => e.set(0, ['spec', 'x'], 1));
t('block scalar set', 'data:\n  script: |\n    echo hi\n  other: 1\n', (e) => e.set(0, ['data', 'script'], 'x'));
t('seq item first key delete', 'patches:\n  - path: a.yaml\n    target: x\n', (e) => e.delete(0, ['patches', 0, 'path']));
t('seq item first key set collection', 'patches:\n  - target:\n      kind: A\n    path: a.yaml\n', (e) => e.set(0, ['patches', 0, 'target'], { kind: 'B' }));
t('nested flow', 'x: [[a], b]\n', (e) => e.insertItem(0, ['x', 0], 'c'));
t('multiline flow', 'x: [\n  a,\n  b\n]\n', (e) => e.insertItem(0, ['x'], 'c'));
t('trailing comma flow', 'x: [a, b,]\n', (e) => e.insertItem(0, ['x'], 'c'));
t('empty flow', 'x: []\n', (e) => e.insertItem(0, ['x'], 'c'));
t('missing list', 'kind: K\n', (e) => e.insertItem(0, ['resources'], 'c'));
t('append map block value', 'a:\n  b:\n    - 1\n    - 2\n# trailing\n', (e) => e.set(0, ['a', 'c'], 3));
t('delete block map value', 'a:\n  b:\n    c: 1\n  d: 2\n', (e) => e.delete(0, ['a', 'b']));
t('crlf', 'a: 1\r\nb:\r\n  - x\r\n', (e) => [e.insertItem(0, ['b'], 'y'), e.set(0, ['c', 'd'], 'e')]);
t('no trailing nl', 'a: 1\nb:\n  - x', (e) => e.insertItem(0, ['b'], 'y'));
t('no trailing nl set', 'a: 1\nb: 2', (e) => e.set(0, ['c'], 'y'));
t('doc2', '# c\n---\na: 1\n---\nb:\n- x\n', (e) => [e.insertItem(1, ['b'], 'y'), e.set(1, ['c'], 'z')]);
t('quote', "a: 'x'\nb: \"y\"\nc: z\n", (e) => [e.set(0, ['a'], "it's"), e.set(0, ['b'], 'q"'), e.set(0, ['c'], 'true')]);
t('block scalar delete', 'data:\n  script: |\n    echo hi\n\n  other: 1\n', (e) => e.delete(0, ['data', 'script']));
t('block scalar last append', 'data:\n  script: |\n    echo hi\nz: 1\n', (e) => e.set(0, ['data', 'x'], 1));
t('empty flow map append', 'a: {}\n', (e) => e.set(0, ['a', 'x'], 1));
t('seq item map append', 'l:\n  - name: a\n    v: 1\n', (e) => e.set(0, ['l', 0, 'w'], 2));
t('delete flow item', 'x: [a, b, c]\n', (e) => e.delete(0, ['x', 2]));
t('delete only flow item', 'x: [a]\n', (e) => e.delete(0, ['x', 0]));
t('anchor set', 'a: &x foo\nb: *x\n', (e) => e.set(0, ['a'], 'bar'));
t('tag set', 'a: !!str 5\n', (e) => e.set(0, ['a'], '6'));
t('nested flow2', 'x: [[a]]\n', (e) => e.insertItem(0, ['x', 0], 'c'));
t('delete nonindented seq value', 'a:\n- 1\n- 2\nb: 1\n', (e) => e.delete(0, ['a']));
t('delete map seq item', 'l:\n  - name: a\n    v: 1\n  - name: b\n', (e) => e.delete(0, ['l', 0]));
t('set seq scalar', 'l:\n  - a.yaml\n  - ./b.yaml # c\n', (e) => e.set(0, ['l', 1], './c.yaml'));
t('keep block', 'a:\n  s: |+\n    x\n\n  t: 1\n', (e) => e.set(0, ['a', 's'], 'y'));
t('folded last', 'a:\n  s: >-\n    x\n    y\n', (e) => e.set(0, ['a', 's'], 'y'));
t('folded last no nl', 'a:\n  s: >-\n    x', (e) => e.set(0, ['a', 's'], 'y'));
t('flow pair item', 'x: [a: 1]\n', (e) => e.insertItem(0, ['x'], 'c'));
t('flow last comment', 'x: [a, b # c\n]\n', (e) => e.insertItem(0, ['x'], 'c'));
t('seq first key only delete', 'l:\n  - path: a\n', (e) => e.delete(0, ['l', 0, 'path']));
t('null nested deep', 'spec:\nkind: X\n', (e) => e.set(0, ['spec', 'a', 'b'], 1));
import {it} from 'vitest'; it('p', () => {});
