/**
 * `npm run bench [-- <files>... [--runs N] [--cpu-prof] [--keep] [--baseline DIR] [--node PATH]]`
 *
 * For each size (default 1000 and 10000 files) generates a synthetic hybrid Flux + Argo CD repo
 * (bench/generate-repo.ts) in a temp folder, then measures, each run in a fresh node process
 * (bench-run.ts), the read floor (the loader's walk + readFileSync of every file), a raw read
 * (plain readdirSync, no ignore files) and a full lint with every rule. Prints the medians of N runs (default 3) and the lint's ratio to the floor.
 * Whole-process CLI runs too: plain, `--cache` warm, `--cache` after one edit, and pull-request mode
 * (`--changed-since HEAD` with one changed file, after a `--cache` run on the base commit left its
 * index; needs git), and `--daemon` through a server after its first run and idle warm-up (nothing changed, then one file edited),
 * with the server's memory.
 * `--baseline DIR` times another built checkout of omni-lint (its bin/omni-lint.js) on the same
 * repositories in the same runs, interleaved with ours: before and after, same machine, same load.
 * `--cpu-prof` adds one profiled lint of the largest size and prints its top self-time functions.
 * `--node PATH` runs every measured process with another node binary (e.g. Node 24 from npm's `node@24`).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './bench-run.js';
import { generateRepo } from './generate-repo.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const runner = path.join(here, 'bench-run.js');
/** The CLI as users run it, for whole-process timings. */
const cli = path.join(here, '..', '..', 'bin', 'omni-lint.js');

interface Args {
  sizes: number[];
  runs: number;
  cpuProf: boolean;
  keep: boolean;
  /** Another omni-lint checkout (built) to time alongside. */
  baseline?: string;
  /** The node binary of the measured processes. */
  node: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [], runs: 3, cpuProf: false, keep: false, node: process.execPath };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--cpu-prof') args.cpuProf = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--runs') args.runs = positive(argv[++i], '--runs');
    else if (a === '--baseline') args.baseline = path.resolve(argv[++i] ?? '.');
    else if (a === '--node') args.node = path.resolve(argv[++i] ?? process.execPath);
    else args.sizes.push(positive(a, 'size'));
  }
  if (args.sizes.length === 0) args.sizes = [1000, 10000];
  return args;
}

function positive(v: string | undefined, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: ${what} must be a positive integer, got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

function run(mode: 'floor' | 'raw' | 'lint' | 'cached', dir: string, nodeArgs: string[] = [], extra: string[] = []): RunResult {
  const child = spawnSync(args.node, [...nodeArgs, runner, mode, dir, ...extra], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`bench-run ${mode} ${dir} failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as RunResult;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Row {
  size: number;
  files: number;
  mb: number;
  documents: number;
  resources: number;
  findings: number;
  floorMs: number;
  floorWalkMs: number;
  rawMs: number;
  loadMs: number;
  graphMs: number;
  rulesMs: number;
  totalMs: number;
  peakRssMiB: number;
  floorRssMiB: number;
  /** Whole process, as a user waits for `npx omni-lint` (startup included). */
  cliMs: number;
  /** --cache, nothing changed. */
  warmMs: number;
  /** Whole process, --cache, nothing changed. */
  cliWarmMs: number;
  /** Whole process, --cache, one file edited since the last --cache run. */
  cliChangedMs: number;
  /** Whole process, --changed-since HEAD --cache, one file changed; NaN without git. */
  prMs: number;
  /** YAML files the pull-request run read. */
  prFiles: number;
  /** Whole process, --changed-since HEAD without the cache, one file changed; NaN without git. */
  prNoCacheMs: number;
  /** Whole process, --daemon, its server warm (it served a run before): nothing changed, and one file edited since. */
  daemonMs: number;
  daemonChangedMs: number;
  /** The server's memory after the runs. */
  daemonRssMiB: number;
  /** The --baseline checkout's CLI, whole process: plain, --cache after one edit, and its pull-request run (no cache); NaN without one. */
  baselineCliMs: number;
  baselineChangedMs: number;
  baselinePrMs: number;
}

const hasGit = spawnSync('git', ['--version']).status === 0;

function git(dir: string, ...args: string[]): void {
  spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
}

/** Milliseconds a whole CLI process takes, and its JSON report. */
function timeCli(bin: string, cliArgs: string[], env?: NodeJS.ProcessEnv): { ms: number; files: number } {
  const t = performance.now();
  const child = spawnSync(args.node, [bin, ...cliArgs, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...(env ? { env } : {}) });
  const ms = performance.now() - t;
  let files = NaN;
  try {
    files = (JSON.parse(child.stdout) as { stats: { files: number } }).stats.files;
  } catch {
    throw new Error(`${bin} ${cliArgs.join(' ')} printed no report (${child.status}): ${child.stderr}`);
  }
  return { ms, files };
}

function measure(size: number, runs: number, keep: boolean, baseline?: string): { row: Row; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `omni-lint-bench-${size}-`));
  const generated = generateRepo(dir, { files: size, seed: 1 });
  // Flush the freshly written files first, so write-back does not run during the measurements.
  spawnSync('sync', { stdio: 'ignore' });
  const floors: RunResult[] = [];
  const raws: RunResult[] = [];
  const lints: RunResult[] = [];
  const clis: number[] = [];
  const warms: RunResult[] = [];
  const cacheFile = path.join(dir, '..', `${path.basename(dir)}.cache`);
  const touched = path.join(dir, 'flux', 'configs', 'kustomization.yaml');
  const cliCache = path.join(dir, '..', `${path.basename(dir)}.cli-cache`);
  const cliWarms: number[] = [];
  const cliChanged: number[] = [];
  const baseCache = path.join(dir, '..', `${path.basename(dir)}.base-cache`);
  const baseChanged: number[] = [];
  const prs: { ms: number; files: number }[] = [];
  const prsNoCache: number[] = [];
  const baseClis: number[] = [];
  const basePrs: number[] = [];
  // The pull request: one Flux Kustomization edited.
  const prFile = path.join('flux', 'kustomizations', readdirSync(path.join(dir, 'flux', 'kustomizations')).filter((f) => f !== 'kustomization.yaml').sort()[0]!);
  // The daemon's server, in a socket folder of its own, started (and warmed) by one unmeasured run.
  const daemonDir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-bench-daemon-'));
  const daemonEnv = { ...process.env, OMNI_LINT_DAEMON_DIR: daemonDir };
  const daemons: number[] = [];
  const daemonChanged: number[] = [];
  timeCli(cli, [dir, '--daemon'], daemonEnv);
  // As between two commits: the server's idle warm-up (src/daemon/server.ts) has run.
  for (let waited = 0; waited < 60_000; waited += 250) {
    const status = spawnSync(args.node, [cli, 'daemon', 'status'], { env: daemonEnv, encoding: 'utf8' }).stdout;
    if (/, 3 warm-ups,/.test(status)) break;
    spawnSync('sleep', ['0.25']);
  }
  if (hasGit) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
  }
  for (let i = 0; i < runs; i++) {
    if (baseline) baseClis.push(timeCli(path.join(baseline, 'bin', 'omni-lint.js'), [dir]).ms);
    rmSync(cliCache, { force: true });
    timeCli(cli, [dir, '--cache', '--cache-location', cliCache]);
    cliWarms.push(timeCli(cli, [dir, '--cache', '--cache-location', cliCache]).ms);
    // The edit loop: one file edited since the last --cache run (ours, then the baseline's on its own cache).
    if (baseline) timeCli(path.join(baseline, 'bin', 'omni-lint.js'), [dir, '--cache', '--cache-location', baseCache]);
    appendFileSync(touched, `# edited before CLI run ${i}\n`);
    cliChanged.push(timeCli(cli, [dir, '--cache', '--cache-location', cliCache]).ms);
    if (baseline) baseChanged.push(timeCli(path.join(baseline, 'bin', 'omni-lint.js'), [dir, '--cache', '--cache-location', baseCache]).ms);
    if (hasGit) git(dir, 'checkout', '-q', '--', path.relative(dir, touched));
    daemons.push(timeCli(cli, [dir, '--daemon'], daemonEnv).ms);
    appendFileSync(touched, `# edited before daemon run ${i}\n`);
    daemonChanged.push(timeCli(cli, [dir, '--daemon'], daemonEnv).ms);
    if (hasGit) git(dir, 'checkout', '-q', '--', path.relative(dir, touched));
    if (hasGit) {
      appendFileSync(path.join(dir, prFile), '# changed by the pull request\n');
      prs.push(timeCli(cli, [dir, '--cache', '--cache-location', cliCache, '--changed-since', 'HEAD']));
      prsNoCache.push(timeCli(cli, [dir, '--changed-since', 'HEAD']).ms);
      if (baseline) basePrs.push(timeCli(path.join(baseline, 'bin', 'omni-lint.js'), [dir, '--changed-since', 'HEAD']).ms);
      git(dir, 'checkout', '-q', '--', prFile);
    }
    floors.push(run('floor', dir));
    raws.push(run('raw', dir));
    lints.push(run('lint', dir));
    clis.push(timeCli(cli, [dir]).ms);
    rmSync(cacheFile, { force: true });
    run('cached', dir, [], [cacheFile]);
    warms.push(run('cached', dir, [], [cacheFile]));
    process.stderr.write(`  ${size} files: run ${i + 1}/${runs} done\n`);
  }
  const status = spawnSync(args.node, [cli, 'daemon', 'status'], { env: daemonEnv, encoding: 'utf8' }).stdout;
  const daemonRssMiB = Number(/, (\d+) MiB;/.exec(status)?.[1] ?? NaN);
  spawnSync(args.node, [cli, 'daemon', 'stop'], { env: daemonEnv });
  rmSync(daemonDir, { recursive: true, force: true });
  for (const f of [cacheFile, cliCache, baseCache]) for (const suffix of ['', '.parses', '.parses-recent', '.scope']) rmSync(`${f}${suffix}`, { force: true });
  const m = (list: RunResult[], key: keyof RunResult): number => median(list.map((r) => Number(r[key] ?? 0)));
  const row: Row = {
    size,
    files: generated.files,
    mb: generated.bytes / 1024 / 1024,
    documents: lints[0]!.documents ?? 0,
    resources: lints[0]!.resources ?? 0,
    findings: lints[0]!.findings ?? 0,
    floorMs: m(floors, 'totalMs'),
    floorWalkMs: m(floors, 'walkMs'),
    rawMs: m(raws, 'totalMs'),
    loadMs: m(lints, 'loadMs'),
    graphMs: m(lints, 'graphMs'),
    rulesMs: m(lints, 'rulesMs'),
    totalMs: m(lints, 'totalMs'),
    peakRssMiB: m(lints, 'peakRssMiB'),
    floorRssMiB: m(floors, 'peakRssMiB'),
    cliMs: median(clis),
    warmMs: m(warms, 'totalMs'),
    cliWarmMs: median(cliWarms),
    cliChangedMs: median(cliChanged),
    prMs: prs.length > 0 ? median(prs.map((p) => p.ms)) : NaN,
    prFiles: prs[0]?.files ?? NaN,
    prNoCacheMs: prsNoCache.length > 0 ? median(prsNoCache) : NaN,
    daemonMs: median(daemons),
    daemonChangedMs: median(daemonChanged),
    daemonRssMiB,
    baselineCliMs: baseClis.length > 0 ? median(baseClis) : NaN,
    baselineChangedMs: baseChanged.length > 0 ? median(baseChanged) : NaN,
    baselinePrMs: basePrs.length > 0 ? median(basePrs) : NaN,
  };
  if (!keep) rmSync(dir, { recursive: true, force: true });
  return { row, dir };
}

function table(rows: Row[]): string {
  const withBaseline = rows.some((r) => !Number.isNaN(r.baselineCliMs));
  const header = ['files', 'MB', 'documents', 'resources', 'findings', 'raw read ms', 'read floor ms', 'load ms', 'graph ms', 'rules ms', 'total ms', 'peak RSS MiB', 'x floor', 'CLI ms', 'CLI --cache warm ms', 'CLI --cache 1 edit ms', 'PR ms (files read)', 'PR no cache ms', 'CLI --daemon ms', 'CLI --daemon 1 edit ms', 'daemon RSS MiB', ...(withBaseline ? ['baseline CLI ms', 'baseline --cache 1 edit ms', 'baseline PR ms'] : [])];
  const ms = (v: number): string => (Number.isNaN(v) ? '-' : v.toFixed(0));
  const body = rows.map((r) => [
    String(r.files),
    r.mb.toFixed(1),
    String(r.documents),
    String(r.resources),
    String(r.findings),
    r.rawMs.toFixed(0),
    r.floorMs.toFixed(0),
    r.loadMs.toFixed(0),
    r.graphMs.toFixed(0),
    r.rulesMs.toFixed(0),
    r.totalMs.toFixed(0),
    r.peakRssMiB.toFixed(0),
    (r.totalMs / r.floorMs).toFixed(1),
    r.cliMs.toFixed(0),
    ms(r.cliWarmMs),
    ms(r.cliChangedMs),
    Number.isNaN(r.prMs) ? '-' : `${r.prMs.toFixed(0)} (${r.prFiles})`,
    ms(r.prNoCacheMs),
    ms(r.daemonMs),
    ms(r.daemonChangedMs),
    ms(r.daemonRssMiB),
    ...(withBaseline ? [ms(r.baselineCliMs), ms(r.baselineChangedMs), ms(r.baselinePrMs)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function of a .cpuprofile, top `n`, as a table. */
function topSelfTime(file: string, n: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0; // a sample lasts until the next one
    const frame = byId.get(profile.samples[i]!)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'}\t${where}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  const row = (label: string, us: number): string => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${label}`;
  const lines = top.map(([key, us]) => row(key.replace('\t', '  '), us));
  const byArea = new Map<string, number>();
  for (const [key, us] of self) {
    const area = areaOf(key.split('\t')[1]!, key.split('\t')[0]!);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const areas = [...byArea.entries()].sort((a, b) => b[1] - a[1]).map(([area, us]) => row(area, us));
  return [`profiled ${(total / 1000).toFixed(0)} ms of samples; self time, top ${n} functions:`, ...lines, 'self time by package or folder:', ...areas].join('\n');
}

/** Which package, omni-lint folder or runtime part a function belongs to. */
function areaOf(where: string, fn: string): string {
  if (where === '') return fn.startsWith('(') ? fn : 'native (fs syscalls, V8 builtins)';
  if (where.startsWith('node:')) return 'node: core modules';
  const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(where);
  if (m && !where.startsWith('src/') && !where.startsWith('rules/') && !where.startsWith('bench/')) return m[1]!;
  const parts = where.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : `${parts[0]}/`;
}

function shortUrl(url: string): string {
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + '/node_modules/'.length);
  const dist = p.lastIndexOf('/dist/');
  return dist >= 0 ? p.slice(dist + '/dist/'.length) : p;
}

const args = parseArgs(process.argv.slice(2));
const cpus = os.cpus();
const nodeVersion = args.node === process.execPath ? process.version : spawnSync(args.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${nodeVersion}`);
console.log(`each number: median of ${args.runs} runs, each run a fresh node process; files were just written, so reads hit the page cache\n`);
const rows: Row[] = [];
const dirs: string[] = [];
for (const size of args.sizes) {
  const { row, dir } = measure(size, args.runs, args.keep || args.cpuProf, args.baseline);
  rows.push(row);
  dirs.push(dir);
}
console.log(table(rows));
console.log('\nraw read: readdirSync + readFileSync of every file, no ignore files; read floor: the loader\'s walk (.gitignore-aware readdir) + readFileSync (of which the walk: ' + rows.map((r) => `${r.floorWalkMs.toFixed(0)} ms`).join(', ') +
  '); x floor: total ms / read floor ms; peak RSS: the lint process (floor process: ' + rows.map((r) => `${r.floorRssMiB.toFixed(0)} MiB`).join(', ') + ')' +
  '; PR: --changed-since HEAD --cache with one Flux Kustomization edited, after a --cache run on the base commit; PR no cache: the same without --cache; --daemon: through a server that served one run and warmed up (every file still read; parses reused for unchanged bytes), nothing changed / one file edited; daemon RSS: the server after the runs' + (hasGit ? '' : ' (git is not installed: not measured)') +
  (args.baseline ? `; baseline: ${args.baseline}, its PR run without --cache` : ''));
if (args.cpuProf) {
  const dir = dirs[dirs.length - 1]!;
  const profDir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-prof-'));
  run('lint', dir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  console.log(`\n--cpu-prof, lint of ${args.sizes[args.sizes.length - 1]} files (${path.join(profDir, file ?? '?')}):`);
  if (file) console.log(topSelfTime(path.join(profDir, file), 10));
}
if (!args.keep) for (const d of dirs) rmSync(d, { recursive: true, force: true });
else console.log(`\nkept: ${dirs.join(' ')}`);
