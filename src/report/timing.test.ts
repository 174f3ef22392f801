import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { formatTiming, timingLimit } from './timing.js';

function run(args: string[], env: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: projectRoot(), env: { OMNI_LINT_SCHEMA_CACHE: 'off', ...env }, isTty: false });
  return { code, stdout, stderr };
}

/** The rule ids of the table's rows, in order. */
const rowsOf = (table: string): string[] =>
  table
    .split('\n')
    .slice(2)
    .filter((l) => l.includes(' | '))
    .map((l) => l.split(' | ')[0]!.trim());

describe('TIMING, as in ESLint', () => {
  it('reads 1 as the ten slowest rules, all as every rule, N as the N slowest, and 0 or nothing as off', () => {
    expect(timingLimit('1')).toBe(10);
    expect(timingLimit('true')).toBe(10);
    expect(timingLimit('all')).toBe(Infinity);
    expect(timingLimit('3')).toBe(3);
    expect(timingLimit('0')).toBeUndefined();
    expect(timingLimit(undefined)).toBeUndefined();
    expect(timingLimit('')).toBeUndefined();
  });

  it('lists the slowest rules first, with their share of the rules phase', () => {
    const table = formatTiming({ durationMs: 50, phases: { load: 10, graph: 5, rules: 30, report: 1 }, ruleMs: { fast: 1, slow: 20, middle: 9 } }, 2);
    expect(rowsOf(table)).toEqual(['slow', 'middle']);
    expect(table).toMatch(/slow +\| +20\.0 \| +66\.7%/);
    expect(table).toContain('Phases: load 10.0 ms, graph 5.0 ms, rules 30.0 ms, report 1.0 ms; whole lint 50.0 ms.');
    // Every line of the table is as wide as its header, so the columns line up.
    const [header, ...rest] = table.split('\n').filter((l) => l.includes('|'));
    for (const line of rest) expect(line.length).toBe(header!.length);
  });

  it('prints the table on standard error after the report; standard output stays the report', () => {
    const fixture = path.join('fixtures', 'omni-gitops');
    const plain = run([fixture, '--format', 'json'], {});
    expect(plain.stderr).toBe('');
    const timed = run([fixture, '--format', 'json'], { TIMING: 'all' });
    expect(JSON.parse(timed.stdout).findings).toEqual(JSON.parse(plain.stdout).findings);
    const rows = rowsOf(timed.stderr);
    expect(rows).toContain('schema-valid');
    expect(rows.length).toBeGreaterThan(20);
    expect(rowsOf(run([fixture, '--format', 'json'], { TIMING: '3' }).stderr)).toHaveLength(3);
  });

  it('says so when a --cache hit ran no rule', () => {
    const cache = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-timing-')), 'cache');
    const fixture = path.join('fixtures', 'omni-gitops');
    run([fixture, '--cache-location', cache], {});
    expect(run([fixture, '--cache-location', cache], { TIMING: '1' }).stderr).toMatch(/^No rule ran: the --cache held this run's findings; the whole lint took [\d.]+ ms\.\n$/);
  });
});
