import { lstatSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { trackedBlobs } from '../engine/changed-files.js';
import { changeIsSmall, pullRequestScope } from '../engine/pr-scope.js';
import { lintRepo, resolveOptions, type FindingWithFix, type LintOptions, type LintStats } from '../engine/run.js';
import { isYamlPath, loadRepo } from '../load/load-repo.js';
import type { Repo } from '../load/types.js';
import { outsideWalk, walk, type WalkEntry } from '../load/walk.js';
import { cacheKey, LintCache } from './lint-cache.js';
import { buildScopeIndex, isGitIgnore, loadScopeIndex, saveScopeIndex, scopeIndexFile, staleFiles, type ScopeIndex } from './scope-index.js';

export interface CachedLintResult {
  findings: FindingWithFix[];
  stats: LintStats;
  /**
   * 'hit' when nothing changed and the stored findings were returned as they were; 'scoped' when a
   * pull-request run loaded only the files its changes bear on; 'partial' otherwise.
   */
  cache: 'hit' | 'partial' | 'scoped';
  /** YAML files parsed in this run; the rest came from the cache (or, scoped, were not needed). */
  parsedFiles: number;
}

/** A --cache run leaves the index as it is while it is stale for this many files at most (or this share). */
const MAX_STALE = 20;
const MAX_STALE_SHARE = 0.01;

/**
 * Whether a --cache run may keep the index on disk rather than build it again (0.3 s on 50k files).
 * Pull-request runs read afresh every file whose blob differs from the index's, exactly as if the
 * pull request changed it, so a slightly stale index gives the same findings; past a few files it is
 * rebuilt, so that those runs keep reading little.
 */
function indexStillServes(index: ScopeIndex | undefined, entries: readonly WalkEntry[], repo: Repo, blobOf: (file: string) => string | undefined): boolean {
  if (!index) return false;
  const stale = staleFiles(index, entries, repo, blobOf);
  return stale !== undefined && stale <= Math.max(MAX_STALE, entries.length * MAX_STALE_SHARE);
}

/**
 * Lints with the --cache: stored findings when no file changed, cached parses for unchanged files
 * otherwise. `setup` names whatever else decides the findings (omni-lint's version, schema catalogs).
 * With `options.changedFiles` (pull-request mode) and an index from an earlier run, only the files
 * the changes bear on are read (src/engine/pr-scope.ts); the findings in the changed files are then
 * those of a full run.
 */
export function lintWithCache(root: string, options: LintOptions, cacheFile: string, setup: string): CachedLintResult {
  const t0 = performance.now();
  if (options.changedFiles) {
    const scoped = lintScoped(root, options, scopeIndexFile(cacheFile), t0);
    if (scoped) return scoped;
  }
  const cache = new LintCache(
    cacheFile,
    cacheKey({ version: setup, root, config: options.config, overrides: options.ruleOverrides ?? {}, rules: options.rules }),
  );
  const entries = walk(root, options.config.ignore);
  const hit = cache.unchanged(root, entries.map((e) => e.path));
  if (hit) {
    // No rule ran: the stored rule times are the last run's, not this one's.
    const { ruleMs: _stored, ...stats } = hit.stats;
    const durationMs = performance.now() - t0;
    return { findings: hit.findings, stats: { ...stats, durationMs, phases: { load: durationMs, graph: 0, rules: 0, report: 0 } }, cache: 'hit', parsedFiles: 0 };
  }
  const repo = loadRepo(root, { ignore: options.config.ignore, ...options.config.limits, cache, entries });
  const t1 = performance.now();
  const result = lintRepo(repo, options);
  result.stats.phases.load = t1 - t0;
  result.stats.durationMs = performance.now() - t0;
  cache.save(result);
  const indexFile = scopeIndexFile(cacheFile);
  const blobOf = (f: string): string | undefined => cache.blobOf(f);
  if (!indexStillServes(loadScopeIndex(indexFile), entries, result.graph.repo, blobOf)) saveScopeIndex(indexFile, buildScopeIndex(result.graph, entries, blobOf));
  return { findings: result.findings, stats: result.stats, cache: 'partial', parsedFiles: cache.misses };
}

function lintScoped(root: string, options: LintOptions, indexFile: string, t0: number): CachedLintResult | undefined {
  const changed = options.changedFiles!;
  // A .gitignore changed by the change, or since the index, changes which files the walk lists, which
  // the index cannot tell.
  for (const f of changed) if (isGitIgnore(f)) return undefined;
  const index = loadScopeIndex(indexFile);
  if (!index) return undefined;
  const tracked = trackedBlobs(root);
  if (!tracked) return undefined;
  const indexed = index.entries();
  if (gitIgnoresChanged(index, indexed, tracked)) return undefined;
  const current = currentEntries(root, indexed, tracked, changed, options.config.ignore);
  if (!current) return undefined;
  const dirty = new Set(changed);
  const was = new Map<string, string>();
  indexed.forEach((e, i) => was.set(e.path, index.blob(i)));
  for (const e of current) {
    const now = tracked.get(e.path);
    if (isYamlPath(e.path) && (now === undefined || was.get(e.path) !== now)) dirty.add(e.path);
  }
  // Files changed since the index count as changed: the index says nothing true of them.
  if (!changeIsSmall(dirty.size, current.length)) return undefined;
  const load = { ignore: options.config.ignore, ...options.config.limits };
  const scope = pullRequestScope(root, current, dirty, index, { resolve: resolveOptions(options.config), load });
  if (!scope) return undefined;
  const t1 = performance.now();
  const result = lintRepo(scope.repo, options);
  result.stats.phases.load = t1 - t0;
  result.stats.durationMs = performance.now() - t0;
  return { findings: result.findings, stats: result.stats, cache: 'scoped', parsedFiles: scope.files.size };
}

/** Whether a tracked .gitignore was added, removed or changed since the index was written. */
function gitIgnoresChanged(index: ScopeIndex, indexed: readonly WalkEntry[], tracked: ReadonlyMap<string, string>): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < indexed.length; i++) {
    const p = indexed[i]!.path;
    if (!isGitIgnore(p)) continue;
    seen.add(p);
    if (tracked.get(p) !== index.blob(i)) return true;
  }
  for (const p of tracked.keys()) if (isGitIgnore(p) && !seen.has(p)) return true;
  return false;
}

/**
 * Today's file list without walking the tree: the index's walk, less the files git no longer has,
 * plus the ones it has gained (tracked since, or among the changed files, which include untracked
 * ones). Undefined when a new file is not a plain file (a link): the walk handles those.
 * Two corners stay open: a newly tracked file that a .gitignore matches is listed here though the walk
 * skips it, and a file staged with new content but reverted in the worktree to REF's is judged by its
 * staged blob id; both are rare enough not to pay a second walk or an index refresh for.
 */
function currentEntries(root: string, indexed: readonly WalkEntry[], tracked: ReadonlyMap<string, string>, changed: ReadonlySet<string>, ignore: readonly string[]): WalkEntry[] | undefined {
  const exists = (p: string): boolean | undefined => {
    try {
      const st = lstatSync(path.join(root, p));
      return st.isFile() ? true : undefined;
    } catch {
      return false;
    }
  };
  const leftOut = outsideWalk(ignore);
  const out: WalkEntry[] = [];
  const known = new Set<string>();
  for (const e of indexed) {
    known.add(e.path);
    // The config's ignore globs may have changed since the index was written.
    if (leftOut(e.path)) continue;
    if (changed.has(e.path)) {
      const there = exists(e.path);
      if (there === undefined && e.linkTo === undefined && !e.escapesTo && !e.broken) return undefined;
      if (there !== false) out.push(e);
    } else if (tracked.has(e.path) || e.linkTo !== undefined || e.escapesTo || e.broken) {
      out.push(e);
    }
  }
  for (const p of [...tracked.keys(), ...changed]) {
    if (known.has(p) || leftOut(p)) continue;
    known.add(p);
    const there = exists(p);
    if (there === undefined) return undefined;
    if (there) out.push({ path: p });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}
