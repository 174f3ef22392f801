import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readGitInfo } from './git-info.js';
import { looksTemplated, parseYamlText } from './read-yaml.js';
import type { IgnoreFile, LoadOptions, ParseCache, Repo, YamlFile } from './types.js';
import { walk } from './walk.js';

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_DOCUMENTS = 10_000;

const YAML_RE = /\.ya?ml$/i;
const IGNORE_FILE_NAMES = new Set(['.sourceignore', '.fluxignore', '.argocdignore', '.krmignore']);

/** Reads the whole tree once. The only module that reads the user's files. */
export function loadRepo(rootArg: string, options: LoadOptions = {}): Repo {
  const root = path.resolve(rootArg);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxDocs = options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
  const entries = options.entries ?? walk(root, options.ignore);
  const files = new Set<string>();
  const dirs = new Set<string>(['']);
  const chartDirs = new Set<string>();
  for (const e of entries) {
    files.add(e.path);
    addParents(dirs, e.path);
    if (/(^|\/)Chart\.ya?ml$/.test(e.path)) chartDirs.add(parentDir(e.path));
  }
  const yaml = new Map<string, YamlFile>();
  const ignoreFiles: IgnoreFile[] = [];
  for (const e of entries) {
    const base = e.path.slice(e.path.lastIndexOf('/') + 1);
    if (IGNORE_FILE_NAMES.has(base)) {
      const text = readOrUndefined(path.join(root, e.path));
      if (text !== undefined) ignoreFiles.push({ dir: parentDir(e.path), file: base, patterns: parseIgnoreFile(text) });
      continue;
    }
    if (!YAML_RE.test(e.path)) {
      if (options.cache) touchFile(options.cache, root, e.path);
      continue;
    }
    if (e.escapesTo) {
      yaml.set(e.path, skippedFile(e.path, { kind: 'symlink-outside-root', target: e.escapesTo }));
      continue;
    }
    yaml.set(e.path, readYamlFile(root, e.path, maxBytes, maxDocs, isUnderChartTemplates(e.path, chartDirs), options.cache));
  }
  return { root, yaml, files, dirs, ignoreFiles, git: readGitInfo(root) };
}

function readYamlFile(root: string, rel: string, maxBytes: number, maxDocs: number, chartTemplate: boolean, cache?: ParseCache): YamlFile {
  let buf: Buffer;
  let mtimeMs = 0;
  try {
    buf = readFileSync(path.join(root, rel));
    if (cache) mtimeMs = statSync(path.join(root, rel)).mtimeMs;
  } catch (e) {
    return skippedFile(rel, { kind: 'unreadable', message: (e as Error).message });
  }
  if (cache) {
    const known = cache.parsedFor(rel, buf, mtimeMs);
    if (known) return { path: rel, text: known.skipped ? '' : buf.toString('utf8'), ...known };
    const parsed = readYamlBuffer(rel, buf, maxBytes, maxDocs, chartTemplate);
    cache.remember(rel, parsed);
    return parsed;
  }
  return readYamlBuffer(rel, buf, maxBytes, maxDocs, chartTemplate);
}

function touchFile(cache: ParseCache, root: string, rel: string): void {
  try {
    const st = statSync(path.join(root, rel));
    cache.touch(rel, st.size, st.mtimeMs);
  } catch {
    // gone since the walk: nothing to remember
  }
}

function readYamlBuffer(rel: string, buf: Buffer, maxBytes: number, maxDocs: number, chartTemplate: boolean): YamlFile {
  if (buf.length > maxBytes) return skippedFile(rel, { kind: 'too-large', size: buf.length, limit: maxBytes });
  if (isBinary(buf)) return skippedFile(rel, { kind: 'binary' });
  const text = buf.toString('utf8');
  if (chartTemplate) return { path: rel, text, docs: [], errors: [], template: true };
  const parsed = parseYamlText(rel, text, maxDocs);
  // A templated file that is not valid YAML is a template, not a broken manifest.
  if (parsed.errors.length > 0 && looksTemplated(text)) return { path: rel, text, docs: [], errors: [], template: true };
  return parsed;
}

function skippedFile(rel: string, skipped: NonNullable<YamlFile['skipped']>): YamlFile {
  return { path: rel, text: '', docs: [], errors: [], skipped };
}

/** NUL bytes in the first 8 KiB mean a binary file, the same test git uses. */
function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

function isUnderChartTemplates(file: string, chartDirs: Set<string>): boolean {
  for (const dir of chartDirs) {
    const prefix = dir === '' ? 'templates/' : `${dir}/templates/`;
    if (file.startsWith(prefix)) return true;
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
