import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo, Rng } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { runCli, type Resident } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type { SchemaRegistry } from '../schemas/registry.js';
import { removeTree } from '../testing/fs-tree.js';
import { REPO_EDITS, yamlFilesIn } from '../testing/repo-edits.js';
import { DaemonParseMemory } from './parse-memory.js';

/**
 * The daemon reuses parses from its earlier runs. Whatever changed in between, a run must report
 * exactly what a fresh process reports, and no rule may write into a parse it shares.
 */
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));
const options = { config: defaultConfig(), rules };
const shown = (findings: readonly Finding[]) => findings.map(({ ruleId, file, line, column, endLine, endColumn, message, severity }) => ({ ruleId, file, line, column, endLine, endColumn, message, severity }));

/** runCli's output with the run's timings left out (they differ from run to run). */
function cli(argv: string[], keep?: Resident): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: projectRoot(), env: {}, isTty: false }, keep);
  if (argv.includes('json') && stdout !== '') {
    const report = JSON.parse(stdout) as { stats?: unknown };
    delete report.stats;
    stdout = JSON.stringify(report);
  }
  return { code, stdout, stderr };
}

describe('the daemon’s parse memory', () => {
  it('gives every fixture the findings, fixes and exit code of a fresh run, twice over', () => {
    const cases = ['fixtures'];
    const inputs: string[] = [];
    for (const group of readdirSync(path.join(projectRoot(), ...cases))) {
      if (group.endsWith('.md')) continue;
      for (const c of readdirSync(path.join(projectRoot(), 'fixtures', group))) inputs.push(path.join('fixtures', group, c, 'input'));
    }
    expect(inputs.length).toBeGreaterThan(150);
    const memory = new DaemonParseMemory();
    const keep: Resident = { parses: memory, schemas: new Map<string, SchemaRegistry>() };
    for (const input of inputs) {
      for (const argv of [[input, '--format', 'json'], [input, '--fix-dry-run', '--fix-type', 'problem,layout,suggestion']]) {
        const fresh = cli(argv);
        // Frozen parses make a rule that writes into one throw, which the engine reports as a crash.
        expect(cli(argv, keep), `${argv.join(' ')} (first run)`).toEqual(fresh);
        expect(cli(argv, keep), `${argv.join(' ')} (second run)`).toEqual(fresh);
      }
    }
    expect(memory.roots().length).toBe(3); // only the latest repositories are held
  });

  it('reparses exactly the files whose bytes changed, and follows every kind of edit', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-edits-'));
    temps.push(dir);
    generateRepo(dir, { files: 250, seed: 7, breakageRate: 0.05 });
    const memory = new DaemonParseMemory();
    const withMemory = { ...options, parses: memory };
    const yamlCount = (): number => lintDirectory(dir, options).stats.files;
    let findings = lintDirectory(dir, withMemory).findings;
    expect(memory.lastRun(dir)).toEqual({ reused: 0, parsed: yamlCount() });
    const again = lintDirectory(dir, withMemory);
    expect(memory.lastRun(dir)).toEqual({ reused: yamlCount(), parsed: 0 });
    expect(shown(again.findings)).toEqual(shown(findings));

    // One file's bytes change, keeping its size: it alone is parsed again, and its new content counts.
    const file = yamlFilesIn(dir).find((f) => /\bname: [a-z]/.test(lintDirectory(dir, options).graph.repo.yaml.get(f)?.text ?? ''))!;
    const before = lintDirectory(dir, options).graph.repo.yaml.get(file)!.text;
    const at = before.search(/\bname: [a-z]/) + 'name: '.length;
    const after = `${before.slice(0, at)}${before[at] === 'q' ? 'z' : 'q'}${before.slice(at + 1)}`;
    writeFileSync(path.join(dir, file), after);
    const edited = lintDirectory(dir, withMemory);
    expect(memory.lastRun(dir)).toEqual({ reused: yamlCount() - 1, parsed: 1 });
    expect(edited.graph.repo.yaml.get(file)!.docs).toEqual(lintDirectory(dir, options).graph.repo.yaml.get(file)!.docs);
    expect(shown(edited.findings)).toEqual(shown(lintDirectory(dir, options).findings));

    const rng = new Rng(7);
    for (let step = 0; step < 24; step++) {
      const { did } = rng.pick(REPO_EDITS)(dir, rng, findings);
      const kept = lintDirectory(dir, withMemory);
      const plain = lintDirectory(dir, options);
      expect(shown(kept.findings), `after step ${step}: ${did}`).toEqual(shown(plain.findings));
      findings = plain.findings;
    }
  });

  it('forgets a file that is gone, and never serves it under another name', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-gone-'));
    temps.push(dir);
    writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const memory = new DaemonParseMemory();
    lintDirectory(dir, { ...options, parses: memory });
    rmSync(path.join(dir, 'a.yaml'));
    renameSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    const repo = lintDirectory(dir, { ...options, parses: memory }).graph.repo;
    expect([...repo.yaml.keys()]).toEqual(['a.yaml']);
    expect(repo.yaml.get('a.yaml')!.docs).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }]);
    expect(memory.lastRun(dir)).toEqual({ reused: 0, parsed: 1 });
  });

  it('parses again when the read limits change', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-limits-'));
    temps.push(dir);
    writeFileSync(path.join(dir, 'two.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n');
    const memory = new DaemonParseMemory();
    const run = (maxDocuments?: number) =>
      lintDirectory(dir, { config: { ...defaultConfig(), limits: maxDocuments ? { maxDocuments } : {} }, rules, parses: memory }).findings.map((f) => f.ruleId);
    expect(run()).not.toContain('file-skipped');
    expect(run(1)).toContain('file-skipped');
    expect(run()).not.toContain('file-skipped');
  });
});
