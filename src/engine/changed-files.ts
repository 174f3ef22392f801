import { spawnSync } from 'node:child_process';

export class GitError extends Error {}

type Git = (args: string[]) => string;

function gitIn(root: string, flag: string): Git {
  return (args) => {
    // Path lists of large repositories run to megabytes: past spawnSync's 1 MiB default, git would seem to fail.
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
    if (r.error) throw new GitError(`${flag} needs git, which could not be run: ${r.error.message}`);
    if (r.status !== 0) throw new GitError(`git ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
    return r.stdout;
  };
}

/** Adds NUL-separated paths relative to the git top level, keeping those under the linted folder (`prefix`) relative to it. */
function addUnder(out: Set<string>, prefix: string, list: string): void {
  for (const line of list.split('\0')) {
    if (!line) continue;
    if (prefix && !line.startsWith(prefix)) continue;
    out.add(line.slice(prefix.length));
  }
}

/**
 * Files (relative to `root`) changed since `ref`: committed and uncommitted changes, plus
 * untracked files, as a pull request would see them.
 */
export function changedFiles(root: string, ref: string): Set<string> {
  const git = gitIn(root, '--changed-since');
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const out = new Set<string>();
  // --relative limits the diff to the linted folder and prints paths relative to it; put the prefix back.
  const diff = git(['diff', '--name-only', '-z', '--relative=' + prefix, ref, '--', '.']);
  addUnder(out, prefix, diff.split('\0').map((p) => (p ? prefix + p : p)).join('\0'));
  // ls-files prints paths relative to the working directory, which is `root`.
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  addUnder(out, prefix, untracked.split('\0').map((p) => (p ? prefix + p : p)).join('\0'));
  return out;
}

/**
 * Files (relative to `root`) staged for the next commit: what `git diff --cached` shows (added,
 * modified, renamed and copied files; deleted ones have nothing left to report). Unstaged edits
 * and untracked files are left out, as pre-commit users expect. Works before the first commit.
 */
export function stagedFiles(root: string): Set<string> {
  const git = gitIn(root, '--staged');
  const prefix = git(['rev-parse', '--show-prefix']).trim();
  const out = new Set<string>();
  const staged = git(['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z', '--relative=' + prefix, '--', '.']);
  addUnder(out, prefix, staged.split('\0').map((p) => (p ? prefix + p : p)).join('\0'));
  return out;
}

/**
 * Every tracked file under `root` (relative to it) with the git blob id of its staged content, from
 * the index alone (`git ls-files -s`): no file is read. Undefined when git cannot tell.
 */
export function trackedBlobs(root: string): Map<string, string> | undefined {
  let listing: string;
  try {
    listing = gitIn(root, 'pull-request mode')(['ls-files', '-s', '-z', '--', '.']);
  } catch {
    return undefined;
  }
  const out = new Map<string, string>();
  // "<mode> <blob> <stage>\t<path>", paths relative to the working directory, which is `root`.
  for (const line of listing.split('\0')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const [mode, blob] = line.slice(0, tab).split(' ');
    // Symlinks (120000) and submodules (160000) are not plain files: leave them to the walk.
    if (mode !== '100644' && mode !== '100755') return undefined;
    out.set(line.slice(tab + 1), blob!);
  }
  return out;
}
