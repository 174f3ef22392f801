import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Another process holds the lock, or the lock file cannot be made. */
export class LockError extends Error {}

export interface Lock {
  file: string;
  release(): void;
}

interface Holder {
  pid: number;
  hostname: string;
  started: string;
}

/** A lock file whose content cannot be read (a process died while writing it) is stale after this long. */
const UNREADABLE_STALE_MS = 60_000;

/**
 * Where `--fix` locks a repository: `omni-lint.lock` in the git directory when `root` is inside a
 * git work tree (so the lock is never committed and every folder of the repository shares it), else
 * `.omni-lint.lock` in `root`.
 */
export function lockPath(root: string): string {
  const gitDir = findGitDir(path.resolve(root));
  return gitDir ? path.join(gitDir, 'omni-lint.lock') : path.join(path.resolve(root), '.omni-lint.lock');
}

/**
 * Takes the repository's fix lock: the lock file is created whole (see createWith) and holds this
 * process's pid and host. A lock whose process is gone (same host, no such pid) is stale and taken
 * over. Throws LockError, naming the holder and the file, when another live process holds it.
 */
export function acquireLock(root: string): Lock {
  const file = lockPath(root);
  const me: Holder = { pid: process.pid, hostname: os.hostname(), started: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createWith(file, text)) return { file, release: () => removeIf(file, text) };
    const { holder, text: held } = readHolder(file);
    if (held === undefined) continue; // released between our attempt and our read: try again
    if (isStale(file, holder)) {
      removeIf(file, held);
      continue;
    }
    const who = holder ? `process ${holder.pid} on ${holder.hostname}, since ${holder.started}` : 'a process that did not say which';
    throw new LockError(
      `another omni-lint --fix is running on this repository (${who}; lock file ${file}), so this one changed nothing. ` +
        `Wait for it to finish and run again; if no omni-lint is running, delete ${file}`,
    );
  }
  throw new LockError(`could not take the lock file ${file}: other processes keep taking and releasing it`);
}

/**
 * Creates `file` holding `text`, or returns false when it already exists. The text is written to a
 * file of our own first and linked into place, so no other process ever reads the lock half-written
 * (and takes it for one that names no process). Where hard links are not supported (some network
 * and FAT file systems), the lock is created with O_EXCL and written after.
 */
function createWith(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, text, { flag: 'wx' });
  } catch (e) {
    throw new LockError(`cannot create the lock file ${file} (${(e as Error).message}), so --fix did not start`);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    return createExclusive(file, text);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockError(`cannot create the lock file ${file} (${(e as Error).message}), so --fix did not start`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(file: string): { holder?: Holder; text?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.hostname === 'string' && typeof h.started === 'string') return { holder: h as Holder, text };
  } catch {
    // not ours, or half-written
  }
  return { text };
}

function isStale(file: string, holder: Holder | undefined): boolean {
  if (!holder) {
    try {
      return Date.now() - statSync(file).mtimeMs > UNREADABLE_STALE_MS;
    } catch {
      return false;
    }
  }
  // On another host (a shared network folder) we cannot tell: never take it over.
  if (holder.hostname !== os.hostname()) return false;
  return !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock file only while it still holds `text`, so a lock another process took over is never removed. */
function removeIf(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** The git directory of the work tree holding `dir`: `.git` itself, or where a `.git` file (worktree, submodule) points. */
function findGitDir(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const dotGit = path.join(d, '.git');
    try {
      const st = statSync(dotGit);
      if (st.isDirectory()) return dotGit;
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (m) return path.resolve(d, m[1]!);
    } catch {
      // no .git here
    }
    if (path.dirname(d) === d) return undefined;
  }
}

const HELD_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `fn` (a commit) with SIGINT, SIGTERM and SIGHUP held back, so that Ctrl-C never stops it half
 * way: with a listener installed, Node delivers a signal to JavaScript between turns of its event
 * loop, never inside synchronous code. A signal that came meanwhile arrives a moment after `fn`
 * returns; it is then raised again with its default action, so the process ends as interrupted with
 * every write complete. The listeners stay for a moment only, and never keep the process alive.
 */
export function withSignalsHeld<T>(fn: () => T): T {
  const release = (): void => {
    for (const s of HELD_SIGNALS) process.off(s, raise);
  };
  const raise = (signal: NodeJS.Signals): void => {
    release();
    process.stderr.write(`omni-lint: ${signal} came while --fix was writing; it finished writing first.\n`);
    process.kill(process.pid, signal);
  };
  for (const s of HELD_SIGNALS) process.on(s, raise);
  try {
    return fn();
  } finally {
    setTimeout(release, 1000).unref();
  }
}
