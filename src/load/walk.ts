import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { globbySync } from 'globby';

export interface WalkEntry {
  /** Repo-relative, `/`-separated. */
  path: string;
  /** Set when the entry is a symlink whose target lies outside the root (never followed). */
  escapesTo?: string;
}

const ALWAYS_IGNORED = ['**/.git/**', '**/node_modules/**'];

/**
 * Lists every file under `root`, honouring `.gitignore` files. Symlinks are not followed (a
 * loop cannot hang us); a symlink to a file inside the root is listed like the file, one that
 * leaves the root is returned with `escapesTo` so the loader can report it without reading it.
 */
export function walk(root: string, ignore: string[] = []): WalkEntry[] {
  const entries = globbySync('**/*', {
    cwd: root,
    dot: true,
    gitignore: true,
    ignore: [...ALWAYS_IGNORED, ...ignore],
    followSymbolicLinks: false,
    onlyFiles: false,
    markDirectories: true,
    suppressErrors: true,
    objectMode: true,
  });
  const realRoot = safeRealpath(root) ?? root;
  const out: WalkEntry[] = [];
  for (const entry of entries) {
    const rel = entry.path.replace(/\\/g, '/').replace(/\/$/, '');
    if (entry.dirent.isDirectory()) continue;
    if (entry.dirent.isSymbolicLink()) {
      const real = safeRealpath(path.join(root, rel));
      if (real === undefined) continue; // dangling link or loop: nothing to read
      if (!isInside(realRoot, real)) {
        out.push({ path: rel, escapesTo: real });
        continue;
      }
      if (isDirectory(real)) continue; // its files are walked under their real path
      out.push({ path: rel });
      continue;
    }
    if (entry.dirent.isFile()) out.push({ path: rel });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
