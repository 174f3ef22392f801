import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { mergeConfig } from '../engine/config.js';
import { lintDirectory, type LintOptions } from '../engine/run.js';
import { projectRoot } from '../dev/gen.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import { prepareLoadCase, removeTree } from './fs-tree.js';

/**
 * Loader edge cases (fixtures/_load/<case>/): broken, hostile and odd input, each a tiny repo linted
 * with every rule as the CLI runs them. Per case:
 * - input/: the repo; setup.json makes what git cannot hold in the copy: `symlinks` (path → target, where
 *   `<outside>` is a folder beside the repo, outside it) and `outside` (files written in that folder);
 * - expected.json: every finding, message included (`<outside>` stands for that folder);
 *   UPDATE_FIXTURES=1 rewrites it, then read it: it is the spec;
 * - expected-fixed/: the tree after --fix, byte for byte; without it, --fix must change nothing;
 * - config.json: the .omni-lint.yaml, as JSON.
 * Every case also asserts: no internal-error, the same findings twice, sorted, and a second --fix a no-op.
 */
const fixturesDir = path.join(projectRoot(), 'fixtures', '_load');
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

/** Copies input/ to <tmp>/repo and applies setup.json; returns the repo and the folder beside it. */
function prepare(caseDir: string): { repo: string; outside: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-load-'));
  temps.push(base);
  return prepareLoadCase(caseDir, base);
}

function lintOptions(caseDir: string): LintOptions {
  const configFile = path.join(caseDir, 'config.json');
  const config = mergeConfig(existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {});
  return { config, rules };
}

/** Every file under `dir` as latin1 text (byte for byte), symlinks as `-> target`. */
function readBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, child));
      if (st.isSymbolicLink()) out[child] = `-> ${readlinkSync(path.join(dir, child))}`;
      else if (st.isDirectory()) visit(child);
      else out[child] = readFileSync(path.join(dir, child), 'latin1');
    }
  };
  visit('');
  return out;
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** `kind name` of each object `kubectl kustomize` renders, sorted; undefined when the build fails. */
function kustomizeObjects(dir: string): string[] | undefined {
  const r = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return [...r.stdout.matchAll(/^kind: (\S+)$[\s\S]*?^  name: (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

const cases = existsSync(fixturesDir) ? readdirSync(fixturesDir).filter((c) => existsSync(path.join(fixturesDir, c, 'input'))).sort() : [];

describe('fixtures/_load', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(10));
  for (const c of cases) {
    const caseDir = path.join(fixturesDir, c);
    it(`${c}: lints without crashing, deterministically, as expected.json says`, () => {
      const { repo, outside } = prepare(caseDir);
      const options = lintOptions(caseDir);
      const first = lintDirectory(repo, options).findings;
      const second = lintDirectory(repo, options).findings;
      const shown = first.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
        message: f.message.split(outside).join('<outside>'),
      }));
      expect(shown.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
      // The same findings, field for field (fix closures aside), on a second run.
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      const sorted = [...shown].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
      expect(shown.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(sorted.map((f) => `${f.file}:${f.line}:${f.column}`));
      const expectedFile = path.join(caseDir, 'expected.json');
      if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, `${JSON.stringify(shown, null, 2)}\n`);
      expect(JSON.parse(readFileSync(expectedFile, 'utf8'))).toEqual(shown);
    });

    it(`${c}: --fix keeps every byte it does not mean to change, and a second --fix changes nothing`, () => {
      const { repo } = prepare(caseDir);
      const options = { ...lintOptions(caseDir), fixTypes: new Set(['problem', 'layout'] as const) };
      const input = readBytes(repo);
      commitChanges(repo, planFixes(repo, options).changeSet.changes());
      const fixed = readBytes(repo);
      const fixedDir = path.join(caseDir, 'expected-fixed');
      if (process.env.UPDATE_FIXTURES === '1') {
        rmSync(fixedDir, { recursive: true, force: true });
        if (JSON.stringify(fixed) !== JSON.stringify(input)) {
          for (const [file, bytes] of Object.entries(fixed)) {
            if (bytes.startsWith('-> ')) continue; // links come from setup.json
            mkdirSync(path.dirname(path.join(fixedDir, file)), { recursive: true });
            writeFileSync(path.join(fixedDir, file), Buffer.from(bytes, 'latin1'));
          }
        }
      }
      const links = Object.fromEntries(Object.entries(input).filter(([, v]) => v.startsWith('-> ')));
      expect(fixed).toEqual(existsSync(fixedDir) ? { ...readBytes(fixedDir), ...links } : input);
      expect(planFixes(repo, options).changeSet.changes().map((ch) => ch.path), 'a second --fix must change nothing').toEqual([]);
      if (!hasKubectl || !existsSync(fixedDir)) return;
      for (const [file] of Object.entries(input)) {
        if (!file.endsWith('kustomization.yaml') || !existsSync(path.join(fixedDir, file))) continue;
        const dir = path.dirname(file);
        const before = kustomizeObjects(path.join(caseDir, 'input', dir));
        if (!before) continue;
        const after = kustomizeObjects(path.join(fixedDir, dir));
        expect(after, `kubectl kustomize ${dir} fails after --fix`).toBeDefined();
        expect(before.filter((o) => !after!.includes(o)), `kubectl kustomize ${dir} lost objects after --fix`).toEqual([]);
      }
    });
  }
});
