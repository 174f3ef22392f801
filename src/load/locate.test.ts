import { describe, expect, it } from 'vitest';
import { PositionIndex } from './locate.js';

const files: Record<string, string> = {
  'single.yaml': [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata:', // 3
    '  name: web', // 4
    'spec:', // 5
    '  template:', // 6
    '    spec:', // 7
    '      containers:', // 8
    '        - name: app', // 9
    '          image: nginx:1.27', // 10
    '        - name: sidecar', // 11
    '          image: envoy', // 12
    '',
  ].join('\n'),
  'multi.yaml': [
    'apiVersion: v1', // 1
    'kind: Namespace', // 2
    'metadata:', // 3
    '  name: a', // 4
    '---', // 5
    '# the service', // 6
    'apiVersion: v1', // 7
    'kind: Service', // 8
    'metadata:', // 9
    '  name: b', // 10
    '  namespace: a', // 11
    '',
  ].join('\n'),
  'bom.yaml': '\ufeffkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  key: value\n',
  'crlf.yaml': 'kind: ConfigMap\r\nmetadata:\r\n  name: settings\r\n',
  'empty-value.yaml': 'kind: Kustomization\nresources:\nnamespace: apps\n',
};

const index = new PositionIndex((file) => files[file]);
const start = (p: { line: number; column: number }): [number, number] => [p.line, p.column];

describe('PositionIndex.locate', () => {
  it('points at the value of a map key', () => {
    expect(start(index.locate('single.yaml', 0, ['metadata', 'name']))).toEqual([4, 9]);
    expect(start(index.locate('single.yaml', 0, ['kind']))).toEqual([2, 7]);
  });

  it('follows sequence indexes', () => {
    expect(start(index.locate('single.yaml', 0, ['spec', 'template', 'spec', 'containers', 1, 'image']))).toEqual([12, 18]);
    expect(start(index.locate('single.yaml', 0, ['spec', 'template', 'spec', 'containers', 1]))).toEqual([11, 11]);
  });

  it('gives the end of a scalar on the same line', () => {
    expect(index.locate('single.yaml', 0, ['metadata', 'name'])).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 12 });
  });

  it('counts lines from the top of the file in the second document', () => {
    expect(start(index.locate('multi.yaml', 1, ['metadata', 'namespace']))).toEqual([11, 14]);
    expect(start(index.locate('multi.yaml', 1, ['kind']))).toEqual([8, 7]);
    expect(start(index.locate('multi.yaml', 0, ['metadata', 'name']))).toEqual([4, 9]);
  });

  it('puts a document-level position at the first node of the document, past the --- marker and comments', () => {
    expect(start(index.documentStart('multi.yaml', 1))).toEqual([7, 1]);
    expect(start(index.documentStart('multi.yaml', 0))).toEqual([1, 1]);
  });

  it('does not count a byte order mark as a column', () => {
    expect(start(index.locate('bom.yaml', 0, ['kind']))).toEqual([1, 7]);
    expect(start(index.locate('bom.yaml', 0, ['metadata', 'name']))).toEqual([3, 9]);
    expect(start(index.locate('bom.yaml', 0, ['data', 'key']))).toEqual([5, 8]);
  });

  it('reads CRLF files line by line', () => {
    expect(start(index.locate('crlf.yaml', 0, ['metadata', 'name']))).toEqual([3, 9]);
  });

  it('points at the key when its value is empty', () => {
    expect(start(index.locate('empty-value.yaml', 0, ['resources']))).toEqual([2, 1]);
  });

  it('falls back to the deepest existing ancestor when the path is missing', () => {
    expect(start(index.locate('single.yaml', 0, ['metadata', 'namespace']))).toEqual([4, 3]);
    expect(start(index.locate('single.yaml', 0, ['spec', 'template', 'spec', 'containers', 5, 'image']))).toEqual([9, 9]);
    expect(start(index.locate('multi.yaml', 1, ['spec', 'ports', 0]))).toEqual([7, 1]);
  });

  it('falls back to line 1 for an unknown file or document', () => {
    expect(index.locate('nope.yaml', 0, ['kind'])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 1 });
    expect(index.locate('multi.yaml', 7, ['kind'])).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 1 });
  });
});
