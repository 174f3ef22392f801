import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dirOf } from '../graph/paths.js';
import type { FileChange } from './change-set.js';

export class CommitError extends Error {}

/**
 * The forward steps of a commit, injected so tests can make one fail half-way (disk full, permission
 * denied, a file that appears). Undoing always uses the real file system, and only renames and
 * unlinks, which need no free space.
 */
export interface FileSystem {
  writeFile(file: string, text: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  /** A hard link; fails with EEXIST when `to` exists. Defaults to the real one. */
  link?(from: string, to: string): void;
}

export const realFs: Required<FileSystem> = {
  writeFile: (f, t) => writeFileSync(f, t),
  rename: (a, b) => renameSync(a, b),
  unlink: (f) => unlinkSync(f),
  link: (a, b) => linkSync(a, b),
};

/** Errors of file systems without hard links (some network and FUSE mounts): fall back to renames. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/** One step taken, and how to take it back. */
type Step =
  | { kind: 'created'; target: string }
  | { kind: 'replaced'; target: string; backup: string }
  | { kind: 'deleted'; target: string; backup: string };

/**
 * Writes a change set so that the tree ends as it was or fully fixed, never in between:
 * 1. every new content goes to a temp sibling (a full disk fails here, before anything changed);
 * 2. each file to replace or delete keeps a backup (a hard link, else a rename), then the temp file is
 *    renamed over it; a new file is linked into place, which fails if the file appeared meanwhile;
 * 3. only when every step succeeded are the backups removed.
 * On any failure the steps are undone in reverse with renames, and the message says what happened,
 * naming any file that could not be put back and where its backup is.
 */
export function commitChanges(root: string, changes: readonly FileChange[], fs: FileSystem = realFs): void {
  const absRoot = path.resolve(root);
  const realRoot = realpathSync(absRoot);
  const link = fs.link ?? realFs.link;
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
    if (c.before === undefined && (now !== undefined || exists(abs(c.path)))) throw new CommitError(`${c.path} appeared while fixing; nothing was written`);
    if (c.before !== undefined && now !== c.before) throw new CommitError(`${c.path} changed while fixing; nothing was written`);
  }
  const tag = `omni-lint-${process.pid}`;
  const madeDirs: string[] = [];
  const temps: string[] = [];
  const steps: Step[] = [];
  let failure: unknown;
  try {
    for (const c of writes) {
      const target = abs(c.path);
      const dir = path.dirname(target);
      // Remember every folder made (outermost first), so an undo removes all of them.
      const missing: string[] = [];
      for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
      if (missing.length > 0) {
        mkdirSync(dir, { recursive: true });
        madeDirs.push(...missing);
      }
      const temp = path.join(dir, `.${path.basename(target)}.${tag}.tmp`);
      // Listed before writing: a write that fails half-way (disk full) leaves a partial temp file.
      temps.push(temp);
      fs.writeFile(temp, c.after!);
      // A fix changes content, not permissions: an executable or private file stays so.
      if (c.before !== undefined) chmodSync(temp, statSync(target).mode & 0o7777);
    }
    writes.forEach((c, i) => {
      const target = abs(c.path);
      const temp = temps[i]!;
      if (c.before === undefined) {
        const linked = placeNew(fs, link, temp, target, c.path);
        steps.push({ kind: 'created', target });
        if (linked) fs.unlink(temp);
        temps[i] = '';
        return;
      }
      const backup = backupOf(fs, link, target, tag);
      steps.push({ kind: 'replaced', target, backup });
      fs.rename(temp, target);
      temps[i] = '';
    });
    for (const c of deletes) {
      const target = abs(c.path);
      const backup = path.join(path.dirname(target), `.${path.basename(target)}.${tag}.bak`);
      fs.rename(target, backup);
      steps.push({ kind: 'deleted', target, backup });
    }
  } catch (e) {
    failure = e;
  }
  if (failure === undefined) {
    // Every file is in place; the backups go. Until the first one has gone, all can still be undone.
    const left: string[] = [];
    for (const s of steps) {
      if (s.kind === 'created') continue;
      try {
        fs.unlink(s.backup);
      } catch (e) {
        if (left.length === 0 && s === steps.find((x) => x.kind !== 'created')) {
          failure = e;
          break;
        }
        left.push(`${s.backup} (${(e as Error).message})`);
      }
    }
    if (failure === undefined && left.length > 0) {
      throw new CommitError(`the fixes were written, but ${left.length} backup file${left.length === 1 ? '' : 's'} could not be removed: ${left.join('; ')}. Delete them`);
    }
  }
  if (failure !== undefined) {
    for (const t of temps) if (t) tryUnlink(t);
    const lost = undo(steps);
    for (const d of madeDirs.reverse()) removeIfEmpty(d);
    const why = failure instanceof CommitError ? failure.message : `writing the fixes failed (${(failure as Error).message})`;
    if (lost.length === 0) throw new CommitError(`${why}; the repository was restored as it was`);
    throw new CommitError(`${why}, and ${lost.length} file${lost.length === 1 ? '' : 's'} could not be restored: ${lost.join('; ')}`);
  }
  // Moves leave folders empty; git does not keep them, so neither do we.
  for (const c of deletes) {
    let d = dirOf(c.path);
    while (d !== '' && removeIfEmpty(abs(d))) d = dirOf(d);
  }
}

/**
 * Puts a new file in place without ever replacing one that appeared since the plan was made: true
 * when it was hard-linked (the temp file is still to remove), false when it was renamed.
 */
function placeNew(fs: FileSystem, link: (a: string, b: string) => void, temp: string, target: string, rel: string): boolean {
  try {
    link(temp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CommitError(`${rel} appeared while fixing`);
    if (!code || !NO_LINKS.has(code)) throw e;
  }
  if (exists(target)) throw new CommitError(`${rel} appeared while fixing`);
  fs.rename(temp, target);
  return false;
}

/** Keeps the current content of `target` under a backup name; the target itself stays until replaced. */
function backupOf(fs: FileSystem, link: (a: string, b: string) => void, target: string, tag: string): string {
  const backup = path.join(path.dirname(target), `.${path.basename(target)}.${tag}.bak`);
  try {
    link(target, backup);
    return backup;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code || !NO_LINKS.has(code)) throw e;
  }
  fs.rename(target, backup);
  return backup;
}

/** Takes the steps back, last first; returns a line for each file that could not be put back. */
function undo(steps: readonly Step[]): string[] {
  const lost: string[] = [];
  for (const s of [...steps].reverse()) {
    try {
      if (s.kind === 'created') unlinkSync(s.target);
      // A hard-linked backup of a file never replaced is the file itself (rename would do nothing).
      else if (sameFile(s.backup, s.target)) unlinkSync(s.backup);
      else renameSync(s.backup, s.target);
    } catch (e) {
      lost.push(s.kind === 'created' ? `${s.target} (${(e as Error).message})` : `${s.target} (its original is kept as ${s.backup}: ${(e as Error).message})`);
    }
  }
  return lost;
}

function sameFile(a: string, b: string): boolean {
  try {
    const x = lstatSync(a);
    const y = lstatSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
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
