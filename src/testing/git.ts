import { spawnSync } from 'node:child_process';

/** Whether git can be run here; tests that need it skip (and say so) when it cannot. */
export const hasGit = spawnSync('git', ['--version']).status === 0;

/** Runs git in `dir` as a throwaway identity that signs nothing; throws with git's message when it fails. */
export function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
