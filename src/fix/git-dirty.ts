import { spawnSync } from 'node:child_process';

/**
 * Of `paths` (relative to `root`), those with uncommitted changes in git, new untracked files
 * included. Outside a git repository, or without git, nothing is dirty.
 */
export function dirtyFiles(root: string, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const prefix = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' });
  if (prefix.status !== 0) return [];
  const status = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], { cwd: root, encoding: 'utf8' });
  if (status.status !== 0) return [];
  const pre = prefix.stdout.trim();
  const dirty = new Set<string>();
  const entries = status.stdout.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const file = entry.slice(3);
    if (code.startsWith('R') || code.startsWith('C')) i++; // the original path follows
    const rel = pre && file.startsWith(pre) ? file.slice(pre.length) : file;
    dirty.add(rel);
  }
  return paths.filter((p) => dirty.has(p));
}
