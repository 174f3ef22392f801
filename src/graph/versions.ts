import { arr, get, getStr, isObj, str } from './read.js';
import type { Graph } from './types.js';

/**
 * Whether a Helm chart version (Flux spec.chart.spec.version, Argo CD targetRevision, OCIRepository
 * ref.semver) names one release: a full semver, optionally with `v` or `=`. Ranges, wildcards and
 * partial versions (`1.2` is `~1.2` to Masterminds/semver, which Helm, Flux and Argo CD use) float.
 */
export function isExactVersion(v: string): boolean {
  return /^=?\s*v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v.trim());
}

/**
 * Go durations (`1m30s`, `500ms`, `1h`) in milliseconds, as Flux and kubectl read them;
 * undefined for anything else (templated values, typos).
 */
export function parseDuration(v: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const s = v.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return s === '0' ? 0 : undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]!]!;
  return total;
}

/**
 * Names of `kind` objects (by metadata.name, or `*` for a patch that names none) whose `field`
 * (a key such as `version:`) an inline kustomize patch sets: kustomization.yaml `patches` and a
 * Flux Kustomization's spec.patches. Those patch strings are not documents of their own.
 */
export function inlinePatchedNames(graph: Graph, kind: string, field: string): Set<string> {
  const out = new Set<string>();
  const lists: unknown[][] = graph.kustomizeFiles.map((k) => arr(k.body.patches));
  for (const r of graph.resources) if (r.kind === 'Kustomization' && r.group === 'kustomize.toolkit.fluxcd.io') lists.push(arr(get(r.body, 'spec', 'patches')));
  for (const list of lists) {
    for (const p of list) {
      const text = str(get(p, 'patch'));
      if (!text || !new RegExp(`(^|\\s|")${field}"?\\s*:`, 'm').test(text) && !text.includes(`/${field}`)) continue;
      const target = get(p, 'target');
      const targetKind = getStr(target, 'kind');
      if (targetKind ? targetKind !== kind : !new RegExp(`kind:\\s*"?${kind}"?`).test(text)) continue;
      const name = (isObj(target) ? getStr(target, 'name') : undefined) ?? /^\s*name:\s*"?([^"\s]+)"?/m.exec(text)?.[1];
      out.add(name ?? '*');
    }
  }
  return out;
}
