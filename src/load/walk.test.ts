import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepo } from './load-repo.js';
import { walk } from './walk.js';

/**
 * Trees with symlink loops, links out of the root and binary files cannot live in git, so each
 * test writes its own in a temp folder.
 */
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-walk-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const paths = (root: string): string[] => walk(root).map((e) => e.path);
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';

describe('walk', () => {
  it('honours .gitignore files at the root and in subfolders', () => {
    const root = tree({
      '.gitignore': 'build/\n*.secret.yaml\n',
      'apps/.gitignore': 'local.yaml\n',
      'apps/web.yaml': NS,
      'apps/local.yaml': NS,
      'apps/db.secret.yaml': NS,
      'build/out.yaml': NS,
      'clusters/local.yaml': NS,
    });
    expect(paths(root)).toEqual(['.gitignore', 'apps/.gitignore', 'apps/web.yaml', 'clusters/local.yaml']);
  });

  it('skips .git and node_modules at any depth, and extra ignore globs', () => {
    const root = tree({
      '.git/config': '[core]\n',
      '.git/objects/x.yaml': NS,
      'node_modules/pkg/a.yaml': NS,
      'tools/node_modules/pkg/b.yaml': NS,
      'vendor/c.yaml': NS,
      'apps/a.yaml': NS,
    });
    expect(paths(root)).toEqual(['apps/a.yaml', 'vendor/c.yaml']);
    expect(walk(root, ['vendor/**']).map((e) => e.path)).toEqual(['apps/a.yaml']);
  });

  it('does not hang on symlink loops and does not list a folder twice', () => {
    const root = tree({ 'apps/a.yaml': NS });
    symlinkSync('..', path.join(root, 'apps', 'parent'));
    symlinkSync('.', path.join(root, 'self'));
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    // Links are listed, never entered: folder links as aliases of their target, loops as broken.
    expect(walk(root)).toEqual([
      { path: 'apps/a.yaml' },
      { path: 'apps/parent', linkTo: '' },
      { path: 'loop-a', broken: true },
      { path: 'loop-b', broken: true },
      { path: 'self', linkTo: '' },
    ]);
  });

  it('lists a symlink to a file or folder inside the root as an alias of its target', () => {
    const root = tree({ 'base/a.yaml': NS });
    mkdirSync(path.join(root, 'overlay'));
    symlinkSync('../base/a.yaml', path.join(root, 'overlay', 'a.yaml'));
    symlinkSync('../base', path.join(root, 'overlay', 'base'));
    expect(walk(root)).toEqual([{ path: 'base/a.yaml' }, { path: 'overlay/a.yaml', linkTo: 'base/a.yaml' }, { path: 'overlay/base', linkTo: 'base' }]);
  });

  it('returns a symlink that leaves the root with escapesTo, for files and folders', () => {
    const outside = tree({ 'secret.yaml': 'password: hunter2\n', 'dir/x.yaml': NS });
    const root = tree({ 'apps/a.yaml': NS });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'apps', 'secret.yaml'));
    symlinkSync(path.join(outside, 'dir'), path.join(root, 'linked-dir'));
    expect(walk(root)).toEqual([
      { path: 'apps/a.yaml' },
      { path: 'apps/secret.yaml', escapesTo: path.join(outside, 'secret.yaml') },
      { path: 'linked-dir', escapesTo: path.join(outside, 'dir') },
    ]);
  });
});

describe('loadRepo', () => {
  it('reports a symlink out of the root as skipped and never reads it', () => {
    const outside = tree({ 'secret.yaml': 'password: hunter2\n' });
    const root = tree({ 'apps/a.yaml': NS });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'apps', 'secret.yaml'));
    const repo = loadRepo(root);
    const file = repo.yaml.get('apps/secret.yaml');
    expect(file).toEqual({
      path: 'apps/secret.yaml',
      text: '',
      docs: [],
      errors: [],
      skipped: { kind: 'symlink-outside-root', target: path.join(outside, 'secret.yaml') },
    });
    expect(repo.yaml.get('apps/a.yaml')?.docs).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }]);
  });

  it('skips a binary .yaml file and an over-limit one, and still lists both as files', () => {
    const root = tree({
      'bin.yaml': Buffer.from([0x6b, 0x3a, 0x20, 0x00, 0x01, 0x02, 0x0a]),
      'big.yaml': `data: "${'x'.repeat(200)}"\n`,
      'ok.yaml': NS,
    });
    const repo = loadRepo(root, { maxFileBytes: 100 });
    expect(repo.yaml.get('bin.yaml')?.skipped).toEqual({ kind: 'binary' });
    expect(repo.yaml.get('big.yaml')?.skipped).toEqual({ kind: 'too-large', size: 209, limit: 100 });
    expect(repo.yaml.get('bin.yaml')?.docs).toEqual([]);
    expect(repo.yaml.get('ok.yaml')?.skipped).toBeUndefined();
    expect([...repo.files].sort()).toEqual(['big.yaml', 'bin.yaml', 'ok.yaml']);
  });

  it('reads files of every size whole, each with its own text, around the one-read buffer size and past it', () => {
    // 64 KiB is where the loader stops reading a file in one go; the sizes around it take either path.
    const sizes = [0, 1, 65_535, 65_536, 65_537, 200_000];
    const manifest = (n: number): string => {
      const head = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${n}\ndata:\n  pad: "`;
      return n < head.length + 2 ? '' : `${head}${'x'.repeat(n - head.length - 2)}"\n`;
    };
    const files = Object.fromEntries(sizes.map((n) => [`s${n}.yaml`, manifest(n)]));
    const repo = loadRepo(tree(files));
    for (const n of sizes) {
      const file = repo.yaml.get(`s${n}.yaml`)!;
      expect(file.text).toBe(files[`s${n}.yaml`]);
      expect(file.text.length).toBe(n < 60 ? 0 : n);
      if (n >= 60) expect(file.docs).toEqual([expect.objectContaining({ metadata: { name: `c${n}` } })]);
    }
    // Over the limit on either path: its size is reported, nothing is read into a document.
    const small = loadRepo(tree(files), { maxFileBytes: 65_536 });
    expect(small.yaml.get('s65536.yaml')?.skipped).toBeUndefined();
    expect(small.yaml.get('s65537.yaml')?.skipped).toEqual({ kind: 'too-large', size: 65_537, limit: 65_536 });
    expect(loadRepo(tree(files), { maxFileBytes: 1000 }).yaml.get('s65535.yaml')?.skipped).toEqual({ kind: 'too-large', size: 65_535, limit: 1000 });
  });

  it('reads files under a Helm chart\'s templates/ (any depth, a chart at the root too) as templates, and nothing else', () => {
    const tpl = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';
    const root = tree({
      'Chart.yaml': 'name: top\n',
      'templates/cm.yaml': tpl,
      'charts/app/Chart.yaml': 'name: app\n',
      'charts/app/templates/sub/cm.yaml': tpl,
      'charts/app/other/templates/cm.yaml': NS, // templates/ of a folder that is no chart
      'apps/templates/cm.yaml': NS,
    });
    const repo = loadRepo(root);
    const templates = [...repo.yaml.values()].filter((f) => f.template).map((f) => f.path);
    expect(templates.sort()).toEqual(['charts/app/templates/sub/cm.yaml', 'templates/cm.yaml']);
    expect(repo.yaml.get('charts/app/other/templates/cm.yaml')?.docs).toHaveLength(1);
  });

  it('skips a file with more documents than the limit', () => {
    const root = tree({ 'many.yaml': `${NS}---\n${NS}---\n${NS}` });
    expect(loadRepo(root, { maxDocuments: 2 }).yaml.get('many.yaml')?.skipped).toEqual({ kind: 'too-many-documents', count: 3, limit: 2 });
  });

  it('collects every parent folder and the .sourceignore files', () => {
    const root = tree({ 'clusters/prod/apps/a.yaml': NS, '.sourceignore': '# comment\n\ntests/\n!tests/keep.yaml\n' });
    const repo = loadRepo(root);
    expect([...repo.dirs].sort()).toEqual(['', 'clusters', 'clusters/prod', 'clusters/prod/apps']);
    expect(repo.ignoreFiles).toEqual([{ dir: '', file: '.sourceignore', patterns: ['tests/', '!tests/keep.yaml'] }]);
  });
});
