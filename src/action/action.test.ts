// Runs the committed bundle (dist-action/index.js) as GitHub runs an action: a pull_request event
// payload in GITHUB_EVENT_PATH, INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
// GITHUB_API_URL pointing at a local server that checks every request against GitHub's REST
// description. The repository is a temporary git repo with a base and a head commit.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type Handler, type RecordedRequest } from './fake-github.js';
import { git } from '../testing/git.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE = path.join(ROOT, 'dist-action', 'index.js');
const TOKEN = 'ghs_test-token';
const BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const ALICE = { login: 'alice', id: 1, type: 'User' };
const MARKER = '<!-- omni-lint-review -->';
const SUPERSEDED = '<!-- omni-lint-review:superseded -->';

const kustomization = (...resources: string[]): string =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
const fluxKustomization = (name: string, p: string): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
const argoApp = (name: string, p: string, ns: string): string =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://github.com/acme/platform.git\n    targetRevision: main\n    path: ${p}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${ns}\n`;
const service = (name: string, port: number): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: ${port}\n`;

/** A Flux + Argo CD repository with no problem except podinfo's deprecated commonLabels. */
const BASE: Record<string, string> = {
  'clusters/prod/flux-system/gotk-sync.yaml':
    'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ssh://git@github.com/acme/platform\n  ref:\n    branch: main\n---\n' +
    fluxKustomization('flux-system', './clusters/prod'),
  'clusters/prod/flux-system/kustomization.yaml': kustomization('gotk-sync.yaml'),
  'clusters/prod/flux.yaml': fluxKustomization('flux', './flux'),
  'clusters/prod/argocd-root.yaml': argoApp('root', 'applications', 'argocd'),
  'flux/kustomization.yaml': kustomization('kustomizations'),
  'flux/kustomizations/kustomization.yaml': kustomization('podinfo.yaml'),
  'flux/kustomizations/podinfo.yaml': fluxKustomization('podinfo', './apps/podinfo'),
  'applications/kustomization.yaml': kustomization('web.yaml'),
  'applications/web.yaml': argoApp('web', 'apps/web', 'web'),
  'apps/podinfo/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  app: podinfo\nresources:\n  - deployment.yaml\n  - service.yaml\n',
  'apps/podinfo/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  selector:\n    matchLabels:\n      app: podinfo\n  template:\n    metadata:\n      labels:\n        app: podinfo\n    spec:\n      containers:\n        - name: podinfo\n          image: ghcr.io/stefanprodan/podinfo:6.7.0\n',
  'apps/podinfo/service.yaml': service('podinfo', 9898),
  'apps/web/kustomization.yaml': kustomization('service.yaml'),
  'apps/web/service.yaml': service('web', 80),
};

/**
 * The pull request: lists a configmap.yaml that does not exist (an error on an added line), adds
 * deprecated commonLabels to apps/web (a warning whose fix edits only added lines: a suggestion),
 * and adds an HTTPRoute under flux/httproutes/ instead of beside its Service (a move).
 */
const HEAD: Record<string, string> = {
  'apps/podinfo/kustomization.yaml': `${BASE['apps/podinfo/kustomization.yaml']}  - configmap.yaml\n`,
  'apps/web/kustomization.yaml': `${kustomization('service.yaml')}commonLabels:\n  app: web\n`,
  'flux/kustomization.yaml': kustomization('kustomizations', 'httproutes'),
  'flux/httproutes/kustomization.yaml': kustomization('podinfo.yaml'),
  'flux/httproutes/podinfo.yaml':
    'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  parentRefs:\n    - name: gateway\n      namespace: gateway\n  hostnames:\n    - podinfo.example.com\n  rules:\n    - backendRefs:\n        - name: web\n          namespace: web\n          port: 80\n',
};

let tmp: string;
let repo: string;
let baseSha: string;
let headSha: string;
let prFiles: Record<string, unknown>[];
let github: FakeGitHub;
let state: { reviews: Record<string, unknown>[]; comments: Record<string, unknown>[]; refuseComments: boolean };

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** What GET /pulls/{n}/files returns for the repo's two commits, patches included. */
function listFiles(): Record<string, unknown>[] {
  const status = git(repo, 'diff', '--name-status', '-M', baseSha, headSha).trim().split('\n');
  return status.map((line) => {
    const [code, filename] = line.split('\t') as [string, string];
    const patch = git(repo, 'diff', '-U3', baseSha, headSha, '--', filename);
    const hunks = patch.slice(patch.indexOf('@@')).replace(/\n$/, '');
    const plus = hunks.split('\n').filter((l) => l.startsWith('+')).length;
    const minus = hunks.split('\n').filter((l) => l.startsWith('-')).length;
    const url = `https://github.com/acme/platform/blob/${headSha}/${filename}`;
    return {
      sha: git(repo, 'rev-parse', `${headSha}:${filename}`).trim(),
      filename,
      status: code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified',
      additions: plus,
      deletions: minus,
      changes: plus + minus,
      blob_url: url,
      raw_url: url.replace('/blob/', '/raw/'),
      contents_url: `https://api.github.com/repos/acme/platform/contents/${filename}?ref=${headSha}`,
      patch: hunks,
    };
  });
}

/** Lines a file's patch adds: checked here independently of the action's own parser. */
function addedIn(filename: string): Set<number> {
  const file = prFiles.find((f) => f.filename === filename);
  const out = new Set<number>();
  let n = 0;
  for (const l of String(file?.patch ?? '').split('\n')) {
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(l);
    if (h) n = Number(h[1]);
    else if (l.startsWith('+')) out.add(n++);
    else if (l.startsWith(' ')) n++;
  }
  return out;
}

const review = (id: number, user: typeof BOT, body: string): Record<string, unknown> => ({
  id,
  node_id: `PRR_${id}`,
  user,
  body,
  state: 'COMMENTED',
  html_url: `https://github.com/acme/platform/pull/7#pullrequestreview-${id}`,
  pull_request_url: 'https://api.github.com/repos/acme/platform/pulls/7',
  commit_id: baseSha,
  author_association: user === BOT ? 'NONE' : 'MEMBER',
  submitted_at: '2026-09-01T10:00:00Z',
  _links: { html: { href: `https://github.com/acme/platform/pull/7#pullrequestreview-${id}` }, pull_request: { href: 'https://api.github.com/repos/acme/platform/pulls/7' } },
});

const comment = (id: number, reviewId: number, user: typeof BOT, inReplyTo?: number): Record<string, unknown> => ({
  id,
  node_id: `PRRC_${id}`,
  pull_request_review_id: reviewId,
  ...(inReplyTo ? { in_reply_to_id: inReplyTo } : {}),
  user,
  body: inReplyTo ? 'Fixed in the next commit.' : 'old finding',
  path: 'apps/podinfo/kustomization.yaml',
  line: 8,
  side: 'RIGHT',
  commit_id: baseSha,
  original_commit_id: baseSha,
  diff_hunk: '@@ -5,3 +5,4 @@',
  html_url: `https://github.com/acme/platform/pull/7#discussion_r${id}`,
  url: `https://api.github.com/repos/acme/platform/pulls/comments/${id}`,
  pull_request_url: 'https://api.github.com/repos/acme/platform/pulls/7',
  created_at: '2026-09-01T10:00:00Z',
  updated_at: '2026-09-01T10:00:00Z',
  author_association: 'NONE',
  _links: {},
});

const handlers: Record<string, Handler> = {
  'pulls/list-files': () => ({ status: 200, body: prFiles }),
  'pulls/list-reviews': () => ({ status: 200, body: state.reviews }),
  'pulls/list-review-comments': () => ({ status: 200, body: state.comments }),
  'pulls/create-review': (req) => {
    const body = req.body as { body: string; comments?: unknown[]; commit_id: string };
    if (state.refuseComments && (body.comments?.length ?? 0) > 0) {
      return { status: 422, body: { message: 'Unprocessable Entity', errors: ['Pull request review thread line must be part of the diff'], documentation_url: 'https://docs.github.com/rest' } };
    }
    return { status: 200, body: { ...review(201, BOT, body.body), commit_id: body.commit_id } };
  },
  'pulls/delete-review-comment': () => ({ status: 204 }),
  'pulls/update-review': (req) => ({ status: 200, body: review(Number(req.params.review_id), BOT, (req.body as { body: string }).body) }),
};

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Spawns the bundle with only the variables a runner would set, so nothing leaks in from this machine. */
async function runAction(inputs: Record<string, string>, extra: Record<string, string> = {}): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(tmp, 'run-'));
  const event = path.join(dir, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, state: 'open', head: { sha: headSha, ref: 'feature' }, base: { sha: baseSha, ref: 'main' } },
      repository: { name: 'platform', full_name: 'acme/platform', owner: { login: 'acme' } },
    }),
  );
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'acme/platform',
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_WORKSPACE: repo,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extra,
  };
  const child = spawn(process.execPath, [BUNDLE], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

const ops = (requests: RecordedRequest[]): string[] => requests.map((r) => `${r.operationId}${r.params.comment_id ? ` ${r.params.comment_id}` : r.params.review_id ? ` ${r.params.review_id}` : ''}`);

beforeAll(async () => {
  expect(existsSync(BUNDLE), 'dist-action/index.js is missing: run npm run build:action').toBe(true);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-action-'));
  repo = path.join(tmp, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  writeTree(repo, BASE);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  baseSha = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'checkout', '-qb', 'feature');
  writeTree(repo, HEAD);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  headSha = git(repo, 'rev-parse', 'HEAD').trim();
  prFiles = listFiles();
  github = await startFakeGitHub(handlers);
});

afterAll(async () => {
  await github?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  github.requests.length = 0;
  github.violations.length = 0;
  state = {
    // An earlier omni-lint review to replace, a human review that quotes the marker, and one replaced long ago.
    reviews: [review(101, BOT, `${MARKER}\n### omni-lint\nold findings`), review(102, ALICE, `Please fix these first. ${MARKER}`), review(103, BOT, `${MARKER}\n${SUPERSEDED}\nout of date`)],
    comments: [comment(1001, 101, BOT), comment(1002, 101, BOT), comment(1003, 102, ALICE, 1002), comment(1004, 103, BOT)],
    refuseComments: false,
  };
});

describe('the GitHub Action on a pull request', () => {
  it('posts one review with inline comments on added lines, a suggestion, the moves and the cap, and replaces its earlier review', async () => {
    const run = await runAction({ 'github-token': TOKEN, 'max-comments': '2' });
    expect(github.violations).toEqual([]);
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    // The new review first; then the earlier one loses the comment nobody answered and points at the new one.
    expect(ops(github.requests)).toEqual([
      'pulls/list-files',
      'pulls/list-reviews',
      'pulls/create-review',
      'pulls/list-review-comments',
      'pulls/delete-review-comment 1001',
      'pulls/update-review 101',
    ]);
    const posted = github.requests[2]!.body as { commit_id: string; event: string; body: string; comments: Record<string, unknown>[] };
    expect(posted.commit_id).toBe(headSha);
    expect(posted.event).toBe('COMMENT');

    // Inline comments: only on lines the pull request adds; the error first, then the fix that fits in a suggestion.
    expect(posted.comments.map((c) => [c.path, c.start_line, c.line, c.side])).toEqual([
      ['apps/podinfo/kustomization.yaml', undefined, 8, 'RIGHT'],
      ['apps/web/kustomization.yaml', 5, 6, 'RIGHT'],
    ]);
    for (const c of posted.comments) {
      for (let n = (c.start_line as number | undefined) ?? (c.line as number); n <= (c.line as number); n++) expect(addedIn(c.path as string).has(n)).toBe(true);
    }
    expect(posted.comments[0]!.body).toContain('[kustomize-ref-exists](');
    expect(posted.comments[0]!.body).toContain('resources[2] names "configmap.yaml", but apps/podinfo/configmap.yaml does not exist');
    expect(posted.comments[0]!.body).not.toContain('```suggestion');
    expect(posted.comments[1]!.body).toContain(
      '`npx omni-lint --fix` makes this change:\n\n```suggestion\nlabels:\n  - pairs:\n      app: web\n    includeSelectors: true\n```',
    );

    // The body: counts, the cap, what has no inline comment, and the move with the dry-run diff.
    expect(posted.body.startsWith(`${MARKER}\n### omni-lint\n`)).toBe(true);
    expect(posted.body).toContain('**1** error, **3** warnings and **0** info in the files this pull request changes.');
    expect(posted.body).toContain('**2** findings are commented inline on the changed lines (1 with a suggested change you can commit).');
    expect(posted.body).toContain('\n\n**1 finding was left out of the inline comments:** one review holds at most 2 (input `max-comments`)');
    expect(posted.body).toContain('#### Not commented inline (2)');
    expect(posted.body).toMatch(/\| ⚠️ \| \[apps\/podinfo\/kustomization\.yaml:4\]\(https:\/\/github\.com\/acme\/platform\/blob\/[0-9a-f]{40}\/apps\/podinfo\/kustomization\.yaml#L4\) \| \[kustomize-no-deprecated-fields\]/);
    expect(posted.body).toContain('| ⚠️ | [flux/httproutes/podinfo.yaml:2](');
    expect(posted.body).toContain(`blob/${headSha}/flux/httproutes/podinfo.yaml#L2`);
    expect(posted.body).toContain('#### Fixes that move or create files');
    // The route goes beside the Service it routes to, in apps/web/ (apps/podinfo/ does not build: it lists a missing file).
    expect(posted.body).toContain('- move `flux/httproutes/podinfo.yaml` → `apps/web/podinfo.yaml`');
    expect(posted.body).toContain('```diff\n--- a/apps/podinfo/kustomization.yaml');
    expect(posted.body).toContain('--- a/apps/web/kustomization.yaml\n+++ b/apps/web/kustomization.yaml');
    expect(posted.body).toContain('+  - podinfo.yaml');
    expect(posted.body).toContain('  move    flux/httproutes/podinfo.yaml -> apps/web/podinfo.yaml');
    expect(posted.body.length).toBeLessThan(65_536);

    // The earlier review: comment 1002 has a reply and stays; the human's review and the old superseded one are untouched.
    const updated = github.requests[5]!.body as { body: string };
    expect(updated.body).toBe(`${MARKER}\n${SUPERSEDED}\n_This omni-lint review is out of date: see [the review of ${headSha.slice(0, 7)}](https://github.com/acme/platform/pull/7#pullrequestreview-201)._\n`);
    expect(run.stdout).toContain('replaced 1 earlier review (1 inline comment deleted, 1 kept for their replies)');
    // The findings' text (names from the linted YAML) is logged with workflow commands turned off.
    expect(run.stdout).toMatch(/::stop-commands::([0-9a-f-]{36})\n[\s\S]*resources\[2\] names "configmap\.yaml"[\s\S]*::\1::\n/);

    // Outputs, SARIF, job summary, exit code (fail-on defaults to error).
    expect(run.outputs).toEqual({ errors: '1', warnings: '3', 'sarif-file': path.join(path.dirname(run.outputs['sarif-file']!), 'omni-lint.sarif') });
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; fixes?: unknown[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri} ${r.fixes ? 'fix' : ''}`.trim())).toEqual([
      'kustomize-no-deprecated-fields apps/podinfo/kustomization.yaml fix',
      'kustomize-ref-exists apps/podinfo/kustomization.yaml',
      'kustomize-no-deprecated-fields apps/web/kustomization.yaml fix',
      'layout-httproute-in-app-folder flux/httproutes/podinfo.yaml',
    ]);
    expect(run.summary).toContain('## omni-lint\n\n**1** error, **3** warnings, **0** info.');
    expect(run.summary).toContain('| ❌ | [apps/podinfo/kustomization.yaml:8](https://github.com/acme/platform/blob/');
    expect(run.summary).toContain('Only findings in the 5 files this pull request changes are reported (input `changed-only`).');
    expect(run.summary).toContain('Posted [a review](https://github.com/acme/platform/pull/7#pullrequestreview-201) with 2 inline comments.');
    expect(run.summary).toContain('### Apps this pull request touches\n\n```mermaid\nflowchart LR\n');
    const diagram = run.summary.slice(run.summary.indexOf('```mermaid'), run.summary.indexOf('```', run.summary.indexOf('```mermaid') + 3));
    for (const node of ['Kustomization flux-system/podinfo<br/>./apps/podinfo · 1 changed file · 1 error · 1 warning', 'Kustomization flux-system/flux<br/>./flux', 'Application argocd/web<br/>apps/web · 1 changed file · 1 warning', 'Kustomization flux-system/flux-system<br/>./clusters/prod', 'Application argocd/root<br/>applications']) {
      expect(diagram).toContain(node);
    }
    expect(diagram).toMatch(/subgraph flux\["Flux"\][\s\S]*end\n {2}subgraph argo\["Argo CD"\]/);
    expect(diagram).toMatch(/class n\d+ failing/);
    expect(run.summary).toContain('<details><summary>What <code>npx omni-lint --fix</code> would change</summary>');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::omni-lint found 1 error (fail-on: error).');
  });

  it('without a token and with comment: none, takes changed lines from git, posts nothing, and passes with fail-on: never', async () => {
    const run = await runAction({ comment: 'none', 'fail-on': 'never', 'sarif-file': 'reports/omni-lint.sarif' });
    expect(github.requests).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ errors: '1', warnings: '3', 'sarif-file': path.join(repo, 'reports', 'omni-lint.sarif') });
    expect(existsSync(path.join(repo, 'reports', 'omni-lint.sarif'))).toBe(true);
    rmSync(path.join(repo, 'reports'), { recursive: true });
    expect(run.summary).toContain('Only findings in the 5 files this pull request changes are reported');
    expect(run.summary).toContain('```mermaid');
    expect(run.stdout).not.toContain('::error::');
  });

  it('lints a subfolder with comment: summary: one review without inline comments, repository paths, fail-on: warning', async () => {
    state.reviews = [];
    const run = await runAction({ 'github-token': TOKEN, path: 'apps/web', comment: 'summary', 'fail-on': 'warning' });
    expect(github.violations).toEqual([]);
    expect(ops(github.requests)).toEqual(['pulls/list-files', 'pulls/list-reviews', 'pulls/create-review']);
    const posted = github.requests[2]!.body as { body: string; comments: unknown[] };
    expect(posted.comments).toEqual([]);
    expect(posted.body).toContain('**0** errors, **1** warning and **0** info in the files this pull request changes.');
    expect(posted.body).toContain('| ⚠️ | [apps/web/kustomization.yaml:6](');
    expect(posted.body).not.toContain('apps/podinfo');
    expect(posted.body).toContain('<sub>omni-lint 0.1.0 · linted `apps/web`</sub>');
    expect(run.outputs.errors).toBe('0');
    expect(run.outputs.warnings).toBe('1');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::omni-lint found 0 errors and 1 warning (fail-on: warning).');

    const lenient = await runAction({ 'github-token': TOKEN, path: 'apps/web', comment: 'none' });
    expect(lenient.code).toBe(0);
  });

  it('replaces its earlier review with an all-clear once the changed files are clean, and posts nothing when there was none', async () => {
    // clusters/ holds no file this pull request changes.
    const run = await runAction({ 'github-token': TOKEN, path: 'clusters' });
    expect(github.violations).toEqual([]);
    expect(ops(github.requests)).toEqual(['pulls/list-files', 'pulls/list-reviews', 'pulls/create-review', 'pulls/list-review-comments', 'pulls/delete-review-comment 1001', 'pulls/update-review 101']);
    const posted = github.requests[2]!.body as { body: string; comments: unknown[] };
    expect(posted.body).toBe(`${MARKER}\n### omni-lint\n\nNo problems in the files this pull request changes.\n\n<sub>omni-lint 0.1.0 · linted \`clusters\`</sub>\n`);
    expect(posted.comments).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.errors).toBe('0');
    expect(run.summary).not.toContain('```mermaid');

    github.requests.length = 0;
    state.reviews = [];
    const quiet = await runAction({ 'github-token': TOKEN, path: 'clusters' });
    expect(ops(github.requests)).toEqual(['pulls/list-files', 'pulls/list-reviews']);
    expect(quiet.stdout).toContain('No review posted: no findings in the changed files and no earlier omni-lint review to replace.');
  });

  it('posts the findings in the body when GitHub refuses the inline comments', async () => {
    state.refuseComments = true;
    state.reviews = [];
    const run = await runAction({ 'github-token': TOKEN });
    expect(github.violations).toEqual([]);
    expect(ops(github.requests)).toEqual(['pulls/list-files', 'pulls/list-reviews', 'pulls/create-review', 'pulls/create-review']);
    const retry = github.requests[3]!.body as { body: string; comments: unknown[] };
    expect(retry.comments).toEqual([]);
    expect(retry.body).toContain('| ❌ | [apps/podinfo/kustomization.yaml:8](');
    expect(retry.body).toContain('_GitHub refused the inline comments (');
    expect(run.stdout).toContain('::warning::GitHub refused the inline comments');
    expect(run.code).toBe(1);
  });

  it("runs against a server that refuses what GitHub's REST description does not allow", async () => {
    const call = (method: string, p: string, body?: unknown) =>
      fetch(`${github.url}${p}`, {
        method,
        headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.status);
    expect(await call('POST', '/repos/acme/platform/pulls/7/reviews', { event: 'SHIP_IT', comments: [{ path: 'a.yaml', body: 'x', lines: 3 }] })).toBe(422);
    expect(await call('GET', '/repos/acme/platform/pulls/seven/files')).toBe(404);
    expect(await call('GET', '/repos/acme/platform/pulls/7/files?per_page=100&colour=blue')).toBe(422);
    expect(await call('PATCH', '/repos/acme/platform/pulls/7/reviews')).toBe(404);
    expect(github.violations).toEqual([
      'pulls/create-review: body/event must be equal to one of the allowed values {"allowedValues":["APPROVE","REQUEST_CHANGES","COMMENT"]}',
      'pulls/create-review: body/comments/0 must NOT have additional properties {"additionalProperty":"lines"}',
      'GET /repos/acme/platform/pulls/seven/files: path parameters of the wrong type for /repos/{owner}/{repo}/pulls/{pull_number}/files',
      'pulls/list-files: query parameter colour is not documented for pulls/list-files',
      "PATCH /repos/acme/platform/pulls/7/reviews matches no operation in GitHub's REST description",
    ]);
  });

  it('fails with a clear message on a bad input', async () => {
    const run = await runAction({ 'fail-on': 'sometimes' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input fail-on is "sometimes": use error, warning, never.');
    expect(github.requests).toEqual([]);
  });
});
