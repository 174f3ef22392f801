import type { DeliveryNode } from './graph-model.js';

/** Ownership conflicts are drawn in this red. */
export const CONFLICT_COLOR = '#d32f2f';

const PREFIX: Record<DeliveryNode['kind'], string> = {
  source: 'src',
  chart: 'chart',
  kustomization: 'ks',
  helmrelease: 'hr',
  application: 'app',
  applicationset: 'appset',
  folder: 'dir',
};

/** Readable identifiers for Mermaid and DOT (`hr_external_dns_external_dns`), unique within one graph. */
export function shortIds(nodes: readonly DeliveryNode[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of nodes) {
    const slug = n.name.replace(/ \(.*\)$/, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'root';
    const base = `${PREFIX[n.kind]}_${slug}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    out.set(n.id, id);
  }
  return out;
}
