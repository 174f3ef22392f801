import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normaliseRepoUrl, readGitInfo } from './git-info.js';

describe('normaliseRepoUrl', () => {
  it('equates the ssh, scp-like and https spellings of one GitHub repository', () => {
    const spellings = [
      'ssh://git@github.com/o/r',
      'ssh://git@github.com/o/r.git',
      'git@github.com:o/r.git',
      'git@github.com:o/r',
      'https://github.com/o/r/',
      'https://github.com/o/r.git',
      'http://github.com/o/r.git/',
      'HTTPS://GitHub.com/O/R',
      'https://x-access-token:secret@github.com/o/r.git',
      'git+ssh://git@github.com/o/r.git',
    ];
    for (const url of spellings) expect(normaliseRepoUrl(url), url).toBe('github.com/o/r');
  });

  it('drops an explicit port of an ssh:// or https:// URL', () => {
    expect(normaliseRepoUrl('ssh://git@github.com:22/o/r.git')).toBe('github.com/o/r');
    expect(normaliseRepoUrl('ssh://git@gitea.example.com:2222/team/fleet')).toBe('gitea.example.com/team/fleet');
    expect(normaliseRepoUrl('https://gitlab.example.com:8443/group/sub/repo.git')).toBe('gitlab.example.com/group/sub/repo');
  });

  it('keeps a numeric owner of an scp-like URL, which has no port', () => {
    expect(normaliseRepoUrl('git@github.com:1234/repo.git')).toBe('github.com/1234/repo');
  });

  it('keeps different repositories, owners and hosts apart', () => {
    expect(normaliseRepoUrl('git@github.com:o/r.git')).not.toBe(normaliseRepoUrl('git@github.com:o/r2.git'));
    expect(normaliseRepoUrl('git@github.com:o/r.git')).not.toBe(normaliseRepoUrl('git@gitlab.com:o/r.git'));
    expect(normaliseRepoUrl('https://gitlab.com/group/sub/r')).toBe('gitlab.com/group/sub/r');
  });
});

describe('readGitInfo', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = (): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-git-'));
    temps.push(d);
    return d;
  };

  it('reads normalised remotes and the branch from .git without running git', () => {
    const root = tempDir();
    mkdirSync(path.join(root, '.git'));
    writeFileSync(
      path.join(root, '.git', 'config'),
      '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/fleet.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[remote "mirror"]\n\turl = https://gitlab.com/acme/fleet\n',
    );
    writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/feature/x\n');
    mkdirSync(path.join(root, 'clusters', 'prod'), { recursive: true });
    const info = readGitInfo(path.join(root, 'clusters', 'prod'));
    expect(info.remotes).toEqual(['github.com/acme/fleet', 'gitlab.com/acme/fleet']);
    expect(info.branch).toBe('feature/x');
  });

  it('follows a worktree .git file to its git dir and the common config', () => {
    const main = tempDir();
    mkdirSync(path.join(main, '.git', 'worktrees', 'wt'), { recursive: true });
    writeFileSync(path.join(main, '.git', 'config'), '[remote "origin"]\n\turl = ssh://git@github.com/acme/fleet\n');
    writeFileSync(path.join(main, '.git', 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/tenants\n');
    writeFileSync(path.join(main, '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
    const wt = tempDir();
    writeFileSync(path.join(wt, '.git'), `gitdir: ${path.join(main, '.git', 'worktrees', 'wt')}\n`);
    expect(readGitInfo(wt)).toMatchObject({ remotes: ['github.com/acme/fleet'], branch: 'tenants' });
  });

  it('gives no branch for a detached HEAD', () => {
    const root = tempDir();
    mkdirSync(path.join(root, '.git'));
    writeFileSync(path.join(root, '.git', 'HEAD'), '3f1c2a0d9b8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a\n');
    const info = readGitInfo(root);
    expect(info.branch).toBeUndefined();
    expect(info.remotes).toEqual([]);
  });
});
