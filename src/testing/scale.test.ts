import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { removeTree } from './fs-tree.js';

/**
 * The two ends of repository size, linted with every rule. The large end is 20,000 files here, to
 * keep the suite under a minute on CI's two cores; `npm run bench -- 100000` lints a repository of
 * 100,000 files the same way (OMNI_LINT_SCALE_FILES=100000 runs this test at that size).
 */
const FILES = Number(process.env.OMNI_LINT_SCALE_FILES ?? 20_000);
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-scale-'));
  temps.push(dir);
  return dir;
}

describe('repository size', () => {
  it(`lints a generated hybrid repository of ${FILES} files, reporting every planted breakage`, () => {
    const dir = tempDir();
    const generated = generateRepo(dir, { files: FILES, seed: 7 });
    const started = Date.now();
    // Timed from here: the lint, not the writing of the repository.
    const { findings, stats } = lintDirectory(dir, { config: defaultConfig(), rules });
    const seconds = (Date.now() - started) / 1000;
    expect(stats.files).toBeGreaterThanOrEqual(FILES * 0.95);
    expect(findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'file-skipped')).toEqual([]);
    const reported = new Set(findings.map((f) => f.file));
    expect(generated.breakages.length).toBeGreaterThan(0);
    for (const b of generated.breakages) expect(reported, `${b.kind} in ${b.file} is not reported`).toContain(b.file);
    expect(seconds).toBeLessThan(45);
  }, 120_000);

  it('lints a repository of one file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: only\n');
    const { findings, stats } = lintDirectory(dir, { config: defaultConfig(), rules });
    expect(stats).toMatchObject({ files: 1, documents: 1, resources: 1 });
    expect(findings).toEqual([]);
  });
});
