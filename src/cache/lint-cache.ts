import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Config, RuleSetting } from '../engine/config.js';
import type { FindingWithFix, LintResult, LintStats } from '../engine/run.js';
import { hasDirectives } from '../engine/suppress.js';
import type { Finding, Rule } from '../engine/types.js';
import type { TrustedParse, YamlFile } from '../load/types.js';
import { gitBlobId } from './scope-index.js';

/** Bump when the cache's shape or anything that decides findings changes outside the key. */
const CACHE_FORMAT = 5;
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
  /** Whether the text holds `omni-lint-disable`: a run that reuses the parse without reading the file still knows. */
  directives: boolean;
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
  /** Files are hashed with their mtime kept, and their bytes kept for the next run. */
  readonly needsMtime = true;
  private data: CacheData;
  /** `all`: the full parse file; `recent`: parses of files changed since it was written (MAX_RECENT). */
  private parses: { all: Parses; recent: Parses } | undefined;
  private readonly next: Record<string, CachedFile & { chartTemplate?: boolean; directives?: boolean }> = {};
  /** Size and mtime of each file of this run, from `unchanged`'s one stat per file. */
  private readonly stats = new Map<string, { size: number; mtimeMs: number }>();
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

  /**
   * The stored findings when every file (the same list) has the size and mtime it had. Stats every
   * file either way: a run that goes on to lint reuses the stats (see `trusted`) instead of reading
   * the files that have not changed.
   */
  unchanged(root: string, files: readonly string[]): { findings: Finding[]; stats: LintStats } | undefined {
    const known = this.data.files;
    let same = Object.keys(known).length === files.length;
    for (const f of files) {
      try {
        const st = statSync(path.join(root, f));
        this.stats.set(f, { size: st.size, mtimeMs: st.mtimeMs });
        const c = known[f];
        if (!c || st.size !== c.size || st.mtimeMs !== c.mtimeMs) same = false;
      } catch {
        same = false;
      }
    }
    const { findings, stats } = this.data;
    return same && findings && stats ? { findings, stats } : undefined;
  }

  /** This run's size and mtime of `file`, when `unchanged` could stat it. */
  statOf(file: string): { size: number; mtimeMs: number } | undefined {
    return this.stats.get(file);
  }

  /**
   * The stored parse of a file whose size and mtime are the ones stored with it, as ESLint's cache
   * trusts them: the file is not read. Its text is read later only if something asks for it.
   */
  trusted(file: string, chartTemplate: boolean): TrustedParse | undefined {
    const now = this.stats.get(file);
    const previous = this.data.files[file];
    if (!now || !previous?.hash || now.size !== previous.size || now.mtimeMs !== previous.mtimeMs) return undefined;
    const stored = this.storedParse(file, previous.hash, chartTemplate);
    if (!stored) return undefined;
    this.next[file] = { size: now.size, mtimeMs: now.mtimeMs, hash: previous.hash, chartTemplate, parsed: stored.parsed, directives: stored.directives };
    return stored;
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
    const stored = this.storedParse(file, hash, chartTemplate);
    if (!stored) {
      this.misses++;
      return undefined;
    }
    this.next[file]!.parsed = stored.parsed;
    this.next[file]!.directives = stored.directives;
    return stored.parsed;
  }

  /** The blob id of a YAML file read in this run (undefined for files not read, or not YAML). */
  blobOf(file: string): string | undefined {
    return this.next[file]?.hash || undefined;
  }

  remember(file: string, parsed: YamlFile): void {
    const entry = this.next[file];
    if (!entry) return;
    entry.parsed = { docs: parsed.docs, errors: parsed.errors, ...(parsed.skipped ? { skipped: parsed.skipped } : {}), ...(parsed.template ? { template: true } : {}), ...(parsed.templateError ? { templateError: parsed.templateError } : {}) };
    entry.directives = hasDirectives(parsed.text);
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
    for (const [f, { parsed, chartTemplate, directives, ...meta }] of Object.entries(this.next)) {
      files[f] = meta;
      if (!parsed) continue;
      const entry: StoredParse = { hash: meta.hash, chartTemplate: chartTemplate === true, parsed, directives: directives === true };
      all[f] = entry;
      const known = stored[f];
      if (known?.hash !== entry.hash || known.chartTemplate !== entry.chartTemplate) recent[f] = entry;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Parses first: an index on disk always has its parses beside it. Each entry names the content it
    // was parsed from, so a parse file older than the index is never misread, only less useful.
    const keep = this.parses !== undefined && Object.keys(recent).length <= Math.max(MAX_RECENT, Object.keys(files).length * MAX_RECENT_SHARE);
    if (!keep) writeAtomically(`${this.file}.parses`, encodeParses(all));
    writeAtomically(`${this.file}.parses-recent`, encodeParses(keep ? recent : {}));
    writeAtomically(this.file, serialize({ format: CACHE_FORMAT, key: this.key, files, findings, stats: result.stats } satisfies CacheData));
  }

  /** The stored parse of this content of `file`, read as a chart template or not. */
  private storedParse(file: string, hash: string, chartTemplate: boolean): StoredParse | undefined {
    this.parses ??= { all: this.readParses('parses'), recent: this.readParses('parses-recent') };
    const recent = this.parses.recent[file];
    if (recent?.hash === hash && recent.chartTemplate === chartTemplate) return recent;
    const stored = this.parses.all[file];
    return stored?.hash === hash && stored.chartTemplate === chartTemplate ? stored : undefined;
  }

  private readParses(suffix: 'parses' | 'parses-recent'): Parses {
    try {
      return decodeParses(readFileSync(`${this.file}.${suffix}`));
    } catch {
      return {};
    }
  }
}

/**
 * Parses are stored as JSON wherever JSON keeps them exactly: JSON.parse reads them back in half the
 * time v8.deserialize takes (290 against 630 ms for 50k files). Files whose documents hold what
 * JSON cannot (NaN, infinities, -0, a document that failed to parse) go through v8.serialize.
 */
function encodeParses(parses: Parses): Buffer {
  const json: string[] = [];
  const rest: Parses = {};
  for (const [file, entry] of Object.entries(parses)) {
    const text = exactJson(entry);
    if (text === undefined) rest[file] = entry;
    else json.push(`${JSON.stringify(file)}:${text}`);
  }
  return serialize({ json: `{${json.join(',')}}`, rest });
}

function decodeParses(data: Buffer): Parses {
  const { json, rest } = deserialize(data) as { json: string; rest: Parses };
  return Object.assign(JSON.parse(json) as Parses, rest);
}

/** `value` as JSON, or undefined when JSON.parse would not give it back as it is. */
function exactJson(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' ? !Number.isFinite(v) || Object.is(v, -0) : v === undefined) exact = false;
    return v;
  });
  return exact ? text : undefined;
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
