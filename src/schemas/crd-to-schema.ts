import { OBJECT_META } from './object-meta.js';

export type JsonSchema = Record<string, unknown>;

/** One served version of a CustomResourceDefinition, as JSON Schema. */
export interface CrdVersionSchema {
  group: string;
  version: string;
  kind: string;
  /** The version's openAPIV3Schema as written, for the cache key. */
  raw: unknown;
  /** Built on first use: conversion walks the whole tree. */
  schema: () => JsonSchema;
}

/** JSON Schema keywords that mean the same in a CRD's OpenAPI v3 structural schema. */
const KEPT = [
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'minProperties',
  'maxProperties',
  'required',
] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The versions a CRD defines (apiextensions v1 `spec.versions[].schema`, or v1beta1's shared
 * `spec.validation`), each turned into JSON Schema on demand. Versions without a schema are left out.
 */
export function crdVersionSchemas(crd: unknown): CrdVersionSchema[] {
  const spec = isObj(crd) ? crd.spec : undefined;
  if (!isObj(spec) || typeof spec.group !== 'string') return [];
  const kind = isObj(spec.names) ? spec.names.kind : undefined;
  if (typeof kind !== 'string') return [];
  const shared = isObj(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.filter(isObj).map((v) => ({ name: v.name, schema: isObj(v.schema) ? v.schema.openAPIV3Schema : shared }))
    : [{ name: spec.version, schema: shared }];
  const out: CrdVersionSchema[] = [];
  for (const v of versions) {
    if (typeof v.name !== 'string' || !isObj(v.schema)) continue;
    const raw = v.schema;
    out.push({ group: spec.group, version: v.name, kind, raw, schema: () => crdToJsonSchema(raw) });
  }
  return out;
}

/**
 * Turns a CRD's openAPIV3Schema into draft-07 JSON Schema as the API server applies it:
 * - `nullable: true` adds `null` to the type;
 * - `x-kubernetes-int-or-string` is `integer` or `string`;
 * - `x-kubernetes-preserve-unknown-fields` keeps unknown fields (everywhere else objects with
 *   `properties` are closed, as strict field validation makes them);
 * - `x-kubernetes-embedded-resource` adds apiVersion, kind and metadata;
 * - at the top, apiVersion and kind are strings and metadata is ObjectMeta.
 * Descriptions, formats, defaults and CEL rules (`x-kubernetes-validations`) are dropped.
 */
export function crdToJsonSchema(openApi: unknown): JsonSchema {
  const top = convert(isObj(openApi) ? openApi : {});
  if (top.type === undefined) top.type = 'object';
  const properties = isObj(top.properties) ? top.properties : {};
  top.properties = { ...properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META };
  if (!isObj(openApi) || openApi['x-kubernetes-preserve-unknown-fields'] !== true) top.additionalProperties = false;
  return top;
}

function convert(node: Record<string, unknown>): JsonSchema {
  const out: JsonSchema = {};
  for (const k of KEPT) if (node[k] !== undefined) out[k] = node[k];
  // OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; draft-07 as numbers.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (intOrString) out.type = ['integer', 'string'];
  else if (typeof node.type === 'string') out.type = node.type;
  for (const k of ['anyOf', 'allOf', 'oneOf'] as const) {
    // int-or-string fields usually carry `anyOf: [{type: integer}, {type: string}]`, which the type now says.
    if (Array.isArray(node[k]) && !intOrString) out[k] = (node[k] as unknown[]).filter(isObj).map(convert);
  }
  if (isObj(node.not)) out.not = convert(node.not);
  if (isObj(node.items)) out.items = convert(node.items);
  let properties: Record<string, unknown> | undefined;
  if (isObj(node.properties)) {
    properties = {};
    for (const [key, child] of Object.entries(node.properties)) if (isObj(child)) properties[key] = convert(child);
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...properties };
  }
  if (properties) out.properties = properties;
  if (isObj(node.additionalProperties)) out.additionalProperties = convert(node.additionalProperties);
  // An object that lists its fields is closed; one with no field list (or that keeps unknown fields) is open.
  else if (properties && !preserve && node.additionalProperties !== true && out.type === 'object') out.additionalProperties = false;
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...(out.type as string[]), 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}
