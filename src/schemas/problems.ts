import type { ErrorObject } from 'ajv';
import type { PathSegment, YamlPath } from '../load/types.js';
import type { JsonSchema } from './crd-to-schema.js';

export type ProblemKind = 'unknownField' | 'required' | 'type' | 'enum' | 'pattern' | 'other';

/** One schema error, in words a user can act on. */
export interface SchemaProblem {
  kind: ProblemKind;
  /** Where the finding points: the unknown key, the object that lacks a field, or the bad value. */
  path: YamlPath;
  /** Point at the key of the last path segment rather than at its value. */
  atKey: boolean;
  /** `field` (dotted path of the field), `expected`, `actual`, `hint` (may be ''). */
  data: { field: string; expected: string; actual: string; hint: string };
  /** For an unknown field, the dotted path of the allowed field it most likely means. */
  meant?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Values filled in after the repository is read, whose final type and form are unknown here:
 * `${VAR}` (Flux postBuild), `{{ }}` (ApplicationSet, Helm), `<path:…>`/`<secret:…>` placeholders
 * (argocd-vault-plugin and similar), and SOPS ciphertext `ENC[…]` (decrypted by Flux).
 */
export function isTemplated(v: unknown): boolean {
  return typeof v === 'string' && (v.includes('${') || v.includes('{{') || /<[\w.:#/-]+>/.test(v) || v.startsWith('ENC['));
}

/** Turns ajv errors into problems, in the order ajv found them, dropping those that are not errors in a GitOps repo. */
export function describeErrors(errors: readonly ErrorObject[], doc: unknown, root: JsonSchema): SchemaProblem[] {
  // A value that fits no branch of an anyOf/oneOf fails every branch; one problem for the whole is clearer.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (alternatives.some((p) => e.schemaPath.startsWith(p))) continue;
    const path = toPath(e.instancePath, doc);
    const value = valueAt(doc, path);
    const problem = describe(e, path, value, root);
    if (!problem) continue;
    const key = `${problem.kind}:${problem.path.join('\u0000')}:${problem.data.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  // `sourceref` both is unknown and leaves `sourceRef` missing: the hint on the first says it all.
  const meant = new Set(out.map((p) => p.meant).filter(Boolean));
  return out.filter((p) => !(p.kind === 'required' && meant.has(p.data.field)));
}

function describe(e: ErrorObject, path: YamlPath, value: unknown, root: JsonSchema): SchemaProblem | undefined {
  const field = dotted(path);
  const base = { path, atKey: false, data: { field, expected: '', actual: describeValue(value), hint: '' } };
  // An empty value (`key:`) is null, which Kubernetes treats as unset; a templated one is checked after substitution.
  if (e.keyword !== 'required' && e.keyword !== 'additionalProperties' && (value === null || isTemplated(value))) return undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      // A SOPS-encrypted manifest carries its keys under a top-level `sops:`, removed when Flux decrypts it.
      if (isTemplated(name) || (path.length === 0 && name === 'sops')) return undefined;
      const keyPath = [...path, name];
      const parent = schemaAt(root, path);
      const properties = isObj(parent?.properties) ? Object.keys(parent.properties) : [];
      const closest = closestName(name, properties);
      const hint = closest ? ` (did you mean ${dotted([...path, closest])}?)` : belongsUnder(name, parent, root, path);
      return {
        ...base,
        kind: 'unknownField',
        path: keyPath,
        atKey: true,
        data: { ...base.data, field: dotted(keyPath), hint },
        ...(closest ? { meant: dotted([...path, closest]) } : {}),
      };
    }
    case 'required': {
      const name = (e.params as { missingProperty: string }).missingProperty;
      return { ...base, kind: 'required', atKey: path.length > 0, data: { ...base.data, field: dotted([...path, name]) } };
    }
    case 'type': {
      const expected = describeType((e.params as { type: string | string[] }).type);
      return { ...base, kind: 'type', data: { ...base.data, expected, hint: typeHint(expected, value) } };
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue];
      const closest = typeof value === 'string' ? closestName(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      return {
        ...base,
        kind: 'enum',
        data: { ...base.data, expected: allowed.map((a) => JSON.stringify(a)).join(', '), hint: closest ? ` (did you mean "${closest}"?)` : '' },
      };
    }
    case 'pattern': {
      const description = schemaAt(root, path)?.description;
      const pattern = (e.params as { pattern: string }).pattern;
      return { ...base, kind: 'pattern', data: { ...base.data, expected: typeof description === 'string' ? description : `a string matching ${pattern}` } };
    }
    default:
      return { ...base, kind: 'other', data: { ...base.data, expected: e.message ?? `fails ${e.keyword}` } };
  }
}

/** `/spec/rules/0/name` → ['spec', 'rules', 0, 'name'], numbers where the document holds a list. */
function toPath(pointer: string, doc: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let cur = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = isObj(cur) ? cur[seg] : undefined;
    }
  }
  return out;
}

function valueAt(doc: unknown, path: YamlPath): unknown {
  let cur = doc;
  for (const seg of path) cur = Array.isArray(cur) ? cur[seg as number] : isObj(cur) ? cur[String(seg)] : undefined;
  return cur;
}

/** spec.rules[0].matches[1].path; keys with dots or slashes (annotations) in brackets. */
export function dotted(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map of fields',
  array: 'a list',
  null: 'empty',
};

function describeType(type: string | string[]): string {
  const list = (Array.isArray(type) ? type : type.split(',')).filter((t) => t !== 'null');
  return list.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (isObj(v)) return 'a map';
  return 'empty';
}

function typeHint(expected: string, v: unknown): string {
  if (expected === 'a string' && (typeof v === 'number' || typeof v === 'boolean')) return ' (quote it: YAML reads it as a number or boolean)';
  if (typeof v === 'string' && /^(true|false)$/.test(v) && expected.includes('true or false')) return ' (remove the quotes)';
  if (typeof v === 'string' && /^-?\d+$/.test(v) && expected.includes('number')) return ' (remove the quotes)';
  if (expected === 'a list' && !Array.isArray(v)) return ' (write each entry on its own line, starting with "- ")';
  return '';
}

/** The allowed name closest to a misspelt one: same letters in another case, or at most a couple of typos. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function resolve(schema: unknown, root: JsonSchema): JsonSchema | undefined {
  let cur = schema;
  for (let i = 0; i < 8 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#/')) return undefined;
    cur = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, seg) => (isObj(node) ? node[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), root);
  }
  return isObj(cur) ? cur : undefined;
}

/**
 * The schema node that describes the value at `path`, found by walking the schema as the document
 * (ajv's own `parentSchema` needs its verbose mode, which makes big schemas much slower to compile).
 * Undefined where the walk meets a combinator (anyOf/oneOf) it cannot follow.
 */
function schemaAt(root: JsonSchema, path: YamlPath): JsonSchema | undefined {
  let node = resolve(root, root);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') node = resolve(node.items, root);
    else {
      const properties = isObj(node.properties) ? node.properties : {};
      node = resolve(Object.hasOwn(properties, seg) ? properties[seg] : node.additionalProperties, root);
    }
  }
  return node;
}

/** A hint for an unknown field that is a field of a child object: `spec.chart.sourceRef` → under `spec.chart.spec`. */
function belongsUnder(name: string, parent: JsonSchema | undefined, root: JsonSchema, at: YamlPath): string {
  const properties = isObj(parent?.properties) ? parent.properties : {};
  for (const [child, schema] of Object.entries(properties)) {
    const resolved = resolve(schema, root);
    const inner = resolved?.type === 'array' ? resolve(resolved.items, root) : resolved;
    if (isObj(inner?.properties) && name in inner.properties) {
      return ` (it belongs under ${dotted([...at, child])}${resolved?.type === 'array' ? '[]' : ''})`;
    }
  }
  return '';
}
