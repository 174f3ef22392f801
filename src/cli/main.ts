import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { ConfigError } from '../engine/config.js';
import { ENGINE_FINDINGS } from '../engine/engine-findings.js';
import { lintDirectory, type FindingWithFix, type LintResult, type LintStats } from '../engine/run.js';
import { defaultCacheFile } from '../cache/lint-cache.js';
import { lintWithCache } from '../cache/lint-cached.js';
import { commitChanges, CommitError } from '../fix/commit.js';
import { acquireLock, LockError, withSignalsHeld } from '../fix/lock.js';
import { formatFixPlan } from '../fix/diff.js';
import { dirtyFiles } from '../fix/git-dirty.js';
import { planFixes, type FixPlan } from '../fix/run-fix.js';
import { changedFiles, GitError, stagedFiles } from '../engine/changed-files.js';
import { lintChanged } from '../engine/lint-changed.js';
import type { Finding } from '../engine/types.js';
import type { FileChange } from '../fix/change-set.js';
import { previewFix } from '../fix/preview.js';
import { GraphQuery } from '../graph/query.js';
import { formatGithub } from '../report/github.js';
import { toJsonReport } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { createProgress, type Progress } from '../report/progress.js';
import { formatStylish } from '../report/stylish.js';
import { formatTiming, timingLimit } from '../report/timing.js';
import { SchemaRegistry } from '../schemas/registry.js';
import type { ParseMemory } from '../load/types.js';
import { schemaCacheDir } from '../schemas/user-cache.js';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { openRoot } from './open-root.js';
import { runGraph } from './graph.js';

export { serveDaemon, serveDaemonCli } from '../daemon/server.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  /** Standard error is a terminal: a progress line may be drawn there on long runs. */
  stderrIsTty?: boolean;
}

/**
 * What a long-lived process (the daemon, src/daemon/server.ts) keeps from one run to the next:
 * parses of files whose bytes have not changed, and compiled schemas.
 */
export interface Resident {
  parses: ParseMemory;
  schemas: Map<string, SchemaRegistry>;
}

/** The whole CLI as a function of argv, so tests run it in-process. Returns the exit code. */
export function runCli(argv: string[], io: Io, resident?: Resident): number {
  if (argv[0] === 'graph') return runGraph(argv.slice(1), io);
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, io.env, io.isTty);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`omni-lint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (options.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout(listRules());
    return EXIT_OK;
  }
  const progress = createProgress(
    { write: (t) => io.stderr(t), isTTY: io.stderrIsTty ?? false },
    { env: io.env, color: options.color, outputVisible: io.isTty || options.outputFile !== undefined },
  );
  try {
    return lintPaths(options, io, progress, resident);
  } catch (e) {
    progress?.done();
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof CommitError || e instanceof LockError || e instanceof GitError) {
      io.stderr(`omni-lint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`omni-lint crashed: ${(e as Error).stack ?? String(e)}\nThis is a bug in omni-lint; please report it.\n`);
    return EXIT_USAGE;
  }
}

function lintPaths(options: CliOptions, io: Io, progress?: Progress, resident?: Resident): number {
  if ((options.fix || options.fixDryRun) && options.paths.length > 1) throw new UsageError('--fix and --fix-dry-run take one folder at a time.');
  const all: FindingWithFix[] = [];
  const stats: LintStats = { files: 0, documents: 0, resources: 0, durationMs: 0, phases: { load: 0, graph: 0, rules: 0, report: 0 } };
  let plan: FixPlan | undefined;
  const sarifFixes = new Map<Finding, FileChange[]>();
  const schemas = schemaRegistry(options, io, resident);
  for (const p of options.paths) {
    const { root, config } = openRoot(p, options.config, io.cwd);
    // Pull-request and pre-commit modes: the graph sees the whole repository; only these files are reported (and fixed).
    const changed = options.staged ? stagedFiles(root) : options.changedSince ? changedFiles(root, options.changedSince) : undefined;
    const lintOptions = {
      config,
      rules,
      ruleOverrides: options.ruleOverrides,
      schemas,
      ...(resident ? { parses: resident.parses } : {}),
      ...(progress ? { onProgress: progress.update.bind(progress) } : {}),
    };
    let result: { findings: FindingWithFix[]; stats: LintStats; graph?: LintResult['graph'] } & Partial<LintResult>;
    if (options.fix || options.fixDryRun) {
      const started = Date.now();
      // Two --fix runs on one repository would each plan against a tree the other is changing.
      const lock = options.fixDryRun ? undefined : acquireLock(root);
      try {
        plan = planFixes(root, { ...lintOptions, fixTypes: new Set(options.fixTypes), ...(changed ? { only: (f: Finding) => changed.has(f.file) } : {}) });
        progress?.done();
        const changes = plan.changeSet.changes();
        if (options.fixDryRun) {
          if (options.format !== 'json') io.stdout(changes.length > 0 ? formatFixPlan(changes, plan.records) : 'omni-lint --fix-dry-run: nothing to fix.\n');
          result = plan.before;
        } else {
          const dirty = options.allowDirty ? [] : dirtyFiles(root, changes.map((c) => c.path));
          if (dirty.length > 0) {
            throw new UsageError(
              `--fix would change files that have uncommitted changes: ${dirty.join(', ')}. Commit or stash them first, or pass --allow-dirty.`,
            );
          }
          withSignalsHeld(() => commitChanges(root, changes));
          result = plan.after;
          if (options.format !== 'json' && changes.length > 0) io.stderr(describeApplied(plan));
        }
      } finally {
        lock?.release();
      }
      result.stats.durationMs = Date.now() - started;
      for (const s of plan.skipped) {
        if (options.format !== 'json') io.stderr(`omni-lint: could not fix ${s.ruleId} at ${s.file}:${s.line}: ${s.reason}.\n`);
      }
    } else if (options.cache && options.format !== 'sarif') {
      // SARIF needs the graph for fix previews, which a cache hit does not rebuild.
      const cacheFile = options.cacheLocation ? path.resolve(io.cwd, options.cacheLocation) : defaultCacheFile(io.cwd, root);
      // Schema catalogs decide findings too: they are part of what the cache is valid for.
      const setup = JSON.stringify([packageVersion(), options.schemaLocations.map((d) => path.resolve(io.cwd, d))]);
      result = lintWithCache(root, changed ? { ...lintOptions, changedFiles: changed } : lintOptions, cacheFile, setup);
    } else if (changed && options.format !== 'sarif') {
      // SARIF's fix previews need the whole repository's graph.
      result = lintChanged(root, { ...lintOptions, changedFiles: changed });
    } else {
      result = lintDirectory(root, lintOptions);
    }
    progress?.done();
    const prefix = options.paths.length > 1 ? `${path.relative(io.cwd, root).replace(/\\/g, '/')}/` : '';
    const query = options.format === 'sarif' && result.graph ? new GraphQuery(result.graph) : undefined;
    for (const f of result.findings) {
      if (changed && !changed.has(f.file)) continue;
      const shownFinding = prefix ? { ...f, file: prefix + f.file } : f;
      all.push(shownFinding);
      if (query && f.fix) {
        const preview = previewFix(result as LintResult, f, query);
        if (preview && !preview.moves) sarifFixes.set(shownFinding, preview.changes.map((c) => ({ ...c, path: prefix + c.path })));
      }
    }
    addStats(stats, result.stats);
  }
  const shown = options.quiet ? all.filter((f) => f.severity === 'error') : all;
  let report: string;
  switch (options.format) {
    case 'json': {
      const json: Record<string, unknown> = { ...toJsonReport(shown, stats) };
      if (plan) {
        json.fix = {
          applied: !options.fixDryRun,
          changes: plan.records.map((r) => ({ kind: r.kind, path: r.path, ...(r.to ? { to: r.to } : {}), finding: r.unit })),
          skipped: plan.skipped,
          passes: plan.passes,
        };
      }
      report = `${JSON.stringify(json, null, 2)}\n`;
      break;
    }
    case 'sarif':
      report = formatSarif(shown, rules, { version: packageVersion(), fixes: sarifFixes });
      break;
    case 'github':
      report = formatGithub(shown);
      break;
    case 'markdown':
      report = formatMarkdown(shown);
      break;
    default:
      report = formatStylish(shown, { color: options.color && !options.outputFile });
  }
  if (options.outputFile) writeFileSync(path.resolve(io.cwd, options.outputFile), report);
  else io.stdout(report);
  // ESLint's TIMING, on standard error so that JSON and SARIF on standard output stay parseable.
  const timing = timingLimit(io.env.TIMING);
  if (timing !== undefined) io.stderr(formatTiming(stats, timing));
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr(`omni-lint found too many warnings (maximum: ${options.maxWarnings}).\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/**
 * One registry for every folder linted, so each schema compiles once; --schema-location folders must
 * exist. Compiled validators are kept for the next run: beside the cache file with --cache, in the
 * user's cache folder otherwise (schemas/user-cache.ts).
 */
function schemaRegistry(options: CliOptions, io: Io, resident?: Resident): SchemaRegistry {
  const locations = options.schemaLocations.map((dir) => {
    const abs = path.resolve(io.cwd, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new UsageError(`--schema-location ${dir} is not a folder. Give a catalog laid out as {group}/{kind}_{version}.json.`);
    }
    return abs;
  });
  const cacheFile = options.cacheLocation ? path.resolve(io.cwd, options.cacheLocation) : defaultCacheFile(io.cwd, io.cwd);
  const cacheDir = options.cache ? path.join(path.dirname(cacheFile), 'schemas') : schemaCacheDir(io.env);
  const make = (): SchemaRegistry => new SchemaRegistry({ locations, ...(cacheDir !== undefined ? { cacheDir } : {}) });
  // A --schema-location catalog may change between a daemon's runs, so only the built-in schemas
  // and CRDs (compiled by content) are kept.
  if (!resident || locations.length > 0) return make();
  const key = cacheDir ?? '';
  let registry = resident.schemas.get(key);
  if (!registry) resident.schemas.set(key, (registry = make()));
  return registry;
}

/** Adds one folder's run to the totals of all folders linted. */
function addStats(into: LintStats, from: LintStats): void {
  into.files += from.files;
  into.documents += from.documents;
  into.resources += from.resources;
  into.durationMs += from.durationMs;
  for (const phase of ['load', 'graph', 'rules', 'report'] as const) into.phases[phase] += from.phases[phase];
  if (!from.ruleMs) return;
  into.ruleMs ??= {};
  for (const [id, ms] of Object.entries(from.ruleMs)) into.ruleMs[id] = (into.ruleMs[id] ?? 0) + ms;
}

function describeApplied(plan: FixPlan): string {
  const count = (k: string): number => plan.records.filter((r) => r.kind === k).length;
  const units = plan.applied;
  return `omni-lint --fix: applied ${units} fix${units === 1 ? '' : 'es'} in ${plan.passes} pass${plan.passes === 1 ? '' : 'es'} (${count('edit')} edited, ${count('create')} created, ${count('move')} moved, ${count('delete')} deleted).\n`;
}

function listRules(): string {
  const width = Math.max(...rules.map((r) => r.id.length), ...ENGINE_FINDINGS.map((m) => m.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.meta.type.padEnd(10)} ${(r.meta.recommended ? r.meta.severity : 'off').padEnd(7)}  ${r.meta.description}`);
  // Reported by the engine itself, always on: listed so that every id a report can hold is explained.
  for (const m of ENGINE_FINDINGS) lines.push(`${m.id.padEnd(width)}  ${'engine'.padEnd(10)} ${m.severity.padEnd(7)}  ${m.description}`);
  return `${lines.join('\n')}\n`;
}

export function packageVersion(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'omni-lint') return pkg.version ?? '0.0.0';
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}
