import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { mergeConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { projectRoot } from '../dev/gen.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import type { RuleType } from '../engine/types.js';
import { copyFixture, kustomizeFolders, readTree, removeTree } from './fs-tree.js';

/**
 * One harness for every rule (jscodeshift's defineTest): each folder fixtures/<rule-id>/<case>/
 * holds input/ (a tiny repo), expected.json (the findings, message text included, since users
 * read it) and optionally options.json (the rule's options) or config.json (a whole config).
 * `valid-*` cases must produce no finding for the rule. UPDATE_FIXTURES=1 rewrites expected.json.
 */
const root = projectRoot();
const fixturesDir = path.join(root, 'fixtures');
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

export interface ExpectedFinding {
  ruleId: string;
  messageId: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

function caseSetup(ruleId: string, caseDir: string) {
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`fixtures/${ruleId} has no rule: create rules/${ruleId}.ts or rename the folder`);
  const optionsFile = path.join(caseDir, 'options.json');
  const configFile = path.join(caseDir, 'config.json');
  const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown>) : {};
  const rawConfig = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  const config = mergeConfig(rawConfig);
  return {
    rule,
    lintOptions: {
      config: { ...config, layout: config.layout === 'auto' ? true : config.layout },
      rules: [rule],
      ruleOverrides: { [ruleId]: [rule.meta.severity, options] as [typeof rule.meta.severity, Record<string, unknown>] },
    },
  };
}

/** Fix types for a case: fix-types.json (e.g. ["suggestion"]) or the CLI default, problem and layout. */
function caseFixTypes(caseDir: string): Set<RuleType> {
  const file = path.join(caseDir, 'fix-types.json');
  return new Set(existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RuleType[]) : ['problem', 'layout']);
}

/** Runs --fix on a copy of input/, returns the tree, and checks that a second --fix changes nothing. */
function fixCase(ruleId: string, caseDir: string): { tree: Record<string, string>; secondPassChanges: string[] } {
  const { lintOptions } = caseSetup(ruleId, caseDir);
  const dir = copyFixture(path.join(caseDir, 'input'));
  temps.push(dir);
  const fixTypes = caseFixTypes(caseDir);
  const plan = planFixes(dir, { ...lintOptions, fixTypes });
  commitChanges(dir, plan.changeSet.changes());
  const tree = readTree(dir);
  const again = planFixes(dir, { ...lintOptions, fixTypes });
  return { tree, secondPassChanges: again.changeSet.changes().map((c) => c.path) };
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.log('kubectl is not installed: fixed trees are not checked against kubectl kustomize renders');

/** `kind namespace/name` of each object `kubectl kustomize dir` renders, sorted; undefined when the build fails. */
function kustomizeObjects(dir: string): string[] | undefined {
  // Flux builds with no load restrictor; the rules that care about Argo CD's root-only one check it themselves.
  const r = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return [...r.stdout.matchAll(/^kind: (\S+)$[\s\S]*?^  name: (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

/** UPDATE_FIXTURES=1: record the fixed tree as expected-fixed/ (removed when the fix changes nothing). Review the diff. */
function writeFixedTree(fixedDir: string, tree: Record<string, string>, input: Record<string, string>): void {
  rmSync(fixedDir, { recursive: true, force: true });
  if (JSON.stringify(tree) === JSON.stringify(input)) return;
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(fixedDir, file)), { recursive: true });
    writeFileSync(path.join(fixedDir, file), text);
  }
}

function runCase(ruleId: string, caseDir: string): ExpectedFinding[] {
  const { lintOptions } = caseSetup(ruleId, caseDir);
  const dir = copyFixture(path.join(caseDir, 'input'));
  temps.push(dir);
  const result = lintDirectory(dir, lintOptions);
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message }));
}

const ruleDirs = existsSync(fixturesDir)
  ? readdirSync(fixturesDir).filter((d) => !d.startsWith('_') && rules.some((r) => r.id === d)).sort()
  : [];

for (const ruleId of ruleDirs) {
  describe(ruleId, () => {
    const cases = readdirSync(path.join(fixturesDir, ruleId)).filter((c) => /^(valid|invalid)-/.test(c)).sort();
    for (const c of cases) {
      const caseDir = path.join(fixturesDir, ruleId, c);
      it(c, () => {
        const actual = runCase(ruleId, caseDir);
        if (c.startsWith('valid-')) {
          expect(actual).toEqual([]);
          return;
        }
        const expectedFile = path.join(caseDir, 'expected.json');
        if (process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        expect(existsSync(expectedFile), `missing ${path.relative(root, expectedFile)}: run UPDATE_FIXTURES=1 npm test and review it`).toBe(true);
        const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as ExpectedFinding[];
        expect(actual.length, 'an invalid case must produce at least one finding').toBeGreaterThan(0);
        expect(actual).toEqual(expected);
      });
      if (c.startsWith('invalid-')) {
        const fixedDir = path.join(caseDir, 'expected-fixed');
        it(`${c} --fix`, () => {
          const { tree, secondPassChanges } = fixCase(ruleId, caseDir);
          if (process.env.UPDATE_FIXTURES === '1') writeFixedTree(fixedDir, tree, readTree(path.join(caseDir, 'input')));
          if (!existsSync(fixedDir)) {
            // No expected-fixed/ means no fix is offered: the tree must come out as it went in.
            expect(tree).toEqual(readTree(path.join(caseDir, 'input')));
            return;
          }
          expect(tree).toEqual(readTree(fixedDir));
          expect(secondPassChanges, 'a second --fix must change nothing').toEqual([]);
          // A fix never drops what a kustomize folder renders (creating a missing object adds to it),
          // unless the case explains in render-changes.txt why it must.
          if (!hasKubectl || existsSync(path.join(caseDir, 'render-changes.txt'))) return;
          const input = path.join(caseDir, 'input');
          for (const folder of kustomizeFolders(input)) {
            const before = kustomizeObjects(path.join(input, folder));
            if (!before || !existsSync(path.join(fixedDir, folder, 'kustomization.yaml'))) continue;
            const after = kustomizeObjects(path.join(fixedDir, folder));
            expect(after, `kubectl kustomize ${folder || '.'} fails after --fix`).toBeDefined();
            expect(before.filter((o) => !after!.includes(o)), `kubectl kustomize ${folder || '.'} lost objects after --fix`).toEqual([]);
          }
        });
      }
    }
  });
}
