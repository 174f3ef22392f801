/**
 * One measurement in a fresh process, so that JIT state and heap of one run never leak into the
 * next: `node dist/bench/bench-run.js <floor|raw|lint> <dir>` prints one JSON line (see RunResult).
 *
 * - floor: walk the tree as the loader does (.gitignore-aware readdir) and readFileSync every file; the
 *   least that omni-lint's loader must pay.
 * - raw: a plain recursive readdirSync (no ignore files) and readFileSync of every file; the least
 *   any tool that reads the whole tree must pay.
 * - lint: lintDirectory with the default config and every rule, as the CLI runs it.
 * - cached: lintWithCache (the --cache) against a cache file given as third argument; the caller runs
 *   it once to fill the cache, then measures a warm run, and a run after changing one file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface RunResult {
  mode: 'floor' | 'raw' | 'lint' | 'cached';
  totalMs: number;
  /** floor: the part spent listing files (readdir honouring .gitignore), before reading them. */
  walkMs?: number;
  loadMs?: number;
  graphMs?: number;
  rulesMs?: number;
  reportMs?: number;
  files: number;
  bytes?: number;
  documents?: number;
  resources?: number;
  findings?: number;
  /** Peak resident set size of the process, MiB. */
  peakRssMiB: number;
}

async function floor(dir: string): Promise<RunResult> {
  const { walk } = await import('../src/load/walk.js');
  const t0 = performance.now();
  const entries = walk(dir);
  const walkMs = performance.now() - t0;
  let bytes = 0;
  for (const e of entries) {
    if (e.escapesTo) continue;
    bytes += readFileSync(path.join(dir, e.path)).length;
  }
  const totalMs = performance.now() - t0;
  return { mode: 'floor', totalMs, walkMs, files: entries.length, bytes, peakRssMiB: peakRss() };
}

function raw(dir: string): RunResult {
  const t0 = performance.now();
  let files = 0;
  let bytes = 0;
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile()) {
        files++;
        bytes += readFileSync(full).length;
      }
    }
  };
  visit(dir);
  return { mode: 'raw', totalMs: performance.now() - t0, files, bytes, peakRssMiB: peakRss() };
}

async function lint(dir: string): Promise<RunResult> {
  const [{ lintDirectory }, { defaultConfig }, { rules }, { SchemaRegistry }, { schemaCacheDir }] = await Promise.all([
    import('../src/engine/run.js'),
    import('../src/engine/config.js'),
    import('../rules/index.js'),
    import('../src/schemas/registry.js'),
    import('../src/schemas/user-cache.js'),
  ]);
  const t0 = performance.now();
  // As the CLI does: CRD validators compiled by an earlier run come from the user's cache folder.
  const cacheDir = schemaCacheDir(process.env);
  const schemas = new SchemaRegistry(cacheDir !== undefined ? { cacheDir } : {});
  const result = lintDirectory(dir, { config: defaultConfig(), rules, schemas });
  const totalMs = performance.now() - t0;
  const { stats } = result;
  return {
    mode: 'lint',
    totalMs,
    loadMs: stats.phases.load,
    graphMs: stats.phases.graph,
    rulesMs: stats.phases.rules,
    reportMs: stats.phases.report,
    files: stats.files,
    documents: stats.documents,
    resources: stats.resources,
    findings: result.findings.length,
    peakRssMiB: peakRss(),
  };
}

async function cached(dir: string, cacheFile: string): Promise<RunResult> {
  const [{ lintWithCache }, { defaultConfig }, { rules }] = await Promise.all([
    import('../src/cache/lint-cached.js'),
    import('../src/engine/config.js'),
    import('../rules/index.js'),
  ]);
  const t0 = performance.now();
  const result = lintWithCache(dir, { config: defaultConfig(), rules }, cacheFile, 'bench');
  return { mode: 'cached', totalMs: performance.now() - t0, files: result.stats.files, findings: result.findings.length, peakRssMiB: peakRss() };
}

/** maxRSS is in KiB on Linux and macOS. */
function peakRss(): number {
  return Math.max(process.resourceUsage().maxRSS / 1024, process.memoryUsage().rss / 1024 / 1024);
}

const [mode, dir, cacheFile] = process.argv.slice(2);
if ((mode !== 'floor' && mode !== 'raw' && mode !== 'lint' && mode !== 'cached') || !dir || (mode === 'cached' && !cacheFile)) {
  process.stderr.write('usage: node dist/bench/bench-run.js <floor|raw|lint> <dir> | cached <dir> <cache-file>\n');
  process.exit(2);
}
const result = mode === 'floor' ? await floor(dir) : mode === 'raw' ? raw(dir) : mode === 'lint' ? await lint(dir) : await cached(dir, cacheFile!);
process.stdout.write(`${JSON.stringify(result)}\n`);
