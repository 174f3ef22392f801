import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main.js';

function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTty: false });
  return { code, stdout, stderr };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-schema-location-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const configMapSchema = JSON.stringify({
  type: 'object',
  additionalProperties: false,
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, data: { type: 'object', additionalProperties: { type: 'string' } } },
});

describe('--schema-location', () => {
  it('checks the kinds a catalog describes, and only with the flag', () => {
    const cwd = tree({
      'catalog/core/configmap_v1.json': configMapSchema,
      'repo/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  port: 8080\n',
    });
    expect(run(['repo', '--rule', 'schema-valid:error', '--format', 'json'], cwd).code).toBe(0);
    const withCatalog = run(['repo', '--schema-location', 'catalog', '--schema-location', 'catalog', '--format', 'json'], cwd);
    expect(withCatalog.code).toBe(1);
    const findings = (JSON.parse(withCatalog.stdout) as { findings: { ruleId: string; line: number; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'schema-valid').map((f) => `${f.line} ${f.message}`)).toEqual([
      `6 data.port in ConfigMap "settings" (v1) must be a string, not 8080 (quote it: YAML reads it as a number or boolean). The API server rejects the object, so it is never applied (schema: the schema in ${path.join(cwd, 'catalog', 'core', 'configmap_v1.json')}).`,
    ]);
  });

  it('refuses a folder that does not exist', () => {
    const cwd = tree({ 'repo/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    const r = run(['repo', '--schema-location', 'nowhere'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('omni-lint: --schema-location nowhere is not a folder. Give a catalog laid out as {group}/{kind}_{version}.json.\n');
  });
});
