import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from './gen.js';
import { argoKinds } from './schema-defs/argo.js';
import { document, type KindSchema } from './schema-defs/dsl.js';
import { fluxKinds } from './schema-defs/flux.js';
import { gatewayKinds } from './schema-defs/gateway.js';
import { kustomizeKinds } from './schema-defs/kustomize.js';

/** Every kind omni-lint ships a schema for. */
export const builtInKinds: readonly KindSchema[] = [...fluxKinds, ...argoKinds, ...gatewayKinds, ...kustomizeKinds];

/**
 * Where a kind's schema lives under schemas/: kubeconform's catalog layout `{group}/{kind}_{version}.json`
 * (lower case), except kustomize's files, which are not Kubernetes objects: `kustomize/{kind}.json`.
 */
export function schemaFile(k: Pick<KindSchema, 'group' | 'version' | 'kind'>): string {
  if (k.group === 'kustomize.config.k8s.io') return `kustomize/${k.kind.toLowerCase()}.json`;
  return `${k.group}/${k.kind.toLowerCase()}_${k.version}.json`;
}

/** schemas/ file → text, generated from the compact field lists in src/dev/schema-defs/. */
export function renderSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of builtInKinds) out.set(schemaFile(k), `${JSON.stringify(document(k), null, 2)}\n`);
  return out;
}

function main(check: boolean): number {
  const dir = path.join(projectRoot(), 'schemas');
  const stale: string[] = [];
  for (const [file, text] of renderSchemas()) {
    const target = path.join(dir, file);
    if ((existsSync(target) ? readFileSync(target, 'utf8') : '') === text) continue;
    stale.push(file);
    if (check) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  if (check && stale.length > 0) {
    console.error(`Stale schemas: ${stale.join(', ')}. Run npm run build && node dist/src/dev/gen-schemas.js.`);
    return 1;
  }
  console.log(check ? 'Schemas are up to date.' : `Wrote ${stale.length} schema file(s) under schemas/.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.includes('--check'));
}
