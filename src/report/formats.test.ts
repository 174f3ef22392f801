import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture } from '../testing/fs-tree.js';
import { formatGithub } from './github.js';

function run(args: string[], cwd = projectRoot()) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTty: false });
  return { code, stdout, stderr };
}

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS with a default export; the SARIF 2.1.0 schema is written in draft-04.
const Ajv04 = (require('ajv-draft-04') as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown[] | null } } }).default;
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const fixable = path.join(projectRoot(), 'fixtures', 'flux-source-ref-exists', 'invalid-missing-self-source-is-created', 'input');

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with rule descriptors, regions and fixes for in-file edits', () => {
    const dir = copyFixture(fixable);
    const { code, stdout } = run([dir, '--format', 'sarif', '--rule', 'kustomize-manifest-listed:off']);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } }; results: Record<string, any>[] }[];
    };
    const ajv = new Ajv04({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0]!;
    const rule = run0.tool.driver.rules.find((r) => r.id === 'flux-source-ref-exists')!;
    expect(rule.shortDescription.text).toBe('Point every Flux sourceRef and chartRef at a source defined in the repository.');
    expect(rule.helpUri).toMatch(/rules\/flux-source-ref-exists\.md$/);
    const result = run0.results.find((r) => r.ruleId === 'flux-source-ref-exists')!;
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'flux/kustomizations/apps.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 11, endLine: 12, endColumn: 19 },
    });
    // The fix creates a file and edits flux/sources/kustomization.yaml: both appear as artifact changes.
    const changes = result.fixes[0].artifactChanges as { artifactLocation: { uri: string }; replacements: { insertedContent?: { text: string } }[] }[];
    expect(changes.map((c) => c.artifactLocation.uri).sort()).toEqual(['flux/sources/kustomization.yaml', 'flux/sources/platform.yaml']);
    expect(changes.find((c) => c.artifactLocation.uri === 'flux/sources/kustomization.yaml')!.replacements[0]!.insertedContent!.text).toBe('  - platform.yaml\n');
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding, escaping what GitHub would misread', () => {
    const out = formatGithub([
      { ruleId: 'x-rule', messageId: 'm', severity: 'warning', message: 'a: b, 100%\nnext', file: 'dir/a,b.yaml', line: 3, column: 5, endLine: 3, endColumn: 9, fixable: false },
    ]);
    expect(out).toBe('::warning file=dir/a%2Cb.yaml,line=3,col=5,endLine=3,endColumn=9,title=omni-lint x-rule::a: b, 100%25%0Anext\n');
  });

  it('annotates the example repository', () => {
    const { stdout } = run([path.join(projectRoot(), 'fixtures', 'omni-gitops'), '--format', 'github']);
    expect(stdout).toMatch(/^::error file=flux\/kustomizations\/flux-apps\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=omni-lint flux-source-ref-exists::/m);
  });
});

describe('--format markdown and --output-file', () => {
  it('writes a summary table to the file and nothing to stdout', () => {
    const dir = copyFixture(fixable);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-out-')), 'report.md');
    const { code, stdout } = run([dir, '--format', 'markdown', '--output-file', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## omni-lint');
    expect(md).toMatch(/\| ❌ \| `flux\/kustomizations\/apps.yaml:12` \| \[flux-source-ref-exists\]\(.*\) \| Kustomization "apps" references GitRepository "platform"/);
  });
});

const hasGit = spawnSync('git', ['--version']).status === 0;
if (!hasGit) console.log('git is not installed: --changed-since is not tested');

describe.skipIf(!hasGit)('--changed-since', () => {
  it('reports only findings in files changed since the ref, plus untracked files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-pr-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    const ks = (name: string, source: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;
    mkdirSync(path.join(dir, 'flux'));
    writeFileSync(path.join(dir, 'flux', 'old.yaml'), ks('old', 'gone-a'));
    writeFileSync(path.join(dir, 'flux', 'edited.yaml'), ks('edited', 'flux-system'));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'flux', 'edited.yaml'), ks('edited', 'gone-b'));
    writeFileSync(path.join(dir, 'flux', 'new.yaml'), ks('new', 'gone-c'));
    const sourceFindings = (out: string) =>
      (JSON.parse(out) as { findings: { file: string; ruleId: string }[] }).findings.filter((f) => f.ruleId === 'flux-source-ref-exists');
    const full = sourceFindings(run([dir, '--format', 'json']).stdout);
    expect(full.map((f) => f.file).sort()).toEqual(['flux/edited.yaml', 'flux/new.yaml', 'flux/old.yaml']);
    const pr = sourceFindings(run([dir, '--format', 'json', '--changed-since', 'HEAD']).stdout);
    expect(pr.map((f) => f.file).sort()).toEqual(['flux/edited.yaml', 'flux/new.yaml']);
    const bad = run([dir, '--changed-since', 'no-such-ref']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no-such-ref');
  });
});
