import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, Options as AjvOptions, ValidateFunction } from 'ajv';
import type { Resource } from '../graph/types.js';
import { ajvLib, ajvStandaloneCode, ajvVersion } from '../lazy-packages.js';
import { crdVersionSchemas, type CrdVersionSchema, type JsonSchema } from './crd-to-schema.js';
import { describeErrors, type SchemaProblem } from './problems.js';

/** A compiled schema for one apiVersion and kind. */
export interface SchemaValidator {
  /** Where the schema comes from, for messages: `omni-lint's built-in schema`, `the CRD in crds/x.yaml`, … */
  source: string;
  /** The document's problems, in the order the validator found them; [] when it is valid. */
  check(doc: unknown): SchemaProblem[];
}

/** A schema that exists but cannot be used: a catalog file that is not JSON, a CRD schema ajv rejects. */
export interface BrokenSchema {
  source: string;
  error: string;
}

/** What rules see: the schema for a kind, looked up and compiled on first use. */
export interface SchemaProvider {
  find(group: string, version: string, kind: string): SchemaValidator | BrokenSchema | undefined;
}

export interface SchemaRegistryOptions {
  /** kubeconform-style catalogs (`{group}/{kind}_{version}.json`, lower case, core group `core`), tried in order. */
  locations?: readonly string[];
  /** Whether to use the schemas shipped in schemas/ (default true). */
  builtIn?: boolean;
  /** Load built-in schemas' validators precompiled by `npm run build` (default true). */
  prebuilt?: boolean;
  /** Keep each compiled validator's code here, keyed by schema content, so later runs skip ajv's compile. */
  cacheDir?: string;
}

type Entry = SchemaValidator | BrokenSchema;

const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';
const BUILT_IN = "omni-lint's built-in schema";
// Compiling dominates the cost of a schema: not inlining $refs, skipping ajv's code optimiser and
// leaving out verbose errors halves it (ApplicationSet 300 → 120 ms); validating stays in microseconds.
const AJV_OPTIONS: AjvOptions = {
  allErrors: true,
  strict: false,
  validateFormats: false,
  validateSchema: false,
  addUsedSchema: false,
  inlineRefs: false,
  code: { optimize: false },
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The package's schemas/ folder, whether this runs from src/ (vitest) or dist/src/ (node). */
export function builtInSchemaDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!readdirSync(dir).includes('package.json')) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('omni-lint cannot find its package.json');
    dir = parent;
  }
  return path.join(dir, 'schemas');
}

/**
 * Schemas for one process: the built-in ones, --schema-location catalogs and, through `forRepo`, the
 * CRDs of a linted repository. Each schema is read and compiled once, when a document first needs
 * it, so a run pays only for the kinds its repository uses (and a --fix run's passes share them).
 */
export class SchemaRegistry {
  private ajv: Ajv | undefined;
  private readonly entries = new Map<string, Entry | undefined>();
  private readonly builtInDir: string | undefined;
  private readonly cacheDir: string | undefined;
  /** Standalone validators of the built-in schemas, written by `npm run build` (read-only). */
  private readonly prebuiltDir: string | undefined;
  private manifest: PrebuiltManifest | undefined;
  readonly locations: readonly string[];
  /** Schemas compiled and milliseconds spent compiling, for --debug timings and benchmarks. */
  readonly stats = { compiled: 0, compileMs: 0 };

  constructor(options: SchemaRegistryOptions = {}) {
    this.locations = options.locations ?? [];
    this.builtInDir = options.builtIn === false ? undefined : builtInSchemaDir();
    this.cacheDir = options.cacheDir;
    this.prebuiltDir = this.builtInDir && options.prebuilt !== false ? path.join(path.dirname(this.builtInDir), 'dist', 'schemas-compiled') : undefined;
  }

  /** The provider for one repository: its CRDs first, then the catalogs in order, then the built-in schemas. */
  forRepo(resources: readonly Resource[]): SchemaProvider {
    let crds: Map<string, { crd: CrdVersionSchema; file: string }> | undefined;
    const lookup = (group: string, version: string, kind: string): Entry | undefined => {
      crds ??= indexCrds(resources);
      const crd = crds.get(`${group}/${version}/${kind}`);
      if (crd) {
        // Keyed by content, so --fix passes (and other folders with the same CRD) share the compiled schema.
        return this.entry(`crd:${textHash(JSON.stringify(crd.crd.raw))}`, () => ({ source: `the CRD in ${crd.file}`, schema: crd.crd.schema() }));
      }
      const file = `${group || 'core'}/${kind.toLowerCase()}_${version}.json`;
      for (const dir of this.locations) {
        const hit = this.entry(`location:${dir}:${file}`, () => readSchema(path.join(dir, file), `the schema in ${path.join(dir, file)}`));
        if (hit) return hit;
      }
      if (!this.builtInDir) return undefined;
      const builtIn = group === KUSTOMIZE_GROUP ? `kustomize/${kind.toLowerCase()}.json` : file;
      return this.entry(`builtin:${builtIn}`, () => this.prebuiltEntry(builtIn) ?? readSchema(path.join(this.builtInDir!, builtIn), BUILT_IN));
    };
    const found = new Map<string, Entry | undefined>();
    return {
      find: (group, version, kind) => {
        const key = `${group}/${version}/${kind}`;
        if (!found.has(key)) found.set(key, lookup(group, version, kind));
        return found.get(key);
      },
    };
  }

  /**
   * A built-in schema's validator straight from what `npm run build` compiled, when the schema file
   * is still the one it was compiled from: its text is hashed, not parsed. The schema itself is
   * parsed only to word the problems of a document that fails.
   */
  private prebuiltEntry(builtIn: string): Entry | undefined {
    if (!this.prebuiltDir) return undefined;
    this.manifest ??= readManifest(this.prebuiltDir);
    const compiled = this.manifest[builtIn];
    if (!compiled) return undefined;
    const t0 = performance.now();
    try {
      const text = readFileSync(path.join(this.builtInDir!, builtIn), 'utf8');
      if (textHash(text) !== compiled.text) return undefined;
      const validate = loadValidator(path.join(this.prebuiltDir, `${compiled.key}.cjs`));
      this.stats.compiled++;
      this.stats.compileMs += performance.now() - t0;
      let schema: JsonSchema | undefined;
      return validatorEntry(BUILT_IN, validate, () => (schema ??= JSON.parse(text) as JsonSchema));
    } catch {
      return undefined; // not built, or unreadable: read and compile it as any schema
    }
  }

  /** The entry under `key`, loaded once: a schema to compile, or one that is broken or already compiled. */
  private entry(key: string, load: () => { source: string; schema: JsonSchema } | Entry | undefined): Entry | undefined {
    if (this.entries.has(key)) return this.entries.get(key);
    const loaded = load();
    const entry = loaded === undefined || 'error' in loaded || 'check' in loaded ? loaded : this.compile(loaded.source, loaded.schema);
    this.entries.set(key, entry);
    return entry;
  }

  private compile(source: string, schema: JsonSchema): Entry {
    const t0 = performance.now();
    let validate: ValidateFunction;
    try {
      validate = this.cached(dropUnusable(schema));
    } catch (e) {
      return { source, error: (e as Error).message };
    } finally {
      this.stats.compiled++;
      this.stats.compileMs += performance.now() - t0;
    }
    return validatorEntry(source, validate, () => schema);
  }

  /** ajv's compile, or the standalone code an earlier run wrote for the same schema, ajv and options. */
  private cached(schema: JsonSchema): ValidateFunction {
    const key = validatorKey(schema);
    // Compiling a schema costs 20-100 ms; loading its standalone code, about 3.
    for (const dir of [this.prebuiltDir, this.cacheDir]) {
      if (!dir) continue;
      try {
        return loadValidator(path.join(dir, `${key}.cjs`));
      } catch {
        // not there (yet), or unreadable: try the next place, then compile
      }
    }
    this.ajv ??= new (ajvLib().Ajv)({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, source: this.cacheDir !== undefined } });
    if (!this.cacheDir) return this.ajv.compile(schema);
    const file = path.join(this.cacheDir, `${key}.cjs`);
    const validate = this.ajv.compile(schema);
    try {
      mkdirSync(this.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, ajvStandaloneCode()(this.ajv, validate));
      renameSync(tmp, file);
    } catch {
      // a read-only cache folder only costs the next run a compile
    }
    return validate;
  }
}

/** A compiled validator with what words its problems: the schema, asked for only when a document fails. */
function validatorEntry(source: string, validate: ValidateFunction, schema: () => JsonSchema): SchemaValidator {
  return { source, check: (doc) => (validate(doc) ? [] : describeErrors(validate.errors ?? [], doc, schema())) };
}

/** What `npm run build` compiled each built-in schema file into: the hash of its text, and the validator's key. */
export type PrebuiltManifest = Record<string, { text: string; key: string }>;
export const MANIFEST_FILE = 'manifest.json';

function readManifest(dir: string): PrebuiltManifest {
  try {
    return JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as PrebuiltManifest;
  } catch {
    return {};
  }
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** The name a schema's compiled validator is kept under: its content, ajv's version and options. */
export function validatorKey(usable: JsonSchema): string {
  return textHash(JSON.stringify([ajvVersion(), AJV_OPTIONS, usable]));
}

/** A built-in schema file's validator key, as `npm run build` records it. */
export function builtInValidatorKey(text: string): string {
  return validatorKey(dropUnusable(JSON.parse(text) as JsonSchema));
}

type CompilableModule = Module & { filename: string; paths: string[]; _compile(code: string, filename: string): void };
const nodeModulePaths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths;
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Evaluates a file of ajv standalone code (CommonJS that requires ajv's runtime helpers, found from
 * here wherever the file is). It goes through Node's own CommonJS compile, not `new Function`, so
 * that Node's compile cache (bin/omni-lint.js turns it on; Node 22.1 and later) keeps the compiled
 * code: 27 → 7 ms for the 20 built-in validators.
 */
function loadValidator(file: string): ValidateFunction {
  const code = readFileSync(file, 'utf8');
  const module = new Module(file) as CompilableModule;
  module.filename = file;
  module.paths = nodeModulePaths(here);
  module._compile(code, file);
  const fn = module.exports as ValidateFunction & { default?: ValidateFunction };
  return fn.default ?? fn;
}

function indexCrds(resources: readonly Resource[]): Map<string, { crd: CrdVersionSchema; file: string }> {
  const out = new Map<string, { crd: CrdVersionSchema; file: string }>();
  for (const r of resources) {
    if (r.kind !== 'CustomResourceDefinition' || r.group !== 'apiextensions.k8s.io') continue;
    for (const crd of crdVersionSchemas(r.body)) {
      const key = `${crd.group}/${crd.version}/${crd.kind}`;
      if (!out.has(key)) out.set(key, { crd, file: r.file });
    }
  }
  return out;
}

/** A catalog or built-in file; undefined when it does not exist. */
function readSchema(file: string, source: string): { source: string; schema: JsonSchema } | BrokenSchema | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!isObj(schema)) return { source, error: 'the file does not hold a JSON object' };
    return { source, schema };
  } catch (e) {
    return { source, error: (e as Error).message };
  }
}

/**
 * A copy without what ajv cannot use: `$schema`/`$id` (catalogs name draft-04 or none, and ids would
 * collide between files) and patterns JavaScript cannot compile (Go's RE2 accepts a few it rejects).
 */
function dropUnusable(schema: JsonSchema): JsonSchema {
  const walk = (node: unknown, top: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (!isObj(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (top && (k === '$schema' || k === '$id')) continue;
      if (k === 'pattern' && typeof v === 'string' && !compiles(v)) continue;
      // Property names and enum values are data, not schemas: copy them as they are.
      out[k] = k === 'enum' || k === 'const' || k === 'required' ? v : k === 'properties' || k === 'definitions' || k === '$defs' ? walkMap(v) : walk(v, false);
    }
    return out;
  };
  const walkMap = (v: unknown): unknown => (isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, s]) => [k, walk(s, false)])) : v);
  return walk(schema, true) as JsonSchema;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
