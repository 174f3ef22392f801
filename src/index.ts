/** omni-lint's public API. */
export { lintDirectory, lintRepo, type LintOptions, type LintResult, type LintStats, type FindingWithFix } from './engine/run.js';
export { loadConfig, mergeConfig, defaultConfig, type Config } from './engine/config.js';
export { defineRule } from './engine/define-rule.js';
export type { Finding, Rule, RuleMeta, RuleContext, Report, Severity } from './engine/types.js';
export { loadRepo } from './load/load-repo.js';
export { buildGraph } from './graph/build.js';
export { GraphQuery } from './graph/query.js';
export type { Graph, Resource, Edge, EdgeKind, EdgeStatus } from './graph/types.js';
export { rules } from '../rules/index.js';
