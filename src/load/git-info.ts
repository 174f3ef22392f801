import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GitInfo } from './types.js';

/**
 * Reads the remotes and current branch straight from `.git`, so linting needs no git binary
 * and costs no process spawn. Worktrees (`.git` as a file) are followed to their git dir.
 */
export function readGitInfo(root: string): GitInfo {
  const gitDir = findGitDir(root);
  if (!gitDir) return { remotes: [], remoteUrls: [] };
  const remoteUrls: string[] = [];
  const config = readText(path.join(commonDir(gitDir), 'config'));
  if (config) {
    for (const m of config.matchAll(/^\s*url\s*=\s*(.+)$/gm)) remoteUrls.push(m[1]!.trim());
  }
  const remotes = remoteUrls.map(normaliseRepoUrl);
  const head = readText(path.join(gitDir, 'HEAD'));
  const branch = head?.match(/^ref: refs\/heads\/(.+)$/m)?.[1]?.trim();
  return branch ? { remotes, remoteUrls, branch } : { remotes, remoteUrls };
}

function findGitDir(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, '.git');
    try {
      const st = statSync(candidate);
      if (st.isDirectory()) return candidate;
      const pointer = readText(candidate)?.match(/^gitdir:\s*(.+)$/m)?.[1];
      if (pointer) return path.resolve(dir, pointer.trim());
    } catch {
      // keep climbing
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function commonDir(gitDir: string): string {
  const pointer = readText(path.join(gitDir, 'commondir'));
  return pointer ? path.resolve(gitDir, pointer.trim()) : gitDir;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Reduces the many spellings of one repository URL to `host/owner/name`, so that
 * `ssh://git@github.com/o/r`, `git@github.com:o/r.git` and `https://github.com/o/r` compare equal.
 */
export function normaliseRepoUrl(url: string): string {
  let u = url.trim().toLowerCase();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(u);
  if (scheme) u = u.slice(scheme[0].length);
  u = u.replace(/^[^@/]+@/, '');
  // Only a URL with a scheme has `host:port/`; in scp-like `git@host:1234/repo` the 1234 is the owner.
  u = scheme ? u.replace(/^([^/:]+):\d*\//, '$1/') : u.replace(/^([^/:]+):/, '$1/');
  u = u.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  return u;
}
