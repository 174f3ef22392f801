import { createRequire as requireFrom } from 'node:module';
import type * as AjvModule from 'ajv';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type * as YamlModule from 'yaml';

// Loading `yaml` and `ajv` (with its dependencies) takes about 90 ms, a third of `omni-lint
// --version`, and most runs need neither: js-yaml parses, locate-fast.ts finds positions and the
// built-in schemas come precompiled. So they are required on first use. Both are CommonJS, and an
// ESM import of either loads the same file, so every importer shares one instance.

let yaml: typeof YamlModule | undefined;
let ajv: typeof AjvModule | undefined;
let ajv2020: typeof Ajv2020Module | undefined;
let standaloneCode: StandaloneCode | undefined;

/**
 * From dist/, an ES module has no `require`: the package comes from node_modules. In an esbuild
 * bundle (the GitHub Action, which runs without node_modules) `require` exists, and `fromBundle`'s
 * literal require() is what esbuild follows to put the package in the bundle.
 */
function load<T>(id: string, fromBundle: () => unknown): T {
  return (typeof require === 'function' ? fromBundle() : requireFrom(import.meta.url)(id)) as T;
}

/** The `yaml` package. */
export function yamlLib(): typeof YamlModule {
  return (yaml ??= load<typeof YamlModule>('yaml', () => require('yaml')));
}

/** The `ajv` package (draft-07). */
export function ajvLib(): typeof AjvModule {
  return (ajv ??= load<typeof AjvModule>('ajv', () => require('ajv')));
}

/** `ajv/dist/2020.js`, ajv for JSON Schema 2020-12. */
export function ajv2020Lib(): typeof Ajv2020Module {
  return (ajv2020 ??= load<typeof Ajv2020Module>('ajv/dist/2020.js', () => require('ajv/dist/2020.js')));
}

type StandaloneCode = (ajv: AjvModule.Ajv, validate: AjvModule.ValidateFunction) => string;

/** `ajv/dist/standalone`'s function that turns a compiled validator into CommonJS source. */
export function ajvStandaloneCode(): StandaloneCode {
  return (standaloneCode ??= load<{ default: StandaloneCode }>('ajv/dist/standalone/index.js', () => require('ajv/dist/standalone/index.js')).default);
}

/** ajv's version, which keys the validators compiled from schemas (a data file: no code runs). */
export function ajvVersion(): string {
  return load<{ version: string }>('ajv/package.json', () => require('ajv/package.json')).version;
}
