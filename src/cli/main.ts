import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { ConfigError, loadConfig } from '../engine/config.js';
import { lintDirectory, type FindingWithFix, type LintStats } from '../engine/run.js';
import { formatJson } from '../report/json.js';
import { formatStylish } from '../report/stylish.js';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
}

/** The whole CLI as a function of argv, so tests run it in-process. Returns the exit code. */
export function runCli(argv: string[], io: Io): number {
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
  try {
    return lintPaths(options, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`omni-lint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`omni-lint crashed: ${(e as Error).stack ?? String(e)}\nThis is a bug in omni-lint; please report it.\n`);
    return EXIT_USAGE;
  }
}

function lintPaths(options: CliOptions, io: Io): number {
  const all: FindingWithFix[] = [];
  const stats: LintStats = { files: 0, documents: 0, resources: 0, durationMs: 0, phases: { load: 0, graph: 0, rules: 0, report: 0 } };
  for (const p of options.paths) {
    const root = path.resolve(io.cwd, p);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${p} is not a folder. Give the root of a GitOps repository.`);
    const { config } = loadConfig(root, options.config ? path.resolve(io.cwd, options.config) : undefined);
    const result = lintDirectory(root, { config, rules, ruleOverrides: options.ruleOverrides });
    const prefix = options.paths.length > 1 ? `${path.relative(io.cwd, root).replace(/\\/g, '/')}/` : '';
    for (const f of result.findings) all.push(prefix ? { ...f, file: prefix + f.file } : f);
    stats.files += result.stats.files;
    stats.documents += result.stats.documents;
    stats.resources += result.stats.resources;
    stats.durationMs += result.stats.durationMs;
  }
  const shown = options.quiet ? all.filter((f) => f.severity === 'error') : all;
  io.stdout(options.format === 'json' ? formatJson(shown, stats) : formatStylish(shown, { color: options.color }));
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings >= 0 && warnings > options.maxWarnings) {
    io.stderr(`omni-lint found too many warnings (maximum: ${options.maxWarnings}).\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function listRules(): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(width)}  ${r.meta.type.padEnd(10)} ${(r.meta.recommended ? r.meta.severity : 'off').padEnd(7)}  ${r.meta.description}`).join('\n')}\n`;
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
