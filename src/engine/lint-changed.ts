import { performance } from 'node:perf_hooks';
import { buildScopeIndex } from '../cache/scope-index.js';
import { buildGraph } from '../graph/build.js';
import { walk } from '../load/walk.js';
import { changeIsSmall, pullRequestScope } from './pr-scope.js';
import { countDocuments, lintRepo, loadForLint, resolveOptions, type LintOptions, type LintResult } from './run.js';

export interface ChangedLintResult extends LintResult {
  /** YAML files the rules ran on when the run could narrow them to the change's scope; undefined when they ran on all. */
  scopeFiles: number | undefined;
}

/**
 * A pull-request or pre-commit run without the --cache: findings are wanted for `changedFiles` only.
 * The whole repository is read and its graph built, as the pull-request scope needs to know who
 * defines, deploys or names what (src/engine/pr-scope.ts); the rules then run only on the files the
 * change bears on, which for one changed file in a large repository is a few dozen. For the changed
 * files, the findings are those of a full run (pr-scope.test.ts, run-modes.test.ts). When the
 * change is large, or its scope is, rules run on the whole repository, on the graph already built.
 * The stats describe what was read, as a full run's do.
 */
export function lintChanged(root: string, options: LintOptions & { changedFiles: ReadonlySet<string> }): ChangedLintResult {
  const t0 = performance.now();
  const { config } = options;
  const entries = walk(root, config.ignore);
  const repo = loadForLint(root, options, entries);
  const t1 = performance.now();
  options.onProgress?.({ phase: 'graph' });
  const resolve = resolveOptions(config);
  const graph = buildGraph(repo, resolve);
  const changed = options.changedFiles;
  const small = changeIsSmall(changed.size, entries.length);
  const load = { ignore: config.ignore, ...config.limits };
  // The index an earlier --cache run would have left, built from this run's graph: nothing in it is
  // stale, so it needs no blob ids (they only tell a later run which files changed since).
  const scope = small ? pullRequestScope(root, entries, changed, buildScopeIndex(graph, entries, () => ''), { resolve, load }) : undefined;
  const t2 = performance.now();
  const result = scope ? lintRepo(scope.repo, options) : lintRepo(repo, options, graph);
  const stats = {
    ...result.stats,
    files: repo.yaml.size,
    documents: countDocuments(repo),
    resources: graph.resources.length,
    durationMs: performance.now() - t0,
    phases: { ...result.stats.phases, load: t1 - t0, graph: result.stats.phases.graph + (t2 - t1) },
  };
  return { ...result, stats, scopeFiles: scope?.files.size };
}
