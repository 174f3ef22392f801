import { parseArgs } from 'node:util';
import type { RuleSetting } from '../engine/config.js';

export type OutputFormat = 'stylish' | 'json' | 'sarif' | 'github' | 'markdown';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif', 'github', 'markdown'];
export type FixType = 'problem' | 'layout' | 'suggestion';

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  outputFile?: string;
  changedSince?: string;
  /** Report only findings in files staged in git (pre-commit). */
  staged: boolean;
  config?: string;
  /** --schema-location catalogs, in the order given. */
  schemaLocations: string[];
  ruleOverrides: Record<string, RuleSetting>;
  quiet: boolean;
  maxWarnings: number;
  listRules: boolean;
  version: boolean;
  help: boolean;
  color: boolean;
  fix: boolean;
  fixDryRun: boolean;
  fixTypes: FixType[];
  allowDirty: boolean;
  cache: boolean;
  cacheLocation?: string;
}

export class UsageError extends Error {}

export const HELP = `Usage: omni-lint [options] [path]

Lints a GitOps repository where Flux CD and Argo CD work side by side: broken references,
duplicate owners, misplaced files. Runs offline. path defaults to the current folder.

Options:
  --format FORMAT             stylish (default), json, sarif (SARIF 2.1.0), github (workflow
                              annotations) or markdown (a summary table for a PR or job summary)
  --output-file FILE          Write the report to FILE instead of standard output
  --changed-since REF         Report only findings in files changed since the git REF (plus
                              untracked files); the graph is still built from the whole repository
  --staged                    Report only findings in files staged in git (git diff --cached), as
                              the pre-commit hooks do; with --fix, fix only those findings
  --config FILE               Config file (default: .omni-lint.yaml in the linted folder)
  --rule ID:SEVERITY          Set a rule to off, info, warn or error; repeatable
  --schema-location DIR       A JSON Schema catalog laid out as {group}/{kind}_{version}.json
                              (kubeconform and flux-schema layout; core group "core") for
                              schema-valid; repeatable, tried in order after the repository's CRDs
  --quiet                     Report errors only
  --max-warnings N            Exit 1 when there are more than N warnings (default: -1, no limit)
  --fix                       Apply fixes (problem and layout by default), then report what remains
  --fix-dry-run               Print the diff, moves and creations --fix would make; change nothing
  --fix-type TYPES            Fix only these types, comma-separated: problem,layout,suggestion
                              (suggestion fixes change what is deployed, e.g. delete a duplicate owner)
  --allow-dirty               Let --fix touch files that have uncommitted changes in git
  --flamingo                  Turn on flamingo-app-exists: every Flux Kustomization and HelmRelease
                              gets a Flamingo Application (written by --fix)
  --cache                     Reuse the last run's results and parses for unchanged files
                              (stored in node_modules/.cache/omni-lint/)
  --cache-location PATH       Where the cache file goes (implies --cache)
  --daemon                    Run through a resident server that stays warm between runs (started on
                              first use; same output, a fraction of the time on repeated runs).
                              Also OMNI_LINT_DAEMON=1. omni-lint daemon --help for more
  --list-rules                List every rule with its type, default severity and description
  --no-color                  Plain output (also when NO_COLOR is set or output is not a terminal)
  -v, --version               Print the version
  -h, --help                  Print this help

Commands:
  omni-lint graph [path] [--format mermaid|dot|json] [--output-file FILE] [--config FILE]
                              Draw what deploys what: Flux sources, Kustomizations, HelmReleases and
                              Argo CD Applications with the folders they deploy, Flamingo links, and
                              ownership conflicts in red (omni-lint graph --help for more)
  omni-lint daemon start|stop|restart|status
                              Manage the resident server that --daemon runs through

On a terminal, long runs show progress on standard error (never in CI or when output is piped).

Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 usage error or crash.
`;

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, isTty = false): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'output-file': { type: 'string', short: 'o' },
        'changed-since': { type: 'string' },
        staged: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'schema-location': { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'list-rules': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        color: { type: 'boolean' },
        fix: { type: 'boolean' },
        flamingo: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        'fix-type': { type: 'string' },
        'allow-dirty': { type: 'boolean' },
        cache: { type: 'boolean' },
        daemon: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. Run omni-lint --help for the options.`);
  }
  const v = parsed.values;
  const format = (v.format ?? 'stylish') as string;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`Unknown --format "${format}": use ${OUTPUT_FORMATS.join(', ')}.`);
  const ruleOverrides: Record<string, RuleSetting> = {};
  for (const spec of v.rule ?? []) {
    const m = /^([a-z0-9-]+):(off|info|warn|warning|error)$/.exec(spec);
    if (!m) throw new UsageError(`Bad --rule "${spec}": write it as RULE-ID:off|info|warn|error, e.g. --rule layout-kind-folder:off.`);
    ruleOverrides[m[1]!] = (m[2] === 'warn' ? 'warning' : m[2]) as RuleSetting;
  }
  if (v.flamingo && ruleOverrides['flamingo-app-exists'] === undefined) ruleOverrides['flamingo-app-exists'] = 'warning';
  let maxWarnings = -1;
  if (v['max-warnings'] !== undefined) {
    maxWarnings = Number(v['max-warnings']);
    if (!Number.isInteger(maxWarnings)) throw new UsageError(`--max-warnings takes a whole number, not "${v['max-warnings']}".`);
  }
  if (v.staged && v['changed-since']) throw new UsageError('--staged and --changed-since cannot be combined: pick one.');
  const fixTypes: FixType[] = [];
  for (const t of (v['fix-type'] ?? 'problem,layout').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (t !== 'problem' && t !== 'layout' && t !== 'suggestion') throw new UsageError(`Unknown --fix-type "${t}": use problem, layout or suggestion.`);
    fixTypes.push(t);
  }
  const color = v['no-color'] ? false : v.color ? true : isTty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format: format as OutputFormat,
    ...(v.config ? { config: v.config } : {}),
    ...(v['output-file'] ? { outputFile: v['output-file'] } : {}),
    ...(v['changed-since'] ? { changedSince: v['changed-since'] } : {}),
    staged: v.staged ?? false,
    schemaLocations: v['schema-location'] ?? [],
    ruleOverrides,
    quiet: v.quiet ?? false,
    maxWarnings,
    listRules: v['list-rules'] ?? false,
    version: v.version ?? false,
    help: v.help ?? false,
    color,
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    fixTypes,
    allowDirty: v['allow-dirty'] ?? false,
    cache: (v.cache ?? false) || v['cache-location'] !== undefined,
    ...(v['cache-location'] ? { cacheLocation: v['cache-location'] } : {}),
  };
}
