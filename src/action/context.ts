import { readFileSync } from 'node:fs';
import type { Env } from './toolkit.js';

export interface PullRequest {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
}

/** What the runner tells a step about its run (https://docs.github.com/actions/reference/variables-reference). */
export interface RunContext {
  eventName: string;
  /** `owner/name` from GITHUB_REPOSITORY. */
  repository: { owner: string; repo: string } | undefined;
  apiUrl: string;
  serverUrl: string;
  workspace: string;
  /** The commit the workflow runs on; for pull requests, the head commit instead (what reviews point at). */
  sha: string | undefined;
  pullRequest: PullRequest | undefined;
}

export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function readContext(env: Env = process.env, cwd = process.cwd()): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const repository = owner && repo ? { owner, repo } : undefined;
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let pullRequest: PullRequest | undefined;
  if (repository && PULL_REQUEST_EVENTS.has(eventName) && env.GITHUB_EVENT_PATH) {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      number?: number;
      pull_request?: { number?: number; head?: { sha?: string }; base?: { sha?: string } };
    };
    const pr = payload.pull_request;
    const number = pr?.number ?? payload.number;
    if (pr && number !== undefined && pr.head?.sha && pr.base?.sha) {
      pullRequest = { ...repository, number, headSha: pr.head.sha, baseSha: pr.base.sha };
    }
  }
  return {
    eventName,
    repository,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? cwd,
    sha: pullRequest?.headSha ?? env.GITHUB_SHA,
    pullRequest,
  };
}
