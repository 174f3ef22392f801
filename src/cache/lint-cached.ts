import { performance } from 'node:perf_hooks';
import { lintRepo, type FindingWithFix, type LintOptions, type LintStats } from '../engine/run.js';
import { loadRepo } from '../load/load-repo.js';
import { walk } from '../load/walk.js';
import { cacheKey, LintCache } from './lint-cache.js';

export interface CachedLintResult {
  findings: FindingWithFix[];
  stats: LintStats;
  /** 'hit' when nothing changed and the stored findings were returned as they were. */
  cache: 'hit' | 'partial';
  /** YAML files parsed in this run; the rest came from the cache. */
  parsedFiles: number;
}

/**
 * Lints with the --cache: stored findings when no file changed, cached parses for unchanged files
 * otherwise. `setup` names whatever else decides the findings (omni-lint's version, schema catalogs).
 */
export function lintWithCache(root: string, options: LintOptions, cacheFile: string, setup: string): CachedLintResult {
  const t0 = performance.now();
  const cache = new LintCache(
    cacheFile,
    cacheKey({ version: setup, root, config: options.config, overrides: options.ruleOverrides ?? {}, rules: options.rules }),
  );
  const entries = walk(root, options.config.ignore);
  const hit = cache.unchanged(root, entries.map((e) => e.path));
  if (hit) {
    return { findings: hit.findings, stats: { ...hit.stats, durationMs: performance.now() - t0 }, cache: 'hit', parsedFiles: 0 };
  }
  const repo = loadRepo(root, { ignore: options.config.ignore, ...options.config.limits, cache, entries });
  const t1 = performance.now();
  const result = lintRepo(repo, options);
  result.stats.phases.load = t1 - t0;
  result.stats.durationMs = performance.now() - t0;
  cache.save(result);
  return { findings: result.findings, stats: result.stats, cache: 'partial', parsedFiles: cache.misses };
}
