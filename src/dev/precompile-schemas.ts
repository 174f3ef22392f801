import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtInSchemaDir, builtInValidatorKey, MANIFEST_FILE, SchemaRegistry, textHash, type PrebuiltManifest } from '../schemas/registry.js';

/**
 * Part of `npm run build`: compiles every built-in schema once into ajv standalone code under
 * dist/schemas-compiled/, which SchemaRegistry loads instead of compiling (about 3 ms instead of
 * 20-100 ms a schema, paid on every run before), with a manifest of which file became which.
 */
const schemas = builtInSchemaDir();
const out = path.join(path.dirname(schemas), 'dist', 'schemas-compiled');
rmSync(out, { recursive: true, force: true });
const registry = new SchemaRegistry({ cacheDir: out });
const provider = registry.forRepo([]);
let count = 0;
// Which validator each schema file became, so that a run checks a hash of the file's text instead of
// parsing it and hashing the parsed schema (registry.ts prebuiltEntry).
const manifest: PrebuiltManifest = {};
for (const group of readdirSync(schemas, { withFileTypes: true })) {
  if (!group.isDirectory()) continue;
  for (const file of readdirSync(path.join(schemas, group.name))) {
    const text = readFileSync(path.join(schemas, group.name, file), 'utf8');
    manifest[`${group.name}/${file}`] = { text: textHash(text), key: builtInValidatorKey(text) };
    if (group.name === 'kustomize') {
      provider.find('kustomize.config.k8s.io', 'v1beta1', file.replace(/\.json$/, ''));
    } else {
      const m = /^(.+)_([^_]+)\.json$/.exec(file);
      if (!m) continue;
      provider.find(group.name === 'core' ? '' : group.name, m[2]!, m[1]!);
    }
    count++;
  }
}
writeFileSync(path.join(out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`Precompiled ${count} built-in schemas into ${path.relative(process.cwd(), out) || out}.`);
