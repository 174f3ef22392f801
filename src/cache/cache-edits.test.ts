import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo, Rng } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { removeTree } from '../testing/fs-tree.js';
import { REPO_EDITS } from '../testing/repo-edits.js';
import { lintWithCache } from './lint-cached.js';

/**
 * The --cache reuses the parse of every file whose size and mtime it has seen, without reading it.
 * Whatever a user does between two runs, a --cache run must report what a run without it reports:
 * checked over seeded sequences of edits to a generated repository, with planted breakages so that
 * there are findings of many rules to compare.
 */
const options = { config: defaultConfig(), rules };
/** Seeds 1..N; more by hand with OMNI_LINT_CACHE_EDITS_SEEDS=N. */
const SEEDS = Array.from({ length: Number(process.env.OMNI_LINT_CACHE_EDITS_SEEDS ?? 4) }, (_, i) => i + 1);
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

const shown = (findings: readonly Finding[]) => findings.map(({ ruleId, file, line, column, endLine, endColumn, message, severity }) => ({ ruleId, file, line, column, endLine, endColumn, message, severity }));

describe('--cache across edits', () => {
  it.each(SEEDS)('reports what a run without the cache reports after every edit (seed %i)', (seed) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-edits-'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-edits-cache-')), 'cache');
    temps.push(dir, path.dirname(cacheFile));
    generateRepo(dir, { files: 250, seed, breakageRate: 0.05 });
    const rng = new Rng(seed);
    let findings = lintWithCache(dir, options, cacheFile, '1').findings;
    for (let step = 0; step < 16; step++) {
      // Now and then no edit at all: the run must then be a full hit.
      const { did, touched } = rng.chance(0.15) ? { did: 'nothing', touched: [] } : rng.pick(REPO_EDITS)(dir, rng, findings);
      const cached = lintWithCache(dir, options, cacheFile, '1');
      const plain = lintDirectory(dir, options);
      expect(shown(cached.findings), `after step ${step}: ${did}`).toEqual(shown(plain.findings));
      if (touched.length === 0) expect(cached.cache).toBe('hit');
      findings = plain.findings;
    }
  });
});
