import { spawnSync } from 'node:child_process';
import type { Octokit } from '@octokit/rest';
import type { PullRequest } from './context.js';
import { addedLines, parseGitDiff, type PullRequestChanges } from './diff-lines.js';

/** GitHub's pull request files API lists at most this many files (https://docs.github.com/rest/pulls/pulls#list-pull-requests-files). */
export const MAX_API_FILES = 3000;

/** Changed files and added lines from GitHub's pull request files API, 100 files a page. */
export async function changesFromApi(octokit: Octokit, pr: PullRequest): Promise<PullRequestChanges & { truncated: boolean }> {
  const list = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 });
  const changes: PullRequestChanges = { files: new Set(), removed: new Set(), added: new Map() };
  for (const f of list) {
    if (f.status === 'removed') {
      changes.removed.add(f.filename);
      continue;
    }
    if (f.status === 'unchanged') continue;
    if (f.previous_filename && f.previous_filename !== f.filename) changes.removed.add(f.previous_filename);
    changes.files.add(f.filename);
    // No patch: a binary file, or a diff too large for the API; nothing there can take an inline comment.
    if (f.patch !== undefined) changes.added.set(f.filename, addedLines(f.patch));
  }
  return { ...changes, truncated: list.length >= MAX_API_FILES };
}

/**
 * The same from `git diff base...HEAD`, for runs without a token. Needs the base commit in the
 * clone (actions/checkout with fetch-depth: 0, or 2 on the merge commit).
 */
export function changesFromGit(cwd: string, baseSha: string): PullRequestChanges {
  const run = (range: string[]): { ok: boolean; out: string; err: string } => {
    const r = spawnSync('git', ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '-U0', '-M', ...range, '--'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: r.error?.message ?? r.stderr?.trim() ?? '' };
  };
  // base...HEAD is what a pull request shows; on a merge checkout without the merge base, base..HEAD is the same diff.
  let r = run([`${baseSha}...HEAD`]);
  if (!r.ok) r = run([baseSha, 'HEAD']);
  if (!r.ok) throw new Error(`git diff against the base commit ${baseSha.slice(0, 7)} failed (${r.err}); fetch it with actions/checkout fetch-depth: 0`);
  return parseGitDiff(r.out);
}
