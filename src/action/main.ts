// The GitHub Action (action.yml `runs.main`, bundled into dist-action/index.js by scripts/build-action.mjs):
// lint, post a pull request review, write the job summary, the SARIF file and the outputs, fail per `fail-on`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { rules } from '../../rules/index.js';
import { ConfigError, loadConfig } from '../engine/config.js';
import { lintDirectory, type FindingWithFix, type LintResult } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { validateConfig } from '../engine/validate-config.js';
import type { FileChange } from '../fix/change-set.js';
import { formatFixPlan } from '../fix/diff.js';
import { previewFix } from '../fix/preview.js';
import { planFixes } from '../fix/run-fix.js';
import { GraphQuery } from '../graph/query.js';
import { formatSarif } from '../report/sarif.js';
import { formatStylish } from '../report/stylish.js';
import { readContext, type PullRequest } from './context.js';
import type { PullRequestChanges } from './diff-lines.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { appsDiagram } from './mermaid.js';
import { changesFromApi, changesFromGit } from './pr-changes.js';
import { publishReview } from './publish.js';
import { buildReview, type FixPlanSummary, type ReviewFinding } from './review.js';
import { buildSummary } from './summary.js';
import * as core from './toolkit.js';
import { VERSION } from './version.js';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = readInputs(env);
  const ctx = readContext(env);
  core.info(`omni-lint ${VERSION} on Node ${process.version}`);
  const root = path.resolve(ctx.workspace, inputs.path);
  if (!isDir(root)) throw new InputError(`Input path "${inputs.path}" is not a folder (looked for ${root}).`);
  const { config } = loadConfig(root, inputs.config ? path.resolve(ctx.workspace, inputs.config) : undefined, (raw, source) =>
    validateConfig(raw, rules, path.relative(ctx.workspace, source) || source),
  );
  const result = lintDirectory(root, { config, rules });
  const prefix = repoPrefix(root, ctx.workspace);
  const pr = ctx.pullRequest;
  const octokit = inputs.githubToken && ctx.repository
    ? new Octokit({ auth: inputs.githubToken, baseUrl: ctx.apiUrl, userAgent: `omni-lint-action/${VERSION}` })
    : undefined;

  // Pull-request mode: the graph is built from the whole tree; findings are reported for changed files.
  const changedOnly = inputs.changedOnly === 'auto' ? pr !== undefined : inputs.changedOnly;
  if (changedOnly && !pr) core.info('changed-only applies to pull requests: reporting findings in every file.');
  const changes = pr && (changedOnly || inputs.comment !== 'none') ? await pullRequestChanges(octokit, pr, root) : undefined;
  const local = (p: string): string | undefined => (prefix === '' ? p : p.startsWith(prefix) ? p.slice(prefix.length) : undefined);
  const changedHere = changes ? new Set([...changes.files].map(local).filter((p): p is string => p !== undefined)) : undefined;
  const removedHere = changes ? new Set([...changes.removed].map(local).filter((p): p is string => p !== undefined)) : undefined;
  // Scoped when the changed files are known; if neither the API nor git could say, every finding is reported.
  const scoped = changedOnly && changedHere !== undefined;
  const reported = scoped ? result.findings.filter((f) => changedHere.has(f.file)) : result.findings;
  const shown = (f: Finding): Finding => (prefix ? { ...f, file: prefix + f.file } : f);

  core.startGroup(`omni-lint: ${reported.length} finding${reported.length === 1 ? '' : 's'}`);
  // Messages quote names from the linted YAML: keep the runner from reading any `::command::` in them.
  core.withoutCommands(() => core.info(reported.length > 0 ? formatStylish(reported.map(shown), { color: false }) : 'No problems found.'));
  core.endGroup();

  const query = new GraphQuery(result.graph);
  const reviewFindings: ReviewFinding[] = [];
  const sarifFixes = new Map<Finding, FileChange[]>();
  for (const f of reported) {
    const rf: ReviewFinding = { finding: shown(f) };
    const change = inFileChange(result, f, query, sarifFixes, rf.finding, prefix);
    if (change) rf.change = change;
    reviewFindings.push(rf);
  }
  const plan = reported.some((f) => f.fixable) ? fixPlan(root, config, prefix, scoped ? changedHere : undefined, result) : undefined;

  const sarifPath = inputs.sarifFile ? path.resolve(ctx.workspace, inputs.sarifFile) : path.join(env.RUNNER_TEMP || os.tmpdir(), 'omni-lint.sarif');
  mkdirSync(path.dirname(sarifPath), { recursive: true });
  writeFileSync(sarifPath, formatSarif(reviewFindings.map((rf) => rf.finding), rules, { version: VERSION, fixes: sarifFixes }));
  core.info(`SARIF written to ${sarifPath}`);

  const fileUrl = ctx.repository && ctx.sha
    ? (file: string, line: number) => `${ctx.serverUrl}/${ctx.repository!.owner}/${ctx.repository!.repo}/blob/${ctx.sha}/${encodeURI(file)}#L${line}`
    : undefined;
  const footer = `omni-lint ${VERSION}${prefix ? ` · linted \`${prefix.replace(/\/$/, '')}\`` : ''}`;
  let reviewLine: string | undefined;
  if (pr && inputs.comment !== 'none') reviewLine = await review(octokit, pr, inputs, reviewFindings, changes, plan, result, prefix, fileUrl, footer, scoped);

  const diagram = pr && changedHere && removedHere ? appsDiagram(query, changedHere, removedHere, reported) : undefined;
  core.appendSummary(
    buildSummary({
      findings: reviewFindings.map((rf) => rf.finding),
      ...(fileUrl ? { fileUrl } : {}),
      ...(scoped ? { changedFiles: changedHere.size } : {}),
      ...(diagram ? { diagram } : {}),
      ...(plan ? { plan } : {}),
      ...(reviewLine ? { review: reviewLine } : {}),
      footer,
    }),
    env,
  );

  const errors = reported.filter((f) => f.severity === 'error').length;
  const warnings = reported.filter((f) => f.severity === 'warning').length;
  core.setOutput('errors', errors, env);
  core.setOutput('warnings', warnings, env);
  core.setOutput('sarif-file', sarifPath, env);
  if (inputs.failOn === 'error' && errors > 0) core.setFailed(`omni-lint found ${errors} error${errors === 1 ? '' : 's'} (fail-on: error).`);
  if (inputs.failOn === 'warning' && errors + warnings > 0) {
    core.setFailed(`omni-lint found ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} (fail-on: warning).`);
  }
}

/** Changed files and added lines: from the API when there is a token, else from git; undefined (with a warning) when neither works. */
async function pullRequestChanges(octokit: Octokit | undefined, pr: PullRequest, root: string): Promise<PullRequestChanges | undefined> {
  if (octokit) {
    try {
      const changes = await changesFromApi(octokit, pr);
      if (changes.truncated) core.warning('GitHub lists at most 3000 files of a pull request: findings in the files past that are not reported.');
      return changes;
    } catch (e) {
      core.warning(`Could not list the pull request's files through the API (${(e as Error).message}); trying git.`);
    }
  }
  try {
    return changesFromGit(root, pr.baseSha);
  } catch (e) {
    core.warning(`${(e as Error).message}. Reporting findings in every file.`);
    return undefined;
  }
}

/**
 * The in-file change a finding's fix (or, failing that, its suggestion) makes, for a ```suggestion.
 * SARIF gets the fix's changes as the CLI writes them (fixes only, no moves).
 */
function inFileChange(
  result: LintResult,
  f: FindingWithFix,
  query: GraphQuery,
  sarifFixes: Map<Finding, FileChange[]>,
  shownFinding: Finding,
  prefix: string,
): ReviewFinding['change'] {
  const fn = f.fix ?? f.suggest;
  if (!fn) return undefined;
  const preview = previewFix(result, f.fix ? f : { ...f, fix: fn }, query);
  if (!preview) return undefined;
  if (f.fix && !preview.moves) sarifFixes.set(shownFinding, preview.changes.map((c) => ({ ...c, path: prefix + c.path })));
  const [only] = preview.changes;
  if (preview.moves || preview.changes.length !== 1 || !only || only.path !== f.file || only.before === undefined || only.after === null) return undefined;
  return { before: only.before, after: only.after, kind: f.fix ? 'fix' : 'suggestion' };
}

/** The `--fix-dry-run` plan for the reported findings, with repository-relative paths. */
/** The fixes --fix would make, planned from the lint the action already ran (`linted`). */
function fixPlan(root: string, config: Parameters<typeof planFixes>[1]['config'], prefix: string, only: ReadonlySet<string> | undefined, linted: LintResult): FixPlanSummary | undefined {
  try {
    const plan = planFixes(root, { config, rules, fixTypes: new Set(['problem', 'layout']), ...(only ? { only: (f: Finding) => only.has(f.file) } : {}) }, linted);
    const changes = plan.changeSet.changes().map((c) => ({ ...c, path: prefix + c.path }));
    const records = plan.records.map((r) => ({ ...r, path: prefix + r.path, ...(r.to ? { to: prefix + r.to } : {}) }));
    if (changes.length === 0) return undefined;
    const moves = records.filter((r) => r.kind === 'move' && r.to).map((r) => ({ from: r.path, to: r.to! }));
    const movedTo = new Set(moves.map((m) => m.to));
    const movedFrom = new Set(moves.map((m) => m.from));
    return {
      diff: formatFixPlan(changes, records),
      moves,
      creates: records.filter((r) => r.kind === 'create' && !movedTo.has(r.path)).map((r) => r.path),
      deletes: records.filter((r) => r.kind === 'delete' && !movedFrom.has(r.path)).map((r) => r.path),
    };
  } catch (e) {
    core.warning(`Could not plan the fixes (${(e as Error).message}); the review lists findings without them.`);
    return undefined;
  }
}

async function review(
  octokit: Octokit | undefined,
  pr: PullRequest,
  inputs: ActionInputs,
  findings: ReviewFinding[],
  changes: PullRequestChanges | undefined,
  plan: FixPlanSummary | undefined,
  result: LintResult,
  prefix: string,
  fileUrl: ((file: string, line: number) => string) | undefined,
  footer: string,
  scoped: boolean,
): Promise<string> {
  if (!octokit) {
    core.warning(`comment: ${inputs.comment} needs the github-token input (and GITHUB_REPOSITORY); no review was posted.`);
    return 'No review was posted: the action had no token.';
  }
  const draft = buildReview({
    findings,
    added: changes?.added ?? new Map(),
    fileText: (p) => {
      const rel = prefix ? (p.startsWith(prefix) ? p.slice(prefix.length) : undefined) : p;
      if (rel === undefined) return undefined;
      return result.graph.repo.yaml.get(rel)?.text ?? readText(path.join(result.graph.repo.root, rel));
    },
    ...(plan ? { plan } : {}),
    maxComments: inputs.maxComments,
    mode: inputs.comment === 'summary' ? 'summary' : 'review',
    scope: scoped ? 'changed' : 'all',
    ...(fileUrl ? { fileUrl } : {}),
    footer,
  });
  try {
    const posted = await publishReview(octokit, pr, draft, findings.length > 0 || plan !== undefined);
    if (posted.skipped) {
      core.info(`No review posted: ${posted.skipped}.`);
      return '';
    }
    if (posted.commentsRefused) core.warning(`GitHub refused the inline comments (${posted.commentsRefused}); the review lists every finding in its body instead.`);
    const inline = posted.commentsRefused ? 0 : draft.comments.length;
    core.info(
      `Posted review ${posted.url ?? posted.reviewId} with ${inline} inline comment${inline === 1 ? '' : 's'}` +
        (draft.leftOut > 0 ? ` (${draft.leftOut} left out: max-comments is ${inputs.maxComments})` : '') +
        (posted.replaced > 0 ? `; replaced ${posted.replaced} earlier review${posted.replaced === 1 ? '' : 's'} (${posted.deletedComments} inline comment${posted.deletedComments === 1 ? '' : 's'} deleted, ${posted.keptComments} kept for their replies)` : '') +
        '.',
    );
    return posted.url ? `Posted [a review](${posted.url}) with ${inline} inline comment${inline === 1 ? '' : 's'}.` : '';
  } catch (e) {
    const status = (e as { status?: number }).status;
    const hint = status === 403 || status === 404
      ? ' The token may lack pull-requests: write (pull requests from forks get a read-only token).'
      : '';
    core.warning(`Could not post the review: ${(e as Error).message}.${hint} The job summary and the SARIF file still list every finding.`);
    return 'No review was posted: GitHub refused it (see the log).';
  }
}

/** The linted folder relative to the repository root (`apps/` or ''), so reports use the paths GitHub shows. */
function repoPrefix(root: string, workspace: string): string {
  const r = spawnSync('git', ['rev-parse', '--show-prefix'], { cwd: root, encoding: 'utf8' });
  if (!r.error && r.status === 0) return r.stdout.trim();
  const rel = path.relative(workspace, root).split(path.sep).join('/');
  return rel && !rel.startsWith('..') ? `${rel}/` : '';
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof InputError || e instanceof ConfigError) return e.message;
  return `omni-lint crashed: ${(e as Error).stack ?? String(e)}\nThis is a bug in omni-lint; please report it.`;
}

run().catch((e: unknown) => core.setFailed(describeError(e)));
