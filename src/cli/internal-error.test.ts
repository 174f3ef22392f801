import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeTree } from '../testing/fs-tree.js';
import { runCli } from './main.js';

// The registry as shipped, plus a rule with a bug: it crashes on a ConfigMap named "boom".
vi.mock(import('../../rules/index.js'), async (original) => {
  const { rules } = await original();
  const crashing = {
    id: 'crashes-on-boom',
    meta: { type: 'problem', description: 'Test.', rationale: 'Test.', severity: 'error', recommended: true, defaultOptions: {}, messages: {} },
    check({ query }: { query: { ofKind(kind: string): { name: string; body: Record<string, unknown> }[] } }) {
      for (const r of query.ofKind('ConfigMap')) if (r.name === 'boom') (r.body.data as { x: string }).x.trim();
    },
  };
  return { rules: [...rules, crashing as unknown as (typeof rules)[number]] };
});

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: os.tmpdir(), env: {}, isTty: false });
  return { code, stdout, stderr };
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cli-crash-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('internal-error through the CLI', () => {
  it('reports the crash as a finding, keeps the other rules findings, and exits 1 (findings), not 2', () => {
    const dir = repo({ 'boom.yaml': CM('boom'), 'list.yaml': '- not\n- an object\n', 'kustomization.yaml': 'resources:\n  - boom.yaml\n  - list.yaml\n' });
    const r = run([dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['boom.yaml internal-error', 'list.yaml yaml-document-object']);
    expect(findings[0]!.message).toMatch(/^Rule crashes-on-boom crashed while checking boom\.yaml: Cannot read properties of undefined \(reading 'x'\)\./);
  });

  it('exits 0 when nothing crashes and nothing is wrong: the crashing rule is the only difference', () => {
    expect(run([repo({ 'fine.yaml': CM('fine') })]).code).toBe(0);
  });

  it('describes internal-error in SARIF and in --list-rules', () => {
    const dir = repo({ 'boom.yaml': CM('boom') });
    const sarif = JSON.parse(run([dir, '--format', 'sarif']).stdout) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string }; defaultConfiguration?: { level: string } }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const [runLog] = sarif.runs;
    const result = runLog!.results.find((x) => x.ruleId === 'internal-error')!;
    const descriptor = runLog!.tool.driver.rules[result.ruleIndex]!;
    expect(descriptor).toMatchObject({ id: 'internal-error', defaultConfiguration: { level: 'error' } });
    expect(descriptor.shortDescription.text).toBe('A rule crashed; its other findings are missing. Report it as a bug in omni-lint.');
    expect(run(['--list-rules']).stdout).toMatch(/^internal-error\s+engine\s+error\s+A rule crashed; its other findings are missing\./m);
  });
});
