import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildGraph } from '../graph/build.js';
import { GraphQuery } from '../graph/query.js';
import type { Graph } from '../graph/types.js';
import type { ResolveOptions } from '../graph/resolve.js';
import { loadRepo } from '../load/load-repo.js';
import { PositionIndex } from '../load/locate.js';
import type { LoadOptions, ParseMemory, Repo } from '../load/types.js';
import { SchemaRegistry } from '../schemas/registry.js';
import type { Config, RuleSetting } from './config.js';
import { dedupeFindings, sortFindings } from './finding.js';
import { formatMessage } from './format-message.js';
import { fileAtCrash, INTERNAL_ERROR } from './engine-findings.js';
import { effectiveRules, type EffectiveRule } from './severity.js';
import { applySuppressions } from './suppress.js';
import type { Finding, FixFunction, Location, Report, Rule } from './types.js';
import type { SchemaProvider } from '../schemas/registry.js';

let sharedSchemas: SchemaRegistry | undefined;
/** The built-in schemas, shared by every run in this process so each is compiled once. */
function defaultSchemas(): SchemaRegistry {
  sharedSchemas ??= new SchemaRegistry();
  return sharedSchemas;
}

export interface LintOptions {
  config: Config;
  rules: readonly Rule[];
  /** `--rule id:severity` overrides. */
  ruleOverrides?: Record<string, RuleSetting>;
  /** Schemas for schema-valid (--schema-location catalogs); the built-in ones when absent. Reuse one across runs to compile once. */
  schemas?: SchemaRegistry;
  /**
   * Pull-request mode: only findings in these files are wanted. Rules then run only on the files
   * that bear on them (src/engine/lint-changed.ts); with the --cache's index, only those files are
   * even read (src/cache/lint-cached.ts).
   */
  changedFiles?: ReadonlySet<string>;
  /** Parses kept from earlier runs in this process (the daemon's); reused only for identical bytes. */
  parses?: ParseMemory;
  /** Told where the run is (files read, graph, rules run), for a progress line; called often, so keep it cheap. */
  onProgress?: (event: LintProgress) => void;
}

export type LintProgress =
  | { phase: 'read'; done: number; total: number }
  | { phase: 'graph' }
  | { phase: 'rules'; done: number; total: number; rule?: string };

export interface PhaseTimes {
  load: number;
  graph: number;
  rules: number;
  report: number;
}

export interface LintStats {
  files: number;
  documents: number;
  resources: number;
  durationMs: number;
  phases: PhaseTimes;
  /** Milliseconds each rule's check took, by rule id; absent when no rule ran (a --cache hit). */
  ruleMs?: Record<string, number>;
}

/** A finding plus the fix data the fix engine needs; `fix` is never serialised. */
export interface FindingWithFix extends Finding {
  fix?: FixFunction;
  suggest?: FixFunction;
}

export interface LintResult {
  findings: FindingWithFix[];
  stats: LintStats;
  graph: Graph;
  positions: PositionIndex;
}

/** Loads a tree, builds its graph and runs every enabled rule over it. */
export function lintDirectory(root: string, options: LintOptions): LintResult {
  const t0 = performance.now();
  const repo = loadForLint(root, options);
  const t1 = performance.now();
  const result = lintRepo(repo, options);
  result.stats.phases.load = t1 - t0;
  result.stats.durationMs = performance.now() - t0;
  return result;
}

/** Reads the tree as a lint does: the config's ignore globs and limits, progress reported as files are read. */
export function loadForLint(root: string, options: LintOptions, entries?: LoadOptions['entries']): Repo {
  const progress = options.onProgress;
  const cache = options.parses?.forRepo(path.resolve(root), options.config.limits);
  return loadRepo(root, {
    ignore: options.config.ignore,
    ...options.config.limits,
    ...(cache ? { cache } : {}),
    ...(entries ? { entries } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => progress({ phase: 'read', done, total }) } : {}),
  });
}

/** Documents read in the repository, for the stats. */
export function countDocuments(repo: Repo): number {
  let documents = 0;
  for (const f of repo.yaml.values()) documents += f.docs.length;
  return documents;
}

/** Builds the repository's graph (unless given `graph`, built from `repo` with these options) and runs every enabled rule over it. */
export function lintRepo(repo: Repo, options: LintOptions, graph?: Graph): LintResult {
  const t1 = performance.now();
  const { config } = options;
  if (!graph) {
    options.onProgress?.({ phase: 'graph' });
    graph = buildGraph(repo, resolveOptions(config));
  }
  const query = new GraphQuery(graph);
  const t2 = performance.now();
  const positions = new PositionIndex((file) => repo.yaml.get(file)?.text);
  const layoutApplies = repo.dirs.has('applications') && repo.dirs.has('flux');
  const enabled = effectiveRules(options.rules, config, options.ruleOverrides, layoutApplies);
  const findings: FindingWithFix[] = [];
  const schemas = (options.schemas ?? defaultSchemas()).forRepo(graph.resources);
  const ruleMs: Record<string, number> = {};
  enabled.forEach((eff, i) => {
    options.onProgress?.({ phase: 'rules', done: i, total: enabled.length, rule: eff.rule.id });
    const started = performance.now();
    runRule(eff, graph, query, config, positions, findings, schemas);
    ruleMs[eff.rule.id] = performance.now() - started;
  });
  const t3 = performance.now();
  const final = sortFindings(dedupeFindings(applySuppressions(findings, repo, new Set(options.rules.map((r) => r.id)))));
  const t4 = performance.now();
  return {
    findings: final,
    graph,
    positions,
    stats: {
      files: repo.yaml.size,
      documents: countDocuments(repo),
      resources: graph.resources.length,
      durationMs: t4 - t1,
      phases: { load: 0, graph: t2 - t1, rules: t3 - t2, report: t4 - t3 },
      ruleMs,
    },
  };
}

/** How the graph settles references under this config. */
export function resolveOptions(config: Config): ResolveOptions {
  return {
    repoUrls: config.repository.urls,
    ...(config.repository.branch ? { branch: config.repository.branch } : {}),
    externalResources: config.externalResources,
  };
}

function runRule(
  eff: EffectiveRule,
  graph: Graph,
  query: GraphQuery,
  config: Config,
  positions: PositionIndex,
  out: FindingWithFix[],
  schemas: SchemaProvider,
): void {
  const { rule } = eff;
  let current: Location | undefined;
  const context = {
    graph,
    query,
    config,
    schemas,
    options: eff.options,
    report(report: Report<string>) {
      current = report.at;
      out.push(toFinding(rule, eff, report, positions));
    },
  };
  try {
    rule.check(context);
  } catch (e) {
    // One broken rule must not hide the others' findings. Name the file it was checking: the one a
    // second, watched run stops at, else the one it last reported in.
    const probed = fileAtCrash((g, q) => rule.check({ ...context, graph: g, query: q, report() {} }), graph, query);
    const file = probed ?? (current ? locationFile(current) : '');
    const why = (e instanceof Error ? e.message : String(e)).replace(/[.\s]+$/, '');
    out.push({
      ruleId: INTERNAL_ERROR,
      messageId: 'crash',
      severity: 'error',
      message: `Rule ${rule.id} crashed${file ? ` while checking ${file}` : ''}: ${why}. Its other findings are missing; this is a bug in omni-lint, please report it${file ? ' with this file' : ''}.`,
      file,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      fixable: false,
    });
  }
}

function locationFile(at: Location): string {
  return 'resource' in at ? at.resource.file : at.file;
}

function toFinding(rule: Rule, eff: EffectiveRule, report: Report<string>, positions: PositionIndex): FindingWithFix {
  const template = (rule.meta.messages as Record<string, string>)[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId "${report.messageId}"`);
  const message = formatMessage(template, report.data);
  const at = report.at;
  let file: string;
  let doc: number | undefined;
  let path = at.path;
  let pos;
  if ('resource' in at) {
    file = at.resource.file;
    doc = at.resource.doc;
    pos = positions.locate(file, doc, at.path ?? ['kind'], at.key);
    path ??= ['kind'];
  } else {
    file = at.file;
    doc = at.doc;
    if (at.line !== undefined) {
      const col = at.column ?? 1;
      pos = { line: at.line, column: col, endLine: at.line, endColumn: col };
    } else if (doc !== undefined) pos = positions.locate(file, doc, at.path ?? [], at.key);
    else pos = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  }
  const finding: FindingWithFix = {
    ruleId: rule.id,
    messageId: report.messageId,
    severity: report.severity ?? eff.severity,
    message,
    file,
    ...pos,
    fixable: report.fix !== undefined,
  };
  if (path) finding.path = path;
  if (doc !== undefined) finding.doc = doc;
  if (report.fix) finding.fix = report.fix;
  if (report.suggest) finding.suggest = report.suggest;
  return finding;
}
