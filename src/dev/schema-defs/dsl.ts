/**
 * A compact way to write the JSON Schemas in schemas/: field lists read like the API reference, and
 * `src/dev/gen-schemas.ts` turns them into draft-07 files. A field name ending in `!` is required.
 * `obj` is closed (unknown fields are errors, as the API server's strict validation and kustomize's
 * decoder make them); `open` checks the fields it lists and accepts others; `anything` accepts any
 * value (Helm values, preserve-unknown-fields). Shared pieces become `definitions` through `def`.
 */
import { OBJECT_META } from '../../schemas/object-meta.js';

export type Schema = { [key: string]: unknown };

const DEF = Symbol('definition');
type Definition = { name: string; schema: Schema };

export const str: Schema = { type: 'string' };
export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
/** `x-kubernetes-int-or-string`. */
export const intOrStr: Schema = { type: ['integer', 'string'] };
export const anything: Schema = {};
/** An object whose fields this project does not describe (left to the controller). */
export const anyObject: Schema = { type: 'object' };

export function list(items: Schema): Schema {
  return { type: 'array', items };
}

export function map(values: Schema): Schema {
  return { type: 'object', additionalProperties: values };
}

export const strList = list(str);
export const strMap = map(str);

export function oneOf(...values: (string | number)[]): Schema {
  return { type: typeof values[0] === 'number' ? 'integer' : 'string', enum: values };
}

/** A string with a pattern; `description` is what the message says was expected. */
export function pattern(regex: string, description: string): Schema {
  return { type: 'string', pattern: regex, description };
}

export function range(minimum: number, maximum?: number): Schema {
  return { type: 'integer', minimum, ...(maximum === undefined ? {} : { maximum }) };
}

function fields(spec: Record<string, Schema>): { properties: Record<string, Schema>; required: string[] } {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(spec)) {
    const name = key.endsWith('!') ? key.slice(0, -1) : key;
    if (name !== key) required.push(name);
    properties[name] = schema;
  }
  return { properties, required };
}

/** A closed object: only the listed fields are allowed. */
export function obj(spec: Record<string, Schema>): Schema {
  const { properties, required } = fields(spec);
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/** An object that checks the listed fields and accepts any other. */
export function open(spec: Record<string, Schema>): Schema {
  const { properties, required } = fields(spec);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** A named shared schema: written once under `definitions` of every file that uses it. */
export function def(name: string, schema: Schema): Schema {
  const ref: Schema = { $ref: `#/definitions/${name}` };
  Object.defineProperty(ref, DEF, { value: { name, schema } satisfies Definition, enumerable: false });
  return ref;
}

/** The named definitions a schema uses, nested ones included, in first-use order. */
export function definitionsOf(schema: Schema): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const d = (node as { [DEF]?: Definition })[DEF];
    if (d) {
      const known = out[d.name];
      if (known && known !== d.schema) throw new Error(`two different definitions are named ${d.name}`);
      if (known) return;
      out[d.name] = d.schema;
      visit(d.schema);
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  return out;
}

/** ObjectMeta, shared with the CRD converter. */
export const objectMeta = def('objectMeta', OBJECT_META);

export interface KindSchema {
  group: string;
  version: string;
  kind: string;
  schema: Schema;
}

/**
 * A top-level object: apiVersion, kind, metadata and the given fields (spec, and `status` always
 * accepted, since exported manifests carry it). `required` lists top-level fields the CRD requires.
 */
export function resource(group: string, version: string, kind: string, spec: Record<string, Schema>, required: string[] = []): KindSchema {
  const top = obj({ 'apiVersion!': str, 'kind!': str, metadata: objectMeta, ...spec, status: anything });
  top.required = [...(top.required as string[]), ...required];
  return { group, version, kind, schema: top };
}

/** The file written for one kind: draft-07, a title, then the definitions it uses. */
export function document(k: KindSchema): Schema {
  const definitions = definitionsOf(k.schema);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: k.group ? `${k.kind} (${k.group}/${k.version})` : k.kind,
    ...k.schema,
    ...(Object.keys(definitions).length ? { definitions } : {}),
  };
}
