import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { crdToJsonSchema, crdVersionSchemas } from './crd-to-schema.js';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, addUsedSchema: false });

function validator(openApi: unknown) {
  const validate = ajv.compile(crdToJsonSchema(openApi));
  return (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
const top = (spec: Record<string, unknown>) => obj({ apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec });
const doc = (spec: unknown, metadata: unknown = { name: 'x' }) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec });

describe('crdToJsonSchema', () => {
  it('closes objects that list their fields, so a misspelt field is an error', () => {
    const check = validator(top(obj({ sourceRef: obj({ name: { type: 'string' } }) })));
    expect(check(doc({ sourceRef: { name: 'a' } }))).toEqual([]);
    expect(check(doc({ sourceref: { name: 'a' } }))).toEqual(['/spec must NOT have additional properties']);
    expect(check({ ...doc({}), specs: {} })).toEqual([' must NOT have additional properties']);
  });

  it('adds null to the type of nullable fields', () => {
    const check = validator(top(obj({ replicas: { type: 'integer', nullable: true }, mode: { type: 'string', enum: ['a'], nullable: true } })));
    expect(check(doc({ replicas: null, mode: null }))).toEqual([]);
    expect(check(doc({ replicas: 'x' }))).toEqual(['/spec/replicas must be integer,null']);
  });

  it('accepts an integer or a string for x-kubernetes-int-or-string, dropping the anyOf that usually comes with it', () => {
    const check = validator(top(obj({ maxUnavailable: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } })));
    expect(check(doc({ maxUnavailable: 1 }))).toEqual([]);
    expect(check(doc({ maxUnavailable: '25%' }))).toEqual([]);
    expect(check(doc({ maxUnavailable: true }))).toEqual(['/spec/maxUnavailable must be integer,string']);
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields, still checking the fields it lists', () => {
    const check = validator(top(obj({ values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, config: obj({ port: { type: 'integer' } }, { 'x-kubernetes-preserve-unknown-fields': true }) })));
    expect(check(doc({ values: { anything: { at: ['all'] } }, config: { port: 80, extra: true } }))).toEqual([]);
    expect(check(doc({ config: { port: 'eighty' } }))).toEqual(['/spec/config/port must be integer']);
  });

  it('gives embedded resources apiVersion, kind and metadata', () => {
    const embedded = { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
    const check = validator(top(obj({ template: embedded })));
    expect(check(doc({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { containers: [] } } }))).toEqual([]);
    expect(check(doc({ template: { apiVersion: 'v1', kind: 'Pod', status: {} } }))).toEqual(['/spec/template must NOT have additional properties']);
  });

  it('checks top-level metadata as ObjectMeta, whatever the CRD says about it', () => {
    const check = validator(top(obj({})));
    expect(check(doc({}, { name: 'a', labels: { app: 'a' }, annotations: { 'x/y': 'z' } }))).toEqual([]);
    expect(check(doc({}, { name: 'a', label: { app: 'a' } }))).toEqual(['/metadata must NOT have additional properties']);
    expect(check(doc({}, { name: 'a', labels: { replicas: 3 } }))).toEqual(['/metadata/labels/replicas must be string']);
  });

  it('converts maps, lists, bounds and OpenAPI 3.0 exclusive bounds', () => {
    const check = validator(
      top(
        obj({
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          ports: { type: 'array', maxItems: 2, items: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 65535 } },
        }),
      ),
    );
    expect(check(doc({ labels: { a: 'b' }, ports: [80, 443] }))).toEqual([]);
    expect(check(doc({ labels: { a: 1 }, ports: [0, 1, 2] }))).toEqual([
      '/spec/labels/a must be string',
      '/spec/ports must NOT have more than 2 items',
      '/spec/ports/0 must be > 0',
    ]);
  });

  it('drops CEL rules, formats, defaults and descriptions', () => {
    const schema = crdToJsonSchema(
      top(obj({ at: { type: 'string', format: 'date-time', default: 'now', description: 'when', 'x-kubernetes-validations': [{ rule: 'self != ""' }] } })),
    );
    expect((schema.properties as Record<string, { properties: Record<string, unknown> }>).spec!.properties.at).toEqual({ type: 'string' });
  });
});

describe('crdVersionSchemas', () => {
  it('reads every version of an apiextensions v1 CRD', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com',
        names: { kind: 'Widget' },
        versions: [
          { name: 'v1', schema: { openAPIV3Schema: top(obj({})) } },
          { name: 'v1beta1', schema: { openAPIV3Schema: top(obj({ old: { type: 'string' } })) } },
          { name: 'v1alpha1' },
        ],
      },
    };
    const versions = crdVersionSchemas(crd);
    expect(versions.map((v) => `${v.group}/${v.version} ${v.kind}`)).toEqual(['example.com/v1 Widget', 'example.com/v1beta1 Widget']);
    expect(Object.keys((versions[1]!.schema().properties as { spec: { properties: object } }).spec.properties)).toEqual(['old']);
  });

  it('reads the shared schema of an apiextensions v1beta1 CRD', () => {
    const crd = { spec: { group: 'example.com', names: { kind: 'Widget' }, version: 'v1', validation: { openAPIV3Schema: top(obj({})) } } };
    expect(crdVersionSchemas(crd).map((v) => v.version)).toEqual(['v1']);
  });

  it('ignores documents that are not CRDs', () => {
    expect(crdVersionSchemas({ spec: { group: 'x' } })).toEqual([]);
    expect(crdVersionSchemas('text')).toEqual([]);
  });
});
