import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';
import { copyFixture } from '../testing/fs-tree.js';
import { runCli } from './main.js';

function run(args: string[], cwd = projectRoot(), env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env, isTty: false });
  return { code, stdout, stderr };
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const brokenKs = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./
  prune: true
  sourceRef:
    kind: GitRepository
    name: missing-repo
`;

describe('omni-lint CLI', () => {
  it('exits 0 and prints nothing on a clean repository', () => {
    const dir = repo({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    expect(run([dir])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 1 and names file, line and rule for an error', () => {
    const dir = repo({ 'ks.yaml': brokenKs });
    const { code, stdout } = run([dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('ks.yaml');
    expect(stdout).toMatch(/12:11\s+error\s+Kustomization "apps" references GitRepository "missing-repo"/);
    expect(stdout).toContain('flux-source-ref-exists');
    expect(stdout).toContain('1 problem (1 error, 0 warnings, 0 info)');
  });

  it('prints the stable JSON shape with --format json', () => {
    const dir = repo({ 'ks.yaml': brokenKs });
    const { code, stdout } = run([dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { version: number; findings: Record<string, unknown>[]; stats: Record<string, number> };
    expect(report.version).toBe(1);
    expect(report.findings).toEqual([
      {
        ruleId: 'flux-source-ref-exists',
        severity: 'error',
        message: expect.stringContaining('GitRepository "missing-repo"') as unknown as string,
        file: 'ks.yaml',
        line: 12,
        column: 11,
        endLine: 12,
        endColumn: 23,
        fixable: false,
      },
    ]);
    expect(Object.keys(report.stats).sort()).toEqual(['documents', 'durationMs', 'files', 'resources']);
    expect(report.stats.files).toBe(1);
    expect(report.stats.resources).toBe(1);
  });

  it('turns a rule off with --rule and reports nothing', () => {
    const dir = repo({ 'ks.yaml': brokenKs });
    expect(run([dir, '--rule', 'flux-source-ref-exists:off']).code).toBe(0);
  });

  it('--quiet hides warnings, --max-warnings fails on too many', () => {
    const dir = repo({ 'ks.yaml': brokenKs });
    const asWarning = run([dir, '--rule', 'flux-source-ref-exists:warn']);
    expect(asWarning.code).toBe(0);
    expect(asWarning.stdout).toContain('warning');
    expect(run([dir, '--rule', 'flux-source-ref-exists:warn', '--quiet']).stdout).toBe('');
    const capped = run([dir, '--rule', 'flux-source-ref-exists:warn', '--max-warnings', '0']);
    expect(capped.code).toBe(1);
    expect(capped.stderr).toContain('too many warnings');
  });

  it('exits 2 with a clear message on usage errors', () => {
    expect(run(['--format', 'xml']).stderr).toContain('Unknown --format "xml"');
    expect(run(['--format', 'xml']).code).toBe(2);
    expect(run(['--bogus']).code).toBe(2);
    expect(run(['--rule', 'nonsense']).stderr).toContain('RULE-ID:off|info|warn|error');
    const missing = run(['/definitely/not/here']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
  });

  it('exits 2 and names the bad key of a config file', () => {
    const dir = repo({ '.omni-lint.yaml': 'rulez: {}\n' });
    const { code, stderr } = run([dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown key "rulez"');
  });

  it('validates the config against the schema built from rule metadata, naming each bad key', () => {
    const dir = repo({
      '.omni-lint.yaml': 'rules:\n  flux-source-ref-exist: error\n  yaml-syntax: loud\n  flamingo-app-exists: [warning, { folder: 3, colour: red }]\nlayout: maybe\n',
    });
    const { code, stderr } = run([dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a valid omni-lint config');
    expect(stderr).toContain('unknown rule "flux-source-ref-exist" under rules');
    expect(stderr).toContain('rules.flamingo-app-exists.1.folder must be string');
    expect(stderr).toContain('unknown key "colour" in rules.flamingo-app-exists.1');
    expect(stderr).toContain('layout must be one of true, false, "auto"');
  });

  it('prints help, version and the rule list', () => {
    expect(run(['--help']).stdout).toContain('Usage: omni-lint');
    expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const list = run(['--list-rules']).stdout;
    expect(list).toMatch(/^flux-source-ref-exists\s+problem\s+error\s+Point every Flux sourceRef/m);
  });

  it('honours an inline suppression with a reason and reports one without', () => {
    const withReason = repo({ 'ks.yaml': brokenKs.replace('  sourceRef:', '  # omni-lint-disable-next-line flux-source-ref-exists -- created by the platform team\n  sourceRef:').replace('    name: missing-repo', '    name: missing-repo') });
    // The directive must sit on the line before the finding: the finding is on `name:`.
    const text = brokenKs.replace('    name: missing-repo', '    # omni-lint-disable-next-line flux-source-ref-exists -- created by the platform team\n    name: missing-repo');
    const ok = repo({ 'ks.yaml': text });
    expect(run([ok]).code).toBe(0);
    const unused = run([withReason]);
    expect(unused.stdout).toContain('suppresses nothing here');
    const noReason = repo({ 'ks.yaml': text.replace(' -- created by the platform team', '') });
    const r = run([noReason]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('gives no reason');
  });

  it('lints the bundled example repository', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const { code, stdout } = run([dir]);
    expect(code).toBe(1);
    expect(stdout).toContain('GitRepository "omni-gitops"');
  });
});
