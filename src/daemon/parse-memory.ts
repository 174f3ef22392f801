import type { ParseCache, ParseMemory, YamlFile } from '../load/types.js';

type Parsed = Pick<YamlFile, 'docs' | 'errors' | 'skipped' | 'template' | 'templateError'>;

interface Remembered {
  bytes: Buffer;
  chartTemplate: boolean;
  parsed: Parsed;
  /** The run that last read this content. */
  run: number;
}

/** Repositories whose parses are kept: a server that lints many repositories holds only the latest. */
const MAX_REPOS = 3;

/**
 * What the daemon keeps between runs: each file's bytes and their parse, per repository. A run
 * still reads every file, and a parse is reused only for the very same bytes (read the same way,
 * as a chart template or not), so a run answers exactly what a fresh process would; it saves the
 * parsing, not the reading. Parses are frozen: they are shared by every later run, and a rule that
 * wrote into one would change what the next run sees, so such a write fails loudly instead.
 */
export class DaemonParseMemory implements ParseMemory {
  private readonly repos = new Map<string, RepoParses>();

  forRepo(root: string, limits: { maxFileBytes?: number; maxDocuments?: number }): ParseCache {
    // The limits decide what a parse holds (a file past them is skipped), so they are part of the key.
    const key = JSON.stringify([root, limits.maxFileBytes ?? null, limits.maxDocuments ?? null]);
    let repo = this.repos.get(key);
    if (repo) this.repos.delete(key);
    else repo = new RepoParses(root);
    this.repos.set(key, repo); // most recent last
    for (const old of this.repos.keys()) {
      if (this.repos.size <= MAX_REPOS) break;
      this.repos.delete(old);
    }
    repo.startRun();
    return repo;
  }

  /** Parses the last run of `root` reused, and files it parsed afresh. */
  lastRun(root: string): { reused: number; parsed: number } | undefined {
    const repo = [...this.repos.values()].reverse().find((r) => r.root === root);
    return repo ? { reused: repo.hits, parsed: repo.misses } : undefined;
  }

  /** Repositories held, most recent first. */
  roots(): string[] {
    return [...new Set([...this.repos.values()].map((r) => r.root))].reverse();
  }
}

class RepoParses implements ParseCache {
  readonly needsMtime = false;
  private readonly files = new Map<string, Remembered>();
  private readonly pending = new Map<string, { bytes: Buffer; chartTemplate: boolean }>();
  private run = 0;
  /** Reused and parsed afresh in the current run. */
  hits = 0;
  misses = 0;

  constructor(readonly root: string) {}

  /** A new run: files the last run no longer read (deleted, renamed, ignored) are forgotten. */
  startRun(): void {
    for (const [file, r] of this.files) if (r.run < this.run) this.files.delete(file);
    this.pending.clear();
    this.run++;
    this.hits = 0;
    this.misses = 0;
  }

  parsedFor(file: string, buf: Buffer, _mtimeMs: number, chartTemplate: boolean): Parsed | undefined {
    const known = this.files.get(file);
    if (known && known.chartTemplate === chartTemplate && known.bytes.equals(buf)) {
      known.run = this.run;
      this.hits++;
      return known.parsed;
    }
    this.misses++;
    // The loader reads small files into one scratch buffer it reuses: keep a copy.
    this.pending.set(file, { bytes: Buffer.from(buf), chartTemplate });
    return undefined;
  }

  remember(file: string, parsed: YamlFile): void {
    const read = this.pending.get(file);
    if (!read) return;
    this.pending.delete(file);
    const { docs, errors, skipped, template, templateError } = parsed;
    const kept: Parsed = deepFreeze({
      docs,
      errors,
      ...(skipped ? { skipped } : {}),
      ...(template ? { template } : {}),
      ...(templateError ? { templateError } : {}),
    });
    this.files.set(file, { ...read, parsed: kept, run: this.run });
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
