import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { buildScopeIndex } from '../cache/scope-index.js';
import { projectRoot } from '../dev/gen.js';
import { loadRepo } from '../load/load-repo.js';
import { walk } from '../load/walk.js';
import { filesUnder, removeTree } from '../testing/fs-tree.js';
import { mergeConfig, type Config } from './config.js';
import { pullRequestScope } from './pr-scope.js';
import { lintRepo, resolveOptions } from './run.js';

/**
 * Pull-request mode loads only the files a change bears on. Its promise: for the changed files, the
 * findings of a full run, to the character. Checked by treating, in turn, each file of every fixture
 * repository (and a sample of a generated one) as the change.
 */
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

type Shown = { ruleId: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string };
const shown = (f: Shown): Shown => ({ ruleId: f.ruleId, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message });

function configFor(dir: string): Config {
  // Fixture cases may carry a config.json (the rule-fixture harness's); every rule runs here.
  const file = path.join(dir, '..', 'config.json');
  const raw = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const config = mergeConfig(raw);
  return { ...config, layout: config.layout === 'auto' ? true : config.layout };
}

/** For each of `files` as the change: the findings it gets in a scoped run, and in the full run. */
function compare(root: string, files: readonly string[]): { file: string; scoped: Shown[]; full: Shown[]; scopeSize: number }[] {
  const config = configFor(root);
  const options = { config, rules };
  const entries = walk(root, config.ignore);
  const full = lintRepo(loadRepo(root, { entries }), options);
  const index = buildScopeIndex(full.graph, entries);
  return files.map((file) => {
    const scope = pullRequestScope(root, entries, new Set([file]), index, { resolve: resolveOptions(config), load: {}, maxShare: 1 });
    if (!scope) throw new Error(`no scope for ${file}`);
    const scoped = lintRepo(scope.repo, options);
    return {
      file,
      scoped: scoped.findings.filter((f) => f.file === file).map(shown),
      full: full.findings.filter((f) => f.file === file).map(shown),
      scopeSize: scope.files.size,
    };
  });
}

const yamlFilesUnder = (dir: string): string[] => filesUnder(dir).filter((f) => /\.ya?ml$/.test(f));

/** Every fixtures/<rule>/<case>/input folder, and the example repository. */
function fixtureRepos(): string[] {
  const fixtures = path.join(projectRoot(), 'fixtures');
  const out = [path.join(fixtures, 'omni-gitops')];
  for (const rule of readdirSync(fixtures)) {
    if (rule.startsWith('_') || rule === 'omni-gitops') continue;
    for (const c of readdirSync(path.join(fixtures, rule))) {
      const input = path.join(fixtures, rule, c, 'input');
      if (existsSync(input)) out.push(input);
    }
  }
  return out;
}

describe('pull-request scope', () => {
  it('gives every fixture file, taken as the change, the findings of a full run', () => {
    const repos = fixtureRepos();
    expect(repos.length).toBeGreaterThan(60);
    let withFindings = 0;
    const mismatches: unknown[] = [];
    for (const repo of repos) {
      for (const r of compare(repo, yamlFilesUnder(repo))) {
        if (JSON.stringify(r.scoped) !== JSON.stringify(r.full)) mismatches.push({ repo: path.relative(projectRoot(), repo), file: r.file, scoped: r.scoped, full: r.full });
        if (r.full.length > 0) withFindings++;
      }
    }
    expect(mismatches).toEqual([]);
    // The comparison means something only if many changed files have findings to get right.
    expect(withFindings).toBeGreaterThan(60);
  });

  it('gives sampled files of a generated repository the findings of a full run, loading a small part of it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-scope-'));
    temps.push(dir);
    const generated = generateRepo(dir, { files: 2000, seed: 3, breakageRate: 0.03 });
    const all = yamlFilesUnder(dir);
    const planted = generated.breakages.map((b) => b.file).filter((f) => all.includes(f));
    const sample = [...new Set([...planted, ...all.filter((_, i) => i % 40 === 0)])];
    const results = compare(dir, sample);
    for (const r of results) expect({ file: r.file, findings: r.scoped }).toEqual({ file: r.file, findings: r.full });
    expect(results.filter((r) => r.full.length > 0).length).toBeGreaterThan(10);
    // Most changes bear on a few dozen files, not on the repository.
    const sizes = results.map((r) => r.scopeSize).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]!).toBeLessThan(all.length / 10);
  });
});
