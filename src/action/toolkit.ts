// The few @actions/core functions the action needs, written against the runner's documented protocol
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions): inputs arrive as
// INPUT_<NAME> variables, outputs and the job summary are files named by GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY, and everything else is a `::command::` line on standard output.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';

export type Env = NodeJS.ProcessEnv;

/** An input as @actions/core reads it: `INPUT_` + the name upper-cased with spaces as `_` (hyphens stay), trimmed. */
export function getInput(name: string, env: Env = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Appends `name<<delimiter` / value / delimiter to the GITHUB_OUTPUT file, so values may hold newlines. */
export function setOutput(name: string, value: string | number, env: Env = process.env): void {
  const file = env.GITHUB_OUTPUT;
  const text = String(value);
  if (!file) {
    info(`output ${name}=${text}`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || text.includes(delimiter)) throw new Error(`output ${name} contains its own delimiter`);
  appendFileSync(file, `${name}<<${delimiter}\n${text}\n${delimiter}\n`);
}

/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY); returns false when there is none. */
export function appendSummary(markdown: string, env: Env = process.env): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return true;
}

export function info(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function warning(message: string): void {
  issue('warning', message);
}

export function error(message: string): void {
  issue('error', message);
}

/** Logs an error and makes the step fail (exit code 1) once the action returns. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` with workflow commands turned off (`::stop-commands::`), for output that quotes untrusted text. */
export function withoutCommands(fn: () => void): void {
  const token = randomUUID();
  process.stdout.write(`::stop-commands::${token}\n`);
  try {
    fn();
  } finally {
    process.stdout.write(`::${token}::\n`);
  }
}

export function startGroup(title: string): void {
  process.stdout.write(`::group::${escapeData(title)}\n`);
}

export function endGroup(): void {
  process.stdout.write('::endgroup::\n');
}

function issue(command: 'warning' | 'error', message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}\n`);
}

// Escaping as @actions/core does, so multi-line messages stay one command.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
