import { getInput, type Env } from './toolkit.js';

export type FailOn = 'error' | 'warning' | 'never';
export type CommentMode = 'review' | 'summary' | 'none';

export interface ActionInputs {
  /** Folder to lint, relative to the workspace. */
  path: string;
  /** Config file, relative to the workspace; empty for `.omni-lint.yaml` in `path`. */
  config: string;
  failOn: FailOn;
  /** 'auto' reports only changed files on pull requests and every file otherwise. */
  changedOnly: boolean | 'auto';
  comment: CommentMode;
  /** Where to write SARIF; empty for `$RUNNER_TEMP/omni-lint.sarif`. */
  sarifFile: string;
  githubToken: string;
  /** Most inline comments one review gets; the rest are listed in its body. */
  maxComments: number;
}

/** A bad input value: the message names the input and the values it takes. */
export class InputError extends Error {}

/** The largest `max-comments`: reviews with many more inline comments are refused or time out (see review.ts). */
export const MAX_COMMENTS_LIMIT = 100;

export function readInputs(env: Env = process.env): ActionInputs {
  const get = (name: string): string => getInput(name, env);
  const changedOnly = get('changed-only').toLowerCase();
  const maxComments = get('max-comments') === '' ? 30 : Number(get('max-comments'));
  if (!Number.isInteger(maxComments) || maxComments < 0 || maxComments > MAX_COMMENTS_LIMIT) {
    throw new InputError(`Input max-comments is "${get('max-comments')}": give a whole number from 0 to ${MAX_COMMENTS_LIMIT}.`);
  }
  return {
    path: get('path') || '.',
    config: get('config'),
    failOn: oneOf(get('fail-on') || 'error', 'fail-on', ['error', 'warning', 'never']),
    changedOnly: changedOnly === '' || changedOnly === 'auto' ? 'auto' : boolean(changedOnly, 'changed-only'),
    comment: oneOf(get('comment') || 'review', 'comment', ['review', 'summary', 'none']),
    sarifFile: get('sarif-file'),
    githubToken: get('github-token'),
    maxComments,
  };
}

function oneOf<T extends string>(value: string, name: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Input ${name} is "${value}": use ${allowed.join(', ')}.`);
}

// YAML 1.2 core booleans, as @actions/core getBooleanInput accepts them.
function boolean(value: string, name: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`Input ${name} is "${value}": use true, false or auto.`);
}
