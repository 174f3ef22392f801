import { spawnSync } from 'node:child_process';

export class GitError extends Error {}

/**
 * Files (relative to `root`) changed since `ref`: committed and uncommitted changes, plus
 * untracked files, as a pull request or a pre-commit run would see them.
 */
export function changedFiles(root: string, ref: string): Set<string> {
  const git = (args: string[]): string => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    if (r.error) throw new GitError(`--changed-since needs git, which could not be run: ${r.error.message}`);
    if (r.status !== 0) throw new GitError(`git ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
    return r.stdout;
  };
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const out = new Set<string>();
  const add = (list: string): void => {
    for (const line of list.split('\0')) {
      if (!line) continue;
      // Paths from git are relative to the top level; keep those under the linted folder.
      if (prefix && !line.startsWith(prefix)) continue;
      out.add(line.slice(prefix.length));
    }
  };
  add(git(['diff', '--name-only', '-z', '--relative=' + prefix, ref, '--', '.']).split('\0').map((p) => prefix + p).join('\0'));
  add(git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.']).split('\0').map((p) => (p ? prefix + p : p)).join('\0'));
  return out;
}
