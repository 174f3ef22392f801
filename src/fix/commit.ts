import { mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, unlinkSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dirOf } from '../graph/paths.js';
import type { FileChange } from './change-set.js';

export class CommitError extends Error {}

/** Injected so tests can make a write fail half-way (disk full, permission denied). */
export interface FileSystem {
  writeFile(file: string, text: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
}

export const realFs: FileSystem = {
  writeFile: (f, t) => writeFileSync(f, t),
  rename: (a, b) => renameSync(a, b),
  unlink: (f) => unlinkSync(f),
};

/**
 * Writes a change set: every new content goes to a temp sibling first, then all are renamed into
 * place, then deletions run. On any failure every file already replaced is restored and the
 * temp files removed, so the tree ends as it was or fully fixed, never in between.
 */
export function commitChanges(root: string, changes: readonly FileChange[], fs: FileSystem = realFs): void {
  const absRoot = path.resolve(root);
  const realRoot = realpathSync(absRoot);
  const abs = (p: string): string => {
    const full = path.resolve(absRoot, p);
    if (!inside(absRoot, full) || !inside(realRoot, realpathOfNearest(full))) {
      throw new CommitError(`${p} is outside the repository; nothing was written`);
    }
    return full;
  };
  const writes = changes.filter((c) => c.after !== null);
  const deletes = changes.filter((c) => c.after === null);
  for (const c of changes) abs(c.path);
  for (const c of changes) {
    // Never overwrite what changed on disk since we planned: a file that appeared, or one edited meanwhile.
    const now = readCurrent(absRoot, c.path);
    if (c.before === undefined && (now !== undefined || existsSync(abs(c.path)))) throw new CommitError(`${c.path} appeared while fixing; nothing was written`);
    if (c.before !== undefined && now !== c.before) throw new CommitError(`${c.path} changed while fixing; nothing was written`);
  }
  const madeDirs: string[] = [];
  const temps: string[] = [];
  const replaced: FileChange[] = [];
  const deleted: FileChange[] = [];
  try {
    for (const c of writes) {
      const target = abs(c.path);
      const dir = path.dirname(target);
      // Remember every folder made (outermost first), so a rollback removes all of them.
      const missing: string[] = [];
      for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
      if (missing.length > 0) {
        mkdirSync(dir, { recursive: true });
        madeDirs.push(...missing);
      }
      const temp = path.join(dir, `.${path.basename(target)}.omni-lint-${process.pid}.tmp`);
      // Listed before writing: a write that fails half-way (disk full) leaves a partial temp file.
      temps.push(temp);
      fs.writeFile(temp, c.after!);
    }
    writes.forEach((c, i) => {
      fs.rename(temps[i]!, abs(c.path));
      temps[i] = '';
      replaced.push(c);
    });
    for (const c of deletes) {
      fs.unlink(abs(c.path));
      deleted.push(c);
    }
  } catch (e) {
    for (const t of temps) if (t) tryUnlink(t);
    for (const c of replaced) {
      if (c.before === undefined) tryUnlink(abs(c.path));
      else writeFileSync(abs(c.path), c.before);
    }
    for (const c of deleted) if (c.before !== undefined) writeFileSync(abs(c.path), c.before);
    for (const d of madeDirs.reverse()) removeIfEmpty(d);
    throw new CommitError(`writing the fixes failed (${(e as Error).message}); the repository was restored as it was`);
  }
  // Moves leave folders empty; git does not keep them, so neither do we.
  for (const c of deletes) {
    let d = dirOf(c.path);
    while (d !== '' && removeIfEmpty(abs(d))) d = dirOf(d);
  }
}

function inside(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The real path of `p`, or of its nearest existing ancestor, so a symlinked folder cannot lead out of the root. */
function realpathOfNearest(p: string): string {
  const rest: string[] = [];
  for (let d = p; ; d = path.dirname(d)) {
    try {
      return path.join(realpathSync(d), ...rest);
    } catch {
      if (path.dirname(d) === d) return p;
      rest.unshift(path.basename(d));
    }
  }
}

function tryUnlink(f: string): void {
  try {
    unlinkSync(f);
  } catch {
    // already gone
  }
}

function removeIfEmpty(dir: string): boolean {
  try {
    if (readdirSync(dir).length > 0) return false;
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** For tests and the dry run: what a file holds now. */
export function readCurrent(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}
