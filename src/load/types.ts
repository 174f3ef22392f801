/** A position in a file, 1-based as editors show it. */
export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One key or index on the way from a document's root to a node. */
export type PathSegment = string | number;
export type YamlPath = readonly PathSegment[];

/** Why a file was not parsed; each becomes a finding so nothing is dropped silently. */
export type SkipReason =
  | { kind: 'binary' }
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'template' }
  | { kind: 'symlink-outside-root'; target: string }
  | { kind: 'symlink-broken' }
  | { kind: 'not-utf8'; detail: string; line: number; column: number }
  | { kind: 'unreadable'; message: string }
  | { kind: 'too-many-documents'; count: number; limit: number };

export interface YamlError {
  message: string;
  line: number;
  column: number;
  /** 'too-deep': the document nests past the depth omni-lint reads; it is valid YAML, just not read. */
  kind?: 'too-deep';
  /** For 'too-deep': the index of the document. */
  doc?: number;
}

/** A YAML file as the loader sees it: its text and the plain value of each document. */
export interface YamlFile {
  /** Repo-relative, `/`-separated. */
  path: string;
  text: string;
  /** One entry per YAML document, in order; `undefined` where that document failed to parse. */
  docs: unknown[];
  errors: YamlError[];
  skipped?: SkipReason;
  /** Set for Helm chart templates and Go-templated files: read as text, never as manifests. */
  template?: boolean;
  /** For a Go-templated file that is not valid YAML: the first parse error, reported only where it is applied as a manifest. */
  templateError?: YamlError;
  /**
   * Set by a --cache run that reused the file's parse without reading it, when the cache knows its
   * text holds no `omni-lint-disable` comment: suppressions need not read it.
   */
  noDirectives?: true;
}

/** The exclusion patterns a controller applies to its view of the repository. */
export interface IgnoreFile {
  /** Folder the file sits in (repo-relative, '' for the root). */
  dir: string;
  file: string;
  patterns: string[];
}

export interface Repo {
  /** Absolute path of the linted root. */
  root: string;
  /** Every YAML file by repo-relative path. */
  yaml: Map<string, YamlFile>;
  /** Every file (YAML or not) that exists in the tree, so references to values files, .env files resolve. */
  files: Set<string>;
  /** Every folder that holds at least one file, '' being the root. */
  dirs: Set<string>;
  /** `.sourceignore`, `.fluxignore` and `.argocdignore` files. */
  ignoreFiles: IgnoreFile[];
  /**
   * Symlinks inside the root (link → target, both repo-relative). `files`, `dirs` and `yaml` hold only
   * targets, so a file reached through a link is the one file; paths are resolved through these.
   */
  links?: Map<string, string>;
  git: GitInfo;
}

export interface GitInfo {
  /** Remote URLs (fetch) of the repository, normalised. */
  remotes: string[];
  /** The same remote URLs as written in the git config. */
  remoteUrls: string[];
  branch?: string;
}

/** A stored parse reused without reading the file, whose size and mtime are the ones stored. */
export interface TrustedParse {
  parsed: Pick<YamlFile, 'docs' | 'errors' | 'skipped' | 'template' | 'templateError'>;
  /** Whether the text holds `omni-lint-disable`. */
  directives: boolean;
}

/**
 * Reuses parses of files whose content was seen before: the --cache (src/cache/lint-cache.ts), or
 * the daemon's memory of its last runs (src/daemon/parse-memory.ts).
 */
export interface ParseCache {
  /** Each file read needs its mtime and a buffer of its own (the --cache keeps both); otherwise files are read as without a cache. */
  readonly needsMtime: boolean;
  /** The stored parse of a file whose size and mtime have not changed since: it need not be read. */
  trusted?(file: string, chartTemplate: boolean): TrustedParse | undefined;
  /** The file's size and mtime as this run found them, if it has. */
  statOf?(file: string): { size: number; mtimeMs: number } | undefined;
  /** The stored parse of this content, read as a chart template or not, if there is one. */
  parsedFor(file: string, buf: Buffer, mtimeMs: number, chartTemplate: boolean): Pick<YamlFile, 'docs' | 'errors' | 'skipped' | 'template' | 'templateError'> | undefined;
  remember(file: string, parsed: YamlFile): void;
  /** Records a file that is not YAML (its size and mtime), for caches that must notice new ones. */
  touch?(file: string, size: number, mtimeMs: number): void;
}

/** Parse caches kept by a long-lived process, one per repository and read limits. */
export interface ParseMemory {
  forRepo(root: string, limits: { maxFileBytes?: number; maxDocuments?: number }): ParseCache;
}

export interface LoadOptions {
  cache?: ParseCache;
  /** The walk's result when the caller already has it. */
  entries?: { path: string; escapesTo?: string; linkTo?: string; broken?: true }[];
  /** Files larger than this many bytes are skipped with a finding. */
  maxFileBytes?: number;
  /** Files with more documents than this are skipped with a finding. */
  maxDocuments?: number;
  /** Extra globs to ignore (config `ignore`). */
  ignore?: string[];
  /**
   * Worker threads that read and parse YAML beside the main thread: a number (0: none) whatever the
   * repo's size, or 'auto' (the default; OMNI_LINT_WORKERS when set): one per spare core from
   * AUTO_WORKER_THRESHOLD YAML files (src/load/parse-pool.ts) on. Never used with `cache`.
   */
  workers?: number | 'auto';
  /**
   * Read and parse only these YAML files (a pull request's scope); the others still exist in
   * `files`, so paths to them resolve.
   */
  only?: ReadonlySet<string>;
  /** Called after each YAML file is read (`done` of `total`), for a progress line. */
  onProgress?: (done: number, total: number) => void;
}
