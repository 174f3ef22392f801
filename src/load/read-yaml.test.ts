import { describe, expect, it } from 'vitest';
import { parseWithYaml, parseYamlText } from './read-yaml.js';

/** Both parsers over the same text: the fast path (js-yaml, with fallback) and the precise one (`yaml`). */
function both(text: string): { fast: ReturnType<typeof parseYamlText>; precise: ReturnType<typeof parseYamlText> } {
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { fast: parseYamlText('f.yaml', text), precise: parseWithYaml('f.yaml', text, stripped) };
}

describe('parseYamlText', () => {
  it('reads every document of a multi-document file in order', () => {
    const { fast, precise } = both('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n');
    expect(fast.docs).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    ]);
    expect(precise.docs).toEqual(fast.docs);
    expect(fast.errors).toEqual([]);
  });

  it('expands anchors and aliases, and applies merge keys as Kubernetes does', () => {
    const text = 'labels: &labels\n  app: web\nmetadata:\n  labels: *labels\n  annotations:\n    <<: *labels\n    team: core\n';
    const { fast, precise } = both(text);
    expect(fast.docs).toEqual([{ labels: { app: 'web' }, metadata: { labels: { app: 'web' }, annotations: { app: 'web', team: 'core' } } }]);
    expect(precise.docs).toEqual(fast.docs);
  });

  it('keeps YAML 1.2 core scalars: dates, yes/no and octal-looking strings stay as Kubernetes reads them', () => {
    const { fast, precise } = both('date: 2024-01-01\nflag: yes\nmode: "0644"\nnum: 0o14\nempty:\n');
    expect(fast.docs).toEqual([{ date: '2024-01-01', flag: 'yes', mode: '0644', num: 12, empty: null }]);
    expect(precise.docs).toEqual(fast.docs);
  });

  it('reads a custom tag such as !reference as its plain value', () => {
    const { fast, precise } = both('job:\n  script: !reference [.setup, script]\n  name: !custom build\n');
    expect(fast.errors).toEqual([]);
    expect(fast.docs).toEqual([{ job: { script: ['.setup', 'script'], name: 'build' } }]);
    expect(precise.docs).toEqual(fast.docs);
  });

  it('reports duplicate keys with their line and column', () => {
    const { fast, precise } = both('kind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
    expect(fast.docs).toEqual([undefined]);
    expect(fast.errors).toEqual([{ message: 'Map keys must be unique', line: 4, column: 3 }]);
    expect(precise).toEqual(fast);
  });

  it('ignores a byte order mark and keeps the raw text', () => {
    const text = '\ufeffkind: Namespace\n---\nkind: Service\n';
    const { fast, precise } = both(text);
    expect(fast.docs).toEqual([{ kind: 'Namespace' }, { kind: 'Service' }]);
    expect(fast.text).toBe(text);
    expect(precise.docs).toEqual(fast.docs);
  });

  it('reads CRLF line endings like LF ones, and reports error lines in them', () => {
    const { fast, precise } = both('a: 1\r\nb:\r\n  - x\r\n  - y\r\n---\r\nc: "3"\r\n');
    expect(fast.docs).toEqual([{ a: 1, b: ['x', 'y'] }, { c: '3' }]);
    expect(precise.docs).toEqual(fast.docs);
    const broken = parseYamlText('f.yaml', 'a: 1\r\nb: 2\r\na: 3\r\n');
    expect(broken.errors).toEqual([{ message: 'Map keys must be unique', line: 3, column: 1 }]);
  });

  it('keeps empty documents as null entries so document indexes match the file', () => {
    const { fast, precise } = both('---\n---\nkind: Service\n---\n# only a comment\n---\n');
    expect(fast.docs).toEqual([null, { kind: 'Service' }, null, null]);
    expect(precise.docs).toEqual(fast.docs);
    expect(parseYamlText('f.yaml', '').docs).toEqual([]);
    expect(parseWithYaml('f.yaml', '', '').docs).toEqual([]);
  });

  it('reports an alias bomb as an error instead of expanding it', () => {
    // Nine levels of nine aliases: 72 aliases in 600 bytes that expand to 9^9 (387 million) strings.
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = Date.now();
    const { fast, precise } = both(`${lines.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fast.docs).toEqual([undefined]);
    expect(fast.errors).toHaveLength(1);
    expect(fast.errors[0]!.message).toMatch(/alias/i);
    expect(fast.errors[0]).toMatchObject({ line: 1, column: 1 });
    expect(precise).toEqual(fast);
  });

  it('reads a file that uses one small anchor many times, in both parsers', () => {
    const text = `base: &b {x: 1}\nlist:\n${Array.from({ length: 150 }, () => '  - *b').join('\n')}\n`;
    const { fast, precise } = both(text);
    expect(fast.errors).toEqual([]);
    expect((fast.docs[0] as { list: unknown[] }).list).toHaveLength(150);
    expect(precise).toEqual(fast);
  });

  it('leaves documents 1 and 3 readable when document 2 is invalid', () => {
    const text = 'kind: Namespace\n---\nkind: ConfigMap\ndata: [1, 2\n---\nkind: Service\n';
    const { fast, precise } = both(text);
    expect(fast.docs).toEqual([{ kind: 'Namespace' }, undefined, { kind: 'Service' }]);
    expect(fast.errors).toHaveLength(1);
    expect(fast.errors[0]!.line).toBe(5);
    expect(precise).toEqual(fast);
    const nested = parseYamlText('f.yaml', 'a: 1\n---\nb: c: d\n---\ne: 3\n');
    expect(nested.docs).toEqual([{ a: 1 }, undefined, { e: 3 }]);
    expect(nested.errors).toEqual([{ message: 'Nested mappings are not allowed in compact mappings', line: 3, column: 4 }]);
  });

  it('skips a file with more documents than the limit', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    expect(parseYamlText('f.yaml', text, 2).skipped).toEqual({ kind: 'too-many-documents', count: 3, limit: 2 });
    expect(parseWithYaml('f.yaml', text, text, 2).skipped).toEqual({ kind: 'too-many-documents', count: 3, limit: 2 });
  });
});
