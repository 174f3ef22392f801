import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';
import { builtInKinds } from '../dev/gen-schemas.js';
import { document } from '../dev/schema-defs/dsl.js';
import { crdToJsonSchema, crdVersionSchemas } from './crd-to-schema.js';

/**
 * Our schemas never invent or drift: every field they accept exists upstream at the same path, with
 * the same type, enum values, pattern and bounds; every field the upstream CRD requires is required;
 * and a closed object accepts every field upstream has (or a valid manifest would be flagged).
 * Upstream is the CRD in ../shared/crds (Flux 2.7, Argo CD 3.5, Gateway API 1.6) and, where it
 * exists, the newer flux-schema catalog (Flux 2.9.2): ours is the union of the two, and a field
 * stays required only where both require it.
 */
const shared = path.join(projectRoot(), '..', 'shared');
const crdDir = path.join(shared, 'crds');
const catalogDir = path.join(shared, 'schemas', 'flux-schema-catalog');
const hasCrds = existsSync(crdDir);
if (!hasCrds) console.log(`Skipping the schema drift test: ${crdDir} does not exist (it holds the upstream CRDs).`);

type Node = Record<string, unknown>;
const isObj = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function loadCrds(): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const group of readdirSync(crdDir)) {
    const dir = path.join(crdDir, group);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
        const crd = doc.toJS() as unknown;
        if (!isObj(crd) || crd.kind !== 'CustomResourceDefinition') continue;
        for (const v of crdVersionSchemas(crd)) out.set(`${v.group}/${v.version}/${v.kind}`, v.raw as Node);
      }
    }
  }
  return out;
}

function catalogSchema(group: string, version: string, kind: string): Node | undefined {
  const file = path.join(catalogDir, group, `${kind.toLowerCase()}_${version}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Node) : undefined;
}

function resolve(node: unknown, root: Node): Node {
  let cur = node;
  while (isObj(cur) && typeof cur.$ref === 'string') {
    const name = (cur.$ref as string).replace('#/definitions/', '');
    cur = (root.definitions as Node)[name];
  }
  return isObj(cur) ? cur : {};
}

function ourTypes(o: Node): string[] | undefined {
  if (o.type === undefined) return undefined;
  return (Array.isArray(o.type) ? (o.type as string[]) : [o.type as string]).filter((t) => t !== 'null').sort();
}

function upstreamTypes(u: Node): string[] | undefined {
  if (u['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  if (typeof u.type === 'string') return [u.type];
  if (Array.isArray(u.type)) return (u.type as string[]).filter((t) => t !== 'null').sort();
  return undefined;
}

const props = (n: Node | undefined): Node => (n && isObj(n.properties) ? n.properties : {});
const req = (n: Node | undefined): string[] => (n && Array.isArray(n.required) ? (n.required as string[]) : []);

/** Differences between our schema node and upstream's (u: the CRD, n: the newer catalog, when it has this node). */
function drift(ours: unknown, u: Node, n: Node | undefined, at: string, root: Node, out: string[]): void {
  const o = resolve(ours, root);
  if (Object.keys(o).length === 0) return; // accepts anything
  const ot = ourTypes(o);
  const ut = upstreamTypes(u);
  if (ot && ut && ot.join() !== ut.join()) out.push(`${at}: ours is ${ot.join('|')}, upstream ${ut.join('|')}`);
  if (Array.isArray(o.enum)) {
    const allowed = new Set([...((u.enum as unknown[]) ?? []), ...((n?.enum as unknown[]) ?? [])]);
    for (const v of o.enum) if (!allowed.has(v)) out.push(`${at}: ours allows ${JSON.stringify(v)}, upstream does not`);
    for (const v of allowed) if (!o.enum.includes(v)) out.push(`${at}: upstream allows ${JSON.stringify(v)}, ours does not`);
  }
  for (const k of ['pattern', 'minimum', 'maximum'] as const) {
    if (o[k] !== undefined && o[k] !== u[k] && o[k] !== n?.[k]) out.push(`${at}: ours has ${k} ${String(o[k])}, upstream ${String(u[k])}`);
  }
  const op = props(o);
  const top = at === '';
  for (const [name, child] of Object.entries(op)) {
    const where = top ? name : `${at}.${name}`;
    // metadata is ObjectMeta, which the API server checks itself; status is accepted as exported.
    if (top && (name === 'metadata' || name === 'status')) continue;
    const uc = props(u)[name] as Node | undefined;
    const nc = props(n)[name] as Node | undefined;
    if (!uc && !nc) out.push(`${where}: ours accepts it, upstream has no such field`);
    else drift(child, uc ?? nc!, uc ? nc : undefined, where, root, out);
  }
  if (o.additionalProperties === false) {
    for (const name of new Set([...Object.keys(props(u)), ...Object.keys(props(n))])) {
      if (!(name in op)) out.push(`${top ? name : `${at}.${name}`}: upstream has it, ours rejects it`);
    }
  }
  const ours_required = req(o);
  for (const name of req(u)) {
    const relaxed = n !== undefined && !req(n).includes(name);
    if (!ours_required.includes(name) && !relaxed) out.push(`${at}: upstream requires ${name}, ours does not`);
  }
  for (const name of ours_required) {
    if (top && (name === 'apiVersion' || name === 'kind')) continue;
    if (!req(u).includes(name) && !req(n).includes(name)) out.push(`${at}: ours requires ${name}, upstream does not`);
  }
  if (o.items !== undefined && isObj(u.items)) drift(o.items, u.items, isObj(n?.items) ? n.items : undefined, `${at}[]`, root, out);
  if (isObj(o.additionalProperties) && isObj(u.additionalProperties)) {
    drift(o.additionalProperties, u.additionalProperties, isObj(n?.additionalProperties) ? n.additionalProperties : undefined, `${at}{}`, root, out);
  }
}

describe.skipIf(!hasCrds)('built-in schemas against the upstream CRDs', () => {
  const crds = hasCrds ? loadCrds() : new Map<string, Node>();

  it('accept exactly the fields, types and values upstream accepts, and require what upstream requires', () => {
    const problems: string[] = [];
    for (const k of builtInKinds) {
      if (k.group === 'kustomize.config.k8s.io') continue; // no CRD: kustomize's own Go types
      const crd = crds.get(`${k.group}/${k.version}/${k.kind}`);
      if (!crd) {
        problems.push(`${k.group}/${k.version} ${k.kind}: no upstream CRD`);
        continue;
      }
      const out: string[] = [];
      const doc = document(k);
      drift(doc, crd, catalogSchema(k.group, k.version, k.kind), '', doc, out);
      problems.push(...out.map((p) => `${k.kind} ${k.version}: ${p}`));
    }
    expect(problems).toEqual([]);
  });

  it('turns every upstream CRD into a schema ajv compiles', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, addUsedSchema: false });
    const failed: string[] = [];
    for (const [key, raw] of crds) {
      try {
        ajv.compile(crdToJsonSchema(raw));
      } catch (e) {
        failed.push(`${key}: ${(e as Error).message}`);
      }
    }
    expect(crds.size).toBeGreaterThan(20);
    expect(failed).toEqual([]);
  });
});
