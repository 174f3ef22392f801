import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Config, RuleSetting } from '../engine/config.js';
import type { FindingWithFix, LintResult, LintStats } from '../engine/run.js';
import type { Finding, Rule } from '../engine/types.js';
import type { YamlFile } from '../load/types.js';
import { gitBlobId } from './scope-index.js';

/** Bump when the cache's shape or anything that decides findings changes outside the key. */
const CACHE_FORMAT = 4;
/**
 * Parses of files changed since the full parse file was written go to a small second file, so that a
 * run with a few edits does not rewrite (and serialise) every parse of the repository: that cost
 * half a second on 50k files. Past this many such files (or this share of all), the full file is
 * written again and the small one emptied.
 */
const MAX_RECENT = 20;
const MAX_RECENT_SHARE = 0.01;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  /** Git blob id of the content (what `git hash-object` prints), so the scope index can reuse it. */
  hash: string;
  parsed?: Pick<YamlFile, 'docs' | 'errors' | 'skipped' | 'template' | 'templateError'>;
}

interface CacheData {
  format: number;
  key: string;
  /** Stats and hashes only; parses live in a second file, read only when something changed. */
  files: Record<string, Omit<CachedFile, 'parsed'>>;
  findings?: Finding[];
  stats?: LintStats;
}

/** A file's parse, with what it was parsed from: the same bytes, read as a chart template or not. */
interface StoredParse {
  hash: string;
  chartTemplate: boolean;
  parsed: NonNullable<CachedFile['parsed']>;
}

type Parses = Record<string, StoredParse>;

/**
 * ESLint-style `--cache`: a file per linted folder and setup (omni-lint version, config, rule
 * overrides), holding each file's size, mtime, content hash and parsed documents, and the last run's
 * findings. A re-run where no file changed returns the stored findings after one stat per file;
 * otherwise only files whose content hash changed are parsed again. Findings depend on the whole
 * repository, so any change re-runs the rules (on cached parses).
 */
export class LintCache {
  private data: CacheData;
  /** `all`: the full parse file; `recent`: parses of files changed since it was written (MAX_RECENT). */
  private parses: { all: Parses; recent: Parses } | undefined;
  private readonly next: Record<string, CachedFile & { chartTemplate?: boolean }> = {};
  /** YAML files parsed afresh in this run (their content was not in the cache). */
  misses = 0;

  constructor(
    readonly file: string,
    readonly key: string,
  ) {
    this.data = { format: CACHE_FORMAT, key, files: {} };
    try {
      const loaded = deserialize(readFileSync(file)) as CacheData;
      if (loaded.format === CACHE_FORMAT && loaded.key === key) this.data = loaded;
    } catch {
      // no cache yet, or an unreadable one: start afresh
    }
  }

  /** The stored findings when every file (the same list) has the size and mtime it had. */
  unchanged(root: string, files: readonly string[]): { findings: Finding[]; stats: LintStats } | undefined {
    const { findings, stats } = this.data;
    if (!findings || !stats) return undefined;
    const known = this.data.files;
    if (Object.keys(known).length !== files.length) return undefined;
    for (const f of files) {
      const c = known[f];
      if (!c) return undefined;
      try {
        const st = statSync(path.join(root, f));
        if (st.size !== c.size || st.mtimeMs !== c.mtimeMs) return undefined;
      } catch {
        return undefined;
      }
    }
    return { findings, stats };
  }

  /** Parsed documents for content seen before, by hash; records the file for the next cache. */
  parsedFor(file: string, buf: Buffer, mtimeMs: number, chartTemplate: boolean): CachedFile['parsed'] | undefined {
    const hash = gitBlobId(buf);
    this.next[file] = { size: buf.length, mtimeMs, hash, chartTemplate };
    const previous = this.data.files[file];
    // Not in the last run, or changed since: no parse of it can be stored (saves reading the parses).
    if (!previous || previous.hash !== hash) {
      this.misses++;
      return undefined;
    }
    this.parses ??= { all: this.readParses('parses'), recent: this.readParses('parses-recent') };
    const stored = [this.parses.recent[file], this.parses.all[file]].find((p) => p?.hash === hash && p.chartTemplate === chartTemplate);
    if (!stored) {
      this.misses++;
      return undefined;
    }
    this.next[file]!.parsed = stored.parsed;
    return stored.parsed;
  }

  /** The blob id of a YAML file read in this run (undefined for files not read, or not YAML). */
  blobOf(file: string): string | undefined {
    return this.next[file]?.hash || undefined;
  }

  remember(file: string, parsed: YamlFile): void {
    const entry = this.next[file];
    if (entry) entry.parsed = { docs: parsed.docs, errors: parsed.errors, ...(parsed.skipped ? { skipped: parsed.skipped } : {}), ...(parsed.template ? { template: true } : {}), ...(parsed.templateError ? { templateError: parsed.templateError } : {}) };
  }

  /** Non-YAML files count too: a new .sourceignore or .gitignore changes findings. */
  touch(file: string, size: number, mtimeMs: number): void {
    this.next[file] = { size, mtimeMs, hash: '' };
  }

  save(result: LintResult): void {
    const findings: Finding[] = result.findings.map(stripFix);
    const files: CacheData['files'] = {};
    const all: Parses = {};
    const recent: Parses = {};
    const stored = this.parses?.all ?? {};
    for (const [f, { parsed, chartTemplate, ...meta }] of Object.entries(this.next)) {
      files[f] = meta;
      if (!parsed) continue;
      const entry: StoredParse = { hash: meta.hash, chartTemplate: chartTemplate === true, parsed };
      all[f] = entry;
      const known = stored[f];
      if (known?.hash !== entry.hash || known.chartTemplate !== entry.chartTemplate) recent[f] = entry;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Parses first: an index on disk always has its parses beside it. Each entry names the content it
    // was parsed from, so a parse file older than the index is never misread, only less useful.
    const keep = this.parses !== undefined && Object.keys(recent).length <= Math.max(MAX_RECENT, Object.keys(files).length * MAX_RECENT_SHARE);
    if (!keep) writeAtomically(`${this.file}.parses`, serialize(all));
    writeAtomically(`${this.file}.parses-recent`, serialize(keep ? recent : {}));
    writeAtomically(this.file, serialize({ format: CACHE_FORMAT, key: this.key, files, findings, stats: result.stats } satisfies CacheData));
  }

  private readParses(suffix: 'parses' | 'parses-recent'): Parses {
    try {
      return deserialize(readFileSync(`${this.file}.${suffix}`)) as Parses;
    } catch {
      return {};
    }
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

function stripFix(f: FindingWithFix): Finding {
  const { fix: _fix, suggest: _suggest, ...rest } = f;
  return rest;
}

/** What decides the findings besides the files: version, config, rule overrides and rule set, git HEAD. */
export function cacheKey(parts: { version: string; root: string; config: Config; overrides: Record<string, RuleSetting>; rules: readonly Rule[] }): string {
  let head = '';
  try {
    head = readFileSync(path.join(parts.root, '.git', 'HEAD'), 'utf8');
  } catch {
    // not a git checkout, or a worktree: the branch only matters through the files then
  }
  return createHash('sha1')
    .update(JSON.stringify([parts.version, path.resolve(parts.root), parts.config, parts.overrides, parts.rules.map((r) => r.id), head]))
    .digest('hex');
}

/** Default location, as ESLint: node_modules/.cache/omni-lint/ under the current folder. */
export function defaultCacheFile(cwd: string, root: string): string {
  const id = createHash('sha1').update(path.resolve(root)).digest('hex').slice(0, 16);
  return path.join(cwd, 'node_modules', '.cache', 'omni-lint', `${id}.cache`);
}
