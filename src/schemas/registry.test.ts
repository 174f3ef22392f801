import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';
import { renderSchemas } from '../dev/gen-schemas.js';
import { toResource } from '../graph/build.js';
import { closestName } from './problems.js';
import { builtInValidatorKey, MANIFEST_FILE, SchemaRegistry, textHash, type PrebuiltManifest, type SchemaValidator } from './registry.js';

const gitRepository = (spec: unknown) => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'a' }, spec });
const crd = (properties: Record<string, unknown>) =>
  toResource('crds/gitrepositories.yaml', 0, {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gitrepositories.source.toolkit.fluxcd.io' },
    spec: {
      group: 'source.toolkit.fluxcd.io',
      names: { kind: 'GitRepository' },
      versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties } } } } }],
    },
  })!;

function catalog(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-catalog-'));
  for (const [file, schema] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof schema === 'string' ? schema : JSON.stringify(schema));
  }
  return dir;
}

const validatorOf = (v: ReturnType<ReturnType<SchemaRegistry['forRepo']>['find']>): SchemaValidator => {
  if (!v || 'error' in v) throw new Error(`expected a validator, got ${JSON.stringify(v)}`);
  return v;
};

describe('schemas/', () => {
  it('holds exactly what src/dev/gen-schemas.ts generates (run npm run build && node dist/src/dev/gen-schemas.js when this fails)', () => {
    const stale = [...renderSchemas()].filter(([file, text]) => {
      const target = path.join(projectRoot(), 'schemas', file);
      return !existsSync(target) || readFileSync(target, 'utf8') !== text;
    });
    expect(stale.map(([file]) => file)).toEqual([]);
  });
});

describe('SchemaRegistry', () => {
  it('compiles each built-in schema it is asked for, once', () => {
    const registry = new SchemaRegistry();
    const schemas = registry.forRepo([]);
    const v = validatorOf(schemas.find('source.toolkit.fluxcd.io', 'v1', 'GitRepository'));
    expect(v.source).toBe("omni-lint's built-in schema");
    expect(v.check(gitRepository({ interval: '1m', url: 'https://example.com/repo' }))).toEqual([]);
    expect(v.check(gitRepository({ interval: '1m', url: 'https://example.com/repo', refs: {} })).map((p) => p.data.field)).toEqual(['spec.refs']);
    registry.forRepo([]).find('source.toolkit.fluxcd.io', 'v1', 'GitRepository');
    expect(schemas.find('source.toolkit.fluxcd.io', 'v1beta2', 'GitRepository')).toBeUndefined();
    expect(schemas.find('apps', 'v1', 'Deployment')).toBeUndefined();
    expect(registry.stats.compiled).toBe(1);
  });

  it('finds kustomize files under schemas/kustomize/ whatever the version', () => {
    const schemas = new SchemaRegistry().forRepo([]);
    const v = validatorOf(schemas.find('kustomize.config.k8s.io', 'v1beta1', 'Kustomization'));
    expect(v.check({ resources: ['a.yaml'] })).toEqual([]);
    expect(v.check({ resorces: ['a.yaml'] }).map((p) => `${p.data.field}${p.data.hint}`)).toEqual(['resorces (did you mean resources?)']);
    expect(validatorOf(schemas.find('kustomize.config.k8s.io', 'v1alpha1', 'Component')).check({ kind: 'Component', patches: [] })).toEqual([]);
  });

  it('prefers the repository CRD, then the catalogs in order, then the built-in schema', () => {
    const first = catalog({ 'source.toolkit.fluxcd.io/gitrepository_v1.json': { type: 'object', properties: { spec: { type: 'object', required: ['fromFirst'] } } } });
    const second = catalog({ 'source.toolkit.fluxcd.io/gitrepository_v1.json': { type: 'object', properties: { spec: { type: 'object', required: ['fromSecond'] } } } });
    const registry = new SchemaRegistry({ locations: [first, second] });
    expect(validatorOf(registry.forRepo([]).find('source.toolkit.fluxcd.io', 'v1', 'GitRepository')).source).toBe(
      `the schema in ${path.join(first, 'source.toolkit.fluxcd.io/gitrepository_v1.json')}`,
    );
    const withCrd = validatorOf(registry.forRepo([crd({ url: { type: 'string' } })]).find('source.toolkit.fluxcd.io', 'v1', 'GitRepository'));
    expect(withCrd.source).toBe('the CRD in crds/gitrepositories.yaml');
    expect(withCrd.check(gitRepository({ url: 'x', interval: '1m' })).map((p) => `${p.kind} ${p.data.field}`)).toEqual(['unknownField spec.interval']);
    // The built-in schema still answers for kinds neither the CRD nor the catalogs describe.
    expect(validatorOf(registry.forRepo([]).find('source.toolkit.fluxcd.io', 'v1', 'OCIRepository')).source).toBe("omni-lint's built-in schema");
  });

  it('reads kubeconform-style catalogs: lower-case kinds, core group as core, $schema and unusable patterns dropped', () => {
    const dir = catalog({
      'core/configmap_v1.json': {
        $schema: 'http://json-schema.org/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { apiVersion: {}, kind: {}, metadata: {}, data: { type: 'object', additionalProperties: { type: 'string' } } },
      },
      'example.com/widget_v1.json': { type: 'object', properties: { name: { type: 'string', pattern: '(?i)^[a-z]+$' } } },
      'example.com/broken_v1.json': '{ not json',
    });
    const schemas = new SchemaRegistry({ locations: [dir], builtIn: false }).forRepo([]);
    const configMap = validatorOf(schemas.find('', 'v1', 'ConfigMap'));
    expect(configMap.check({ apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } })).toEqual([]);
    expect(configMap.check({ apiVersion: 'v1', kind: 'ConfigMap', data: { port: 80 } }).map((p) => `${p.kind} ${p.data.field}`)).toEqual(['type data.port']);
    expect(validatorOf(schemas.find('example.com', 'v1', 'Widget')).check({ name: 'ABC' })).toEqual([]);
    expect(schemas.find('example.com', 'v1', 'Broken')).toMatchObject({ error: expect.stringContaining('JSON') });
    expect(schemas.find('source.toolkit.fluxcd.io', 'v1', 'GitRepository')).toBeUndefined();
  });

  const manifestFile = path.join(projectRoot(), 'dist', 'schemas-compiled', MANIFEST_FILE);
  it.skipIf(!existsSync(manifestFile))('npm run build records which validator every built-in schema file became', () => {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PrebuiltManifest;
    const root = path.join(projectRoot(), 'schemas');
    const files = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => `${d.name}/${f}`));
    expect(Object.keys(manifest).sort()).toEqual(files.sort());
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(manifest[file]).toEqual({ text: textHash(text), key: builtInValidatorKey(text) });
      expect(existsSync(path.join(path.dirname(manifestFile), `${manifest[file]!.key}.cjs`))).toBe(true);
    }
  });

  it('finds the same problems, in the same words, with the validators npm run build compiled as when compiling', () => {
    const docs: [string, string, string, unknown][] = [
      ['kustomize.config.k8s.io', 'v1beta1', 'Kustomization', { resorces: [], images: [{ name: 'a', newTag: 1.2 }] }],
      ['kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'a' }, spec: { interval: 5, prune: 'yes', sourceRef: { kind: 'Git' } } }],
      ['argoproj.io', 'v1alpha1', 'Application', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a' }, spec: { project: 1, destinaton: {} } }],
    ];
    const words = (registry: SchemaRegistry) => docs.map(([g, v, k, doc]) => validatorOf(registry.forRepo([]).find(g, v, k)).check(doc));
    const compiled = words(new SchemaRegistry({ prebuilt: false }));
    expect(compiled.every((problems) => problems.length > 0)).toBe(true);
    expect(words(new SchemaRegistry())).toEqual(compiled);
  });

  it('keeps compiled validators in cacheDir, which a later run loads instead of compiling', () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-schema-cache-'));
    const problems = (registry: SchemaRegistry) =>
      validatorOf(registry.forRepo([]).find('kustomize.config.k8s.io', 'v1beta1', 'Kustomization'))
        .check({ resorces: [], images: [{ name: 'a', newTag: 1.2 }] })
        .map((p) => `${p.kind} ${p.data.field}${p.data.hint}`);
    const cold = problems(new SchemaRegistry({ cacheDir, prebuilt: false }));
    expect(cold).toEqual(['unknownField resorces (did you mean resources?)', 'type images[0].newTag (quote it: YAML reads it as a number or boolean)']);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const warm = new SchemaRegistry({ cacheDir, prebuilt: false });
    expect(problems(warm)).toEqual(cold);
    // Proof that the second run loads the stored code: replace it with a validator that says so.
    const [file] = readdirSync(cacheDir);
    writeFileSync(
      path.join(cacheDir, file!),
      "module.exports = function v() { v.errors = [{ instancePath: '', schemaPath: '#/required', keyword: 'required', params: { missingProperty: 'fromCache' } }]; return false; };",
    );
    expect(problems(new SchemaRegistry({ cacheDir, prebuilt: false }))).toEqual(['required fromCache']);
  });

  const fluxCatalog = path.join(projectRoot(), '..', 'shared', 'schemas', 'flux-schema-catalog');
  it.skipIf(!existsSync(fluxCatalog))('uses the flux-schema catalog for core kinds', () => {
    const schemas = new SchemaRegistry({ locations: [fluxCatalog] }).forRepo([]);
    const deployment = validatorOf(schemas.find('apps', 'v1', 'Deployment'));
    const valid = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: '${REPLICAS}', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    expect(deployment.check(valid)).toEqual([]);
    expect(deployment.check({ ...valid, spec: { ...valid.spec, replica: 2 } }).map((p) => `${p.data.field}${p.data.hint}`)).toEqual(['spec.replica (did you mean spec.replicas?)']);
  });
});

describe('closestName', () => {
  it('matches another case first, then names a typo or two away, never an ambiguous one', () => {
    expect(closestName('sourceref', ['sourceRef', 'suspend'])).toBe('sourceRef');
    expect(closestName('intervall', ['interval', 'timeout'])).toBe('interval');
    expect(closestName('ab', ['ax', 'ay'])).toBeUndefined();
    expect(closestName('unrelated', ['interval', 'timeout'])).toBeUndefined();
  });
});
