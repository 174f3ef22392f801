import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { readGitInfo } from './git-info.js';
import { parseAll, workersFor, type ParseJob } from './parse-pool.js';
import { looksTemplated, parseYamlText } from './read-yaml.js';
import type { IgnoreFile, LoadOptions, ParseCache, Repo, SkipReason, TrustedParse, YamlFile } from './types.js';
import { walk } from './walk.js';

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_DOCUMENTS = 10_000;

const YAML_RE = /\.ya?ml$/i;

/**
 * Whether the loader reads `file` as YAML (by its name: `.yaml` or `.yml`, any case, or
 * `Kustomization`, the third name kustomize reads a folder's kustomization from).
 */
export function isYamlPath(file: string): boolean {
  return YAML_RE.test(file) || file === 'Kustomization' || file.endsWith('/Kustomization');
}
const IGNORE_FILE_NAMES = new Set(['.sourceignore', '.fluxignore', '.argocdignore', '.krmignore']);

/** Reads the whole tree once. The only module that reads the user's files. */
export function loadRepo(rootArg: string, options: LoadOptions = {}): Repo {
  const root = path.resolve(rootArg);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxDocs = options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  const entries = options.entries ?? walk(root, options.ignore);
  const files = new Set<string>();
  const dirs = new Set<string>(['']);
  // A symlink inside the root is an alias of its target, which the walk lists under its real path:
  // a file reached twice is one file.
  const links = new Map<string, string>();
  for (const e of entries) {
    if (e.linkTo !== undefined) {
      links.set(e.path, e.linkTo);
      continue;
    }
    if (e.broken) continue;
    files.add(e.path);
    addParents(dirs, e.path);
  }
  const chartDirs = chartDirsIn(files);
  const yaml = new Map<string, YamlFile>();
  const ignoreFiles: IgnoreFile[] = [];
  // Worker threads pay only on large repos. With a cache they are never used: a --cache run hashes
  // each file on the main thread anyway, and the daemon's memory keeps what the main thread parsed.
  const toParse = options.only ? options.only.size : entries.filter((e) => isYamlPath(e.path)).length;
  const workers = options.cache ? 0 : workersFor(options.workers ?? workersFromEnv() ?? 'auto', toParse);
  const jobs: ParseJob[] = [];
  let seen = 0;
  for (const e of entries) {
    // With workers, files are read after this loop, and progress is reported as they are.
    if (workers === 0) options.onProgress?.(++seen, entries.length);
    const base = e.path.slice(e.path.lastIndexOf('/') + 1);
    if (IGNORE_FILE_NAMES.has(base)) {
      const text = readOrUndefined(path.join(root, e.path));
      if (text !== undefined) ignoreFiles.push({ dir: parentDir(e.path), file: base, patterns: parseIgnoreFile(text) });
      continue;
    }
    // A linked folder outside the root may hold manifests that Flux and Argo CD will never see: reported too.
    if (e.escapesTo && !isYamlPath(e.path) && isDirectory(e.escapesTo)) {
      yaml.set(e.path, skippedFile(e.path, { kind: 'symlink-outside-root', target: e.escapesTo }));
      continue;
    }
    if (!isYamlPath(e.path)) {
      if (options.cache && !options.only) touchFile(options.cache, root, e.path);
      continue;
    }
    if (e.linkTo !== undefined) continue;
    if (options.only && !options.only.has(e.path)) continue;
    if (e.broken) {
      yaml.set(e.path, skippedFile(e.path, { kind: 'symlink-broken' }));
      continue;
    }
    if (e.escapesTo) {
      yaml.set(e.path, skippedFile(e.path, { kind: 'symlink-outside-root', target: e.escapesTo }));
      continue;
    }
    const chartTemplate = isUnderChartTemplates(e.path, chartDirs);
    if (workers > 0) {
      jobs.push({ path: e.path, chartTemplate });
      yaml.set(e.path, PENDING); // holds the file's place: the map keeps the walk's order
      continue;
    }
    yaml.set(e.path, readYamlFile(root, e.path, maxBytes, maxDocs, chartTemplate, options.cache));
  }
  if (jobs.length > 0) {
    const before = entries.length - jobs.length;
    const read = (j: ParseJob): YamlFile => readYamlFile(root, j.path, maxBytes, maxDocs, j.chartTemplate);
    const parsed = parseAll(jobs, { root, maxBytes, maxDocs }, workers, read, (done) => options.onProgress?.(before + done, entries.length));
    jobs.forEach((j, i) => yaml.set(j.path, parsed[i]!));
  }
  return { root, yaml, files, dirs, ignoreFiles, git: readGitInfo(root), ...(links.size > 0 ? { links } : {}) };
}

const PENDING: YamlFile = { path: '', text: '', docs: [], errors: [] };

/**
 * OMNI_LINT_WORKERS: worker threads for parsing (0: none, 'auto': by repo size); the one place it is
 * read. LoadOptions.workers wins over it.
 */
function workersFromEnv(): number | 'auto' | undefined {
  const value = process.env.OMNI_LINT_WORKERS?.trim();
  if (!value) return undefined;
  if (value === 'auto') return 'auto';
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Reads and parses one file; parse-worker.ts calls it too, so a file reads the same on any thread. */
export function readYamlFile(root: string, rel: string, maxBytes: number, maxDocs: number, chartTemplate: boolean, cache?: ParseCache): YamlFile {
  // `rel` is the walk's normalised, `/`-separated path: joining it needs no path.join (which
  // normalises again), and every platform's fs accepts `/`.
  const file = root.endsWith(path.sep) ? root + rel : `${root}${path.sep}${rel}`;
  const trusted = cache?.trusted?.(rel, chartTemplate);
  if (trusted) return unreadFile(file, rel, trusted);
  let read: FileRead;
  try {
    read = readAtMost(file, maxBytes, cache?.needsMtime === true);
  } catch (e) {
    return skippedFile(rel, { kind: 'unreadable', message: (e as Error).message });
  }
  // A file past the limit is never read into memory (a 50 MB manifest costs one fstat).
  if (typeof read.content === 'number') return skippedFile(rel, { kind: 'too-large', size: read.content, limit: maxBytes });
  if (cache) {
    const buf = read.content;
    const known = cache.parsedFor(rel, buf, read.mtimeMs, chartTemplate);
    if (known) return { path: rel, text: known.skipped ? '' : buf.toString('utf8'), ...known };
    const parsed = readYamlBuffer(rel, buf, maxBytes, maxDocs, chartTemplate);
    cache.remember(rel, parsed);
    return parsed;
  }
  return readYamlBuffer(rel, read.content, maxBytes, maxDocs, chartTemplate);
}

/**
 * A file the --cache vouches for: its stored parse, and its text read only when something asks for
 * it (a finding's position, a fix). One that cannot be read by then reads as empty.
 */
function unreadFile(file: string, rel: string, { parsed, directives }: TrustedParse): YamlFile {
  let text: string | undefined;
  return {
    path: rel,
    get text(): string {
      if (text === undefined) text = parsed.skipped ? '' : (readOrUndefined(file) ?? '');
      return text;
    },
    ...parsed,
    ...(directives ? {} : { noDirectives: true as const }),
  };
}

interface FileRead {
  /** The bytes, or the file's size when that is over the limit. */
  content: Buffer | number;
  /** 0 unless asked for. */
  mtimeMs: number;
}

/**
 * Nearly every manifest fits in this: it is read in one `read` and its size needs no fstat. Reused
 * from file to file, so what is read into it must be used before the next read (see readAtMost).
 */
const SCRATCH = Buffer.allocUnsafe(64 * 1024);

/**
 * The file's bytes, or its size when that is over `max`. Without `withMtime`, a file smaller than
 * SCRATCH costs one open, one read and one close, and the bytes returned are SCRATCH's own: the
 * caller uses them before reading another file. Larger files, and every file `withMtime` (a --cache
 * run keeps the bytes it hashes), get an fstat and a buffer of their own.
 */
function readAtMost(file: string, max: number, withMtime: boolean): FileRead {
  const fd = openSync(file, 'r');
  try {
    if (!withMtime) {
      const n = readSync(fd, SCRATCH, 0, SCRATCH.length, 0);
      // A short read is the file's end when the next read finds nothing: local files always end so,
      // but a network file system may return less than asked, and a file cut short would be
      // reported, and fixed, as if that were all of it.
      if (n < SCRATCH.length && readSync(fd, SCRATCH, n, 1, n) === 0) return { content: n <= max ? SCRATCH.subarray(0, n) : n, mtimeMs: 0 };
    }
    const st = fstatSync(fd);
    if (st.size > max) return { content: st.size, mtimeMs: st.mtimeMs };
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { content: off < st.size ? buf.subarray(0, off) : buf, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Records a file that is not YAML, for a cache that keeps them (the daemon's does not: no stat for it). */
function touchFile(cache: ParseCache, root: string, rel: string): void {
  if (!cache.touch) return;
  const known = cache.statOf?.(rel);
  if (known) return cache.touch(rel, known.size, known.mtimeMs);
  try {
    const st = statSync(path.join(root, rel));
    cache.touch(rel, st.size, st.mtimeMs);
  } catch {
    // gone since the walk: nothing to remember
  }
}

function readYamlBuffer(rel: string, buf: Buffer, maxBytes: number, maxDocs: number, chartTemplate: boolean): YamlFile {
  if (buf.length > maxBytes) return skippedFile(rel, { kind: 'too-large', size: buf.length, limit: maxBytes });
  // Checked before the NUL test: UTF-16 text is full of NUL bytes.
  const encoding = encodingProblem(buf);
  if (encoding) return skippedFile(rel, encoding);
  if (isBinary(buf)) return skippedFile(rel, { kind: 'binary' });
  const text = buf.toString('utf8');
  if (chartTemplate) return { path: rel, text, docs: [], errors: [], template: true };
  const parsed = parseYamlText(rel, text, maxDocs);
  // A templated file that is not valid YAML is a template, not a broken manifest; its first error is
  // kept for the rules that find it applied as a manifest all the same.
  if (parsed.errors.length > 0 && looksTemplated(text)) return { path: rel, text, docs: [], errors: [], template: true, templateError: parsed.errors[0]! };
  return parsed;
}

function skippedFile(rel: string, skipped: NonNullable<YamlFile['skipped']>): YamlFile {
  return { path: rel, text: '', docs: [], errors: [], skipped };
}

/**
 * Text that is not UTF-8 is never parsed: decoding would replace its bad bytes with U+FFFD, and a
 * fix written back would destroy them. UTF-16 (with a byte order mark) is named as such.
 */
function encodingProblem(buf: Buffer): Extract<SkipReason, { kind: 'not-utf8' }> | undefined {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return { kind: 'not-utf8', detail: 'it is UTF-16 text', line: 1, column: 1 };
  }
  if (isUtf8(buf)) return undefined;
  // A NUL byte makes it binary, which is reported as such.
  const bad = firstInvalidUtf8(buf);
  if (bad < 0 || buf.subarray(0, Math.min(buf.length, 8192)).includes(0)) return undefined;
  const lineStart = buf.lastIndexOf(0x0a, bad - 1) + 1;
  let line = 1;
  for (let i = buf.indexOf(0x0a); i >= 0 && i < bad; i = buf.indexOf(0x0a, i + 1)) line++;
  const column = buf.subarray(lineStart, bad).toString('utf8').length + 1;
  return { kind: 'not-utf8', detail: `byte 0x${buf[bad]!.toString(16).padStart(2, '0')} is not valid UTF-8`, line, column };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates), or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    const second = buf[i + 1];
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** NUL bytes in the first 8 KiB mean a binary file, the same test git uses. */
function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).indexOf(0) >= 0;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Folders holding a Helm chart (a Chart.yaml): their templates/ are Go templates, not manifests. */
function chartDirsIn(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) if (/(^|\/)Chart\.ya?ml$/.test(f)) out.add(parentDir(f));
  return out;
}

/** Whether `file` lies under a chart's templates/ folder: looked up by its own folders, not by every chart. */
function isUnderChartTemplates(file: string, chartDirs: Set<string>): boolean {
  if (chartDirs.size === 0) return false;
  for (let dir = parentDir(file); dir !== ''; dir = parentDir(dir)) {
    if (dir === 'templates' || dir.endsWith('/templates')) {
      if (chartDirs.has(parentDir(dir))) return true;
    }
  }
  return false;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function parentDir(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

function addParents(dirs: Set<string>, file: string): void {
  let dir = parentDir(file);
  while (dir !== '' && !dirs.has(dir)) {
    dirs.add(dir);
    dir = parentDir(dir);
  }
}

const chartDirsOf = new WeakMap<Repo, Set<string>>();

/**
 * Reads and parses more YAML files into a repository loaded with `only` (a pull request's scope
 * grows round by round), as loadRepo would have: same limits, same Helm chart templates.
 */
export function extendRepo(repo: Repo, files: Iterable<string>, options: Pick<LoadOptions, 'maxFileBytes' | 'maxDocuments'> = {}): void {
  let chartDirs = chartDirsOf.get(repo);
  if (!chartDirs) {
    chartDirs = chartDirsIn(repo.files);
    chartDirsOf.set(repo, chartDirs);
  }
  for (const file of files) {
    if (repo.yaml.has(file) || !repo.files.has(file) || !isYamlPath(file)) continue;
    const chartTemplate = isUnderChartTemplates(file, chartDirs);
    repo.yaml.set(file, readYamlFile(repo.root, file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS, chartTemplate));
  }
}
