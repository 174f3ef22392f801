import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../../rules/index.js';
import { GitError } from '../engine/changed-files.js';
import { ConfigError } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { GraphQuery } from '../graph/query.js';
import { formatGraphDot } from '../report/graph-dot.js';
import { formatGraphJson } from '../report/graph-json.js';
import { formatGraphMermaid } from '../report/graph-mermaid.js';
import { buildDeliveryGraph, CONFLICT_RULES } from '../report/graph-model.js';
import { createProgress } from '../report/progress.js';
import { UsageError } from './args.js';
import { openRoot } from './open-root.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { Io } from './main.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export const GRAPH_HELP = `Usage: omni-lint graph [options] [path]

Draws the delivery graph of a GitOps repository, so you can see what deploys what:
  Flux sources --source--> Kustomizations and HelmReleases; Kustomizations --path--> folders;
  Argo CD Applications --path--> folders, Helm charts --chart--> Applications;
  ApplicationSets --generator--> the paths they read; folders --applies--> the Kustomizations,
  HelmReleases, sources and Applications in them; Flamingo Applications --shows--> the Flux object.
Ownership conflicts (no-duplicate-helm-release, no-duplicate-resource) join the two owners with a red
edge. Missing references and paths in other repositories are drawn dashed. path defaults to the
current folder (for a folder named "graph", write ./graph).

Options:
  --format FORMAT             mermaid (default: paste into Markdown), dot (Graphviz:
                              omni-lint graph --format dot | dot -Tsvg > graph.svg) or json
  --output-file FILE          Write the graph to FILE instead of standard output
  --config FILE               Config file (default: .omni-lint.yaml in the folder)
  --no-color                  No color in the progress line
  -h, --help                  Print this help
`;

/** `omni-lint graph [path] --format mermaid|dot|json`. */
export function runGraph(argv: string[], io: Io): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          format: { type: 'string', short: 'f' },
          'output-file': { type: 'string', short: 'o' },
          config: { type: 'string', short: 'c' },
          color: { type: 'boolean' },
          'no-color': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (e) {
      throw new UsageError(`${(e as Error).message}. Run omni-lint graph --help for the options.`);
    }
    const v = parsed.values;
    if (v.help) {
      io.stdout(GRAPH_HELP);
      return EXIT_OK;
    }
    const format = v.format ?? 'mermaid';
    if (!(GRAPH_FORMATS as readonly string[]).includes(format)) throw new UsageError(`Unknown graph --format "${format}": use ${GRAPH_FORMATS.join(', ')}.`);
    if (parsed.positionals.length > 1) throw new UsageError('omni-lint graph takes one folder.');
    const p = parsed.positionals[0] ?? '.';
    const { root, config } = openRoot(p, v.config, io.cwd);
    const color = v['no-color'] ? false : v.color ? true : io.isTty && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
    const progress = createProgress(
      { write: (t) => io.stderr(t), isTTY: io.stderrIsTty ?? false },
      { env: io.env, color, outputVisible: io.isTty || v['output-file'] !== undefined },
    );
    // Only the conflict rules run, with the repository's own settings (a rule turned off draws no conflicts).
    const conflictRules = rules.filter((r) => (CONFLICT_RULES as readonly string[]).includes(r.id));
    const result = lintDirectory(root, { config, rules: conflictRules, ...(progress ? { onProgress: progress.update.bind(progress) } : {}) });
    progress?.done();
    const delivery = buildDeliveryGraph(new GraphQuery(result.graph), result.findings);
    const out = format === 'dot' ? formatGraphDot(delivery) : format === 'json' ? formatGraphJson(delivery) : formatGraphMermaid(delivery);
    if (v['output-file']) writeFileSync(path.resolve(io.cwd, v['output-file']), out);
    else io.stdout(out);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof GitError) {
      io.stderr(`omni-lint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`omni-lint crashed: ${(e as Error).stack ?? String(e)}\nThis is a bug in omni-lint; please report it.\n`);
    return EXIT_USAGE;
  }
}
