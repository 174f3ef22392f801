import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { filesUnder, removeTree } from '../testing/fs-tree.js';
import { defaultConfig } from './config.js';
import { lintChanged } from './lint-changed.js';
import { lintDirectory, type FindingWithFix } from './run.js';

/**
 * A pull-request or pre-commit run without the --cache reads everything but runs the rules only on
 * the change's scope. For the changed files it must report what a full run reports, to the character.
 */
let dir = '';
let yamlFiles: string[] = [];
let full: ReturnType<typeof lintDirectory>;
const options = { config: defaultConfig(), rules };
const shown = (f: FindingWithFix): string => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.message}`;
const inFiles = (findings: readonly FindingWithFix[], files: ReadonlySet<string>): string[] => findings.filter((f) => files.has(f.file)).map(shown);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-changed-'));
  generateRepo(dir, { files: 1500, seed: 11, breakageRate: 0.04 });
  yamlFiles = filesUnder(dir).filter((f) => /\.ya?ml$/.test(f));
  full = lintDirectory(dir, options);
});
afterAll(() => removeTree(dir));

describe('lintChanged', () => {
  it('gives each changed file the findings of a full run, running rules on a small part of the repository', () => {
    const withFindings = [...new Set(full.findings.map((f) => f.file))];
    expect(withFindings.length).toBeGreaterThan(15);
    const sample = [...withFindings.slice(0, 15), ...yamlFiles.filter((_, i) => i % 150 === 0)];
    for (const file of sample) {
      const changed = new Set([file]);
      const result = lintChanged(dir, { ...options, changedFiles: changed });
      expect({ file, findings: inFiles(result.findings, changed) }).toEqual({ file, findings: inFiles(full.findings, changed) });
      expect(result.scopeFiles, file).toBeLessThan(yamlFiles.length / 4);
    }
  });

  it('gives a change of many files, a deleted one and a non-YAML one the findings of a full run', () => {
    const changed = new Set([...yamlFiles.filter((_, i) => i % 7 === 0), 'apps/gone.yaml', 'README.md']);
    const result = lintChanged(dir, { ...options, changedFiles: changed });
    // Over the limit: the rules ran on the whole repository, on the graph already built.
    expect(result.scopeFiles).toBeUndefined();
    expect(inFiles(result.findings, changed)).toEqual(inFiles(full.findings, changed));
    expect(inFiles(result.findings, changed).length).toBeGreaterThan(10);
  });

  it('reports what it read as a full run does', () => {
    const result = lintChanged(dir, { ...options, changedFiles: new Set([yamlFiles[0]!]) });
    expect(result.scopeFiles).toBeDefined();
    const { files, documents, resources } = result.stats;
    expect({ files, documents, resources }).toEqual({ files: full.stats.files, documents: full.stats.documents, resources: full.stats.resources });
  });
});
