import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree, removeTree } from '../testing/fs-tree.js';
import type { FileChange } from './change-set.js';
import { commitChanges, CommitError, realFs, type FileSystem } from './commit.js';

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-commit-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file under `dir`, temp files included. */
function listing(dir: string): string[] {
  return Object.keys(readTree(dir)).sort();
}

/** A real file system whose rename fails on the given call, as a full disk or a denied permission would. */
function failingRename(failOn: number, error = 'ENOSPC: no space left on device'): FileSystem & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    writeFile: realFs.writeFile,
    unlink: realFs.unlink,
    rename(from, to) {
      calls.push(to);
      if (calls.length === failOn) throw new Error(error);
      renameSync(from, to);
    },
  };
}

const start = { 'a.yaml': 'a: 1\n', 'b/b.yaml': 'b: 1\n', 'c/c.yaml': 'c: 1\n' };

/** Edits a.yaml and b/b.yaml, creates new/deep/d.yaml, deletes c/c.yaml. */
const changes: FileChange[] = [
  { path: 'a.yaml', before: 'a: 1\n', after: 'a: 2\n' },
  { path: 'b/b.yaml', before: 'b: 1\n', after: 'b: 2\n' },
  { path: 'new/deep/d.yaml', before: undefined, after: 'd: 1\n' },
  { path: 'c/c.yaml', before: 'c: 1\n', after: null },
];

describe('commitChanges', () => {
  it('writes, creates and deletes, leaving no temp file', () => {
    const dir = tree(start);
    commitChanges(dir, changes);
    expect(readTree(dir)).toEqual({ 'a.yaml': 'a: 2\n', 'b/b.yaml': 'b: 2\n', 'new/deep/d.yaml': 'd: 1\n' });
  });

  it('removes the folders a move or deletion leaves empty, and only those', () => {
    const dir = tree({ 'apps/web/deploy.yaml': 'x: 1\n', 'apps/keep.yaml': 'k: 1\n' });
    commitChanges(dir, [
      { path: 'apps/web/deploy.yaml', before: 'x: 1\n', after: null },
      { path: 'apps/api/deploy.yaml', before: undefined, after: 'x: 1\n' },
    ]);
    expect(existsSync(path.join(dir, 'apps', 'web'))).toBe(false);
    expect(existsSync(dir)).toBe(true);
    expect(readTree(dir)).toEqual({ 'apps/api/deploy.yaml': 'x: 1\n', 'apps/keep.yaml': 'k: 1\n' });
  });

  for (const [name, error] of [
    ['disk full', 'ENOSPC: no space left on device'],
    ['permission denied', 'EACCES: permission denied'],
  ] as const) {
    it(`restores every file when the second rename fails (${name})`, () => {
      const dir = tree(start);
      const fs = failingRename(2, error);
      let thrown: unknown;
      try {
        commitChanges(dir, changes, fs);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CommitError);
      expect((thrown as Error).message).toContain(error);
      expect((thrown as Error).message).toContain('restored');
      expect(fs.calls).toHaveLength(2);
      // The first file had been replaced; it is back, byte for byte. Nothing else is left behind.
      expect(readTree(dir)).toEqual(start);
      expect(existsSync(path.join(dir, 'new'))).toBe(false);
    });
  }

  it('restores everything when a deletion fails after all renames', () => {
    const dir = tree(start);
    const fs: FileSystem = {
      ...realFs,
      unlink: () => {
        throw new Error('EBUSY: resource busy');
      },
    };
    expect(() => commitChanges(dir, changes, fs)).toThrow(CommitError);
    expect(readTree(dir)).toEqual(start);
    expect(listing(dir)).toEqual(['a.yaml', 'b/b.yaml', 'c/c.yaml']);
  });

  it('removes a temp file that a failing write left half-written', () => {
    const dir = tree(start);
    let writes = 0;
    const fs: FileSystem = {
      ...realFs,
      writeFile(file, text) {
        if (++writes === 2) {
          writeFileSync(file, text.slice(0, 2));
          throw new Error('ENOSPC: no space left on device');
        }
        realFs.writeFile(file, text);
      },
    };
    expect(() => commitChanges(dir, changes, fs)).toThrow(/ENOSPC/);
    expect(readTree(dir)).toEqual(start);
  });

  it('does not overwrite a file that appeared on disk after planning', () => {
    const dir = tree(start);
    writeFileSync(path.join(dir, 'late.yaml'), 'mine: true\n');
    const plan: FileChange[] = [
      { path: 'a.yaml', before: 'a: 1\n', after: 'a: 2\n' },
      { path: 'late.yaml', before: undefined, after: 'theirs: true\n' },
    ];
    expect(() => commitChanges(dir, plan)).toThrow(/late\.yaml appeared while fixing; nothing was written/);
    expect(readTree(dir)).toEqual({ ...start, 'late.yaml': 'mine: true\n' });
  });

  it('does not overwrite a file edited on disk after planning', () => {
    const dir = tree(start);
    writeFileSync(path.join(dir, 'a.yaml'), 'a: edited by hand\n');
    expect(() => commitChanges(dir, changes)).toThrow(/a\.yaml changed while fixing; nothing was written/);
    expect(readTree(dir)).toEqual({ ...start, 'a.yaml': 'a: edited by hand\n' });
  });

  it('refuses a path that escapes the root and writes nothing', () => {
    const parent = tree({});
    const dir = path.join(parent, 'repo');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\n');
    const plan = (p: string): FileChange[] => [
      { path: 'a.yaml', before: 'a: 1\n', after: 'a: 2\n' },
      { path: p, before: undefined, after: 'x: 1\n' },
    ];
    expect(() => commitChanges(dir, plan('../escape.yaml'))).toThrow(/outside the repository/);
    expect(() => commitChanges(dir, plan('sub/../../escape.yaml'))).toThrow(CommitError);
    expect(() => commitChanges(dir, plan(path.join(parent, 'abs.yaml')))).toThrow(CommitError);
    expect(readTree(parent)).toEqual({ 'repo/a.yaml': 'a: 1\n' });
  });

  it('refuses to write through a symlinked folder that leads out of the root', () => {
    const outside = tree({});
    const dir = tree({ 'a.yaml': 'a: 1\n' });
    symlinkSync(outside, path.join(dir, 'link'));
    expect(() => commitChanges(dir, [{ path: 'link/x.yaml', before: undefined, after: 'x: 1\n' }])).toThrow(/outside the repository/);
    expect(readTree(outside)).toEqual({});
    unlinkSync(path.join(dir, 'link'));
  });

  it('accepts a file whose name starts with two dots', () => {
    const dir = tree({});
    commitChanges(dir, [{ path: '..hidden.yaml', before: undefined, after: 'x: 1\n' }]);
    expect(readFileSync(path.join(dir, '..hidden.yaml'), 'utf8')).toBe('x: 1\n');
  });

  it('does not overwrite a file that appears while the fixes are being written, and restores the rest', () => {
    const dir = tree(start);
    // Another program writes new/deep/d.yaml between our check and our write: linking the new file
    // into place fails with EEXIST instead of replacing theirs.
    const fs: FileSystem = {
      ...realFs,
      writeFile(file, text) {
        realFs.writeFile(file, text);
        if (file.includes('d.yaml')) writeFileSync(path.join(dir, 'new/deep/d.yaml'), 'theirs: true\n');
      },
    };
    expect(() => commitChanges(dir, changes, fs)).toThrow(/new\/deep\/d\.yaml appeared while fixing; the repository was restored as it was/);
    expect(readTree(dir)).toEqual({ ...start, 'new/deep/d.yaml': 'theirs: true\n' });
  });

  it('writes new files by renaming where the file system has no hard links', () => {
    const dir = tree(start);
    const fs: FileSystem = {
      ...realFs,
      link: () => {
        throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
      },
    };
    commitChanges(dir, changes, fs);
    expect(readTree(dir)).toEqual({ 'a.yaml': 'a: 2\n', 'b/b.yaml': 'b: 2\n', 'new/deep/d.yaml': 'd: 1\n' });
  });

  it('restores files after a failure when backups had to be renames (no hard links)', () => {
    const dir = tree(start);
    const fs = failingRename(3);
    const noLinks: FileSystem = {
      ...fs,
      link: () => {
        throw Object.assign(new Error('ENOTSUP: operation not supported'), { code: 'ENOTSUP' });
      },
    };
    expect(() => commitChanges(dir, changes, noLinks)).toThrow(/restored as it was/);
    expect(readTree(dir)).toEqual(start);
  });

  it('keeps the permissions of a file it rewrites', () => {
    const dir = tree(start);
    chmodSync(path.join(dir, 'a.yaml'), 0o750);
    chmodSync(path.join(dir, 'b/b.yaml'), 0o600);
    commitChanges(dir, changes);
    expect(statSync(path.join(dir, 'a.yaml')).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(dir, 'b/b.yaml')).mode & 0o777).toBe(0o600);
  });

  it('says which file could not be restored, and where its original is, when undoing fails too', () => {
    const dir = tree(start);
    const backups = (): string[] => listing(dir).filter((f) => f.endsWith('.bak'));
    const fs: FileSystem = {
      ...realFs,
      rename(from, to) {
        if (to.endsWith('b.yaml')) {
          // The backup of a.yaml vanishes (the disk is failing), then the second rename fails.
          const bak = backups().find((f) => f.startsWith('.a.yaml'))!;
          renameSync(path.join(dir, bak), path.join(dir, 'moved-away.bak'));
          throw new Error('EIO: i/o error');
        }
        renameSync(from, to);
      },
    };
    let message = '';
    try {
      commitChanges(dir, changes, fs);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^writing the fixes failed \(EIO: i\/o error\), and 1 file could not be restored: .*a\.yaml \(its original is kept as .*\.a\.yaml\.omni-lint-\d+\.bak/);
    // b.yaml, c.yaml and the new file are as they were; a.yaml holds the fix, its original is in moved-away.bak.
    expect(readTree(dir)).toEqual({ 'a.yaml': 'a: 2\n', 'b/b.yaml': 'b: 1\n', 'c/c.yaml': 'c: 1\n', 'moved-away.bak': 'a: 1\n' });
  });

  it('reports backups it could not remove once every fix is in place', () => {
    const dir = tree(start);
    let unlinks = 0;
    const fs: FileSystem = {
      ...realFs,
      unlink(file) {
        // The first call removes the temp file of the new d.yaml; the third is the backup of b.yaml.
        if (++unlinks === 3) throw new Error('EBUSY: resource busy');
        realFs.unlink(file);
      },
    };
    expect(() => commitChanges(dir, changes, fs)).toThrow(/^the fixes were written, but 1 backup file could not be removed: .*\.b\.yaml\.omni-lint-\d+\.bak \(EBUSY/);
    const after = readTree(dir);
    expect(Object.keys(after).filter((f) => !f.endsWith('.bak'))).toEqual(['a.yaml', 'b/b.yaml', 'new/deep/d.yaml']);
  });
});
