import type { Severity } from './types.js';

/**
 * Findings the engine itself reports, under ids that are not rules: they cannot be configured or
 * turned off, and they appear in --list-rules and in SARIF's rule list like rules do.
 */
export interface EngineFindingMeta {
  id: string;
  severity: Severity;
  description: string;
  rationale: string;
}

export const INTERNAL_ERROR = 'internal-error';
export const SUPPRESSION_DIRECTIVE = 'suppression-directive';

export const ENGINE_FINDINGS: readonly EngineFindingMeta[] = [
  {
    id: INTERNAL_ERROR,
    severity: 'error',
    description: 'A rule crashed; its other findings are missing. Report it as a bug in omni-lint.',
    rationale:
      'When a rule throws, the engine reports the crash as this finding, naming the rule and the file it was checking, and runs every ' +
      'other rule as usual, so one bug never hides the rest of the report. The exit code stays 1 (findings), not 2: the run finished.',
  },
  {
    id: SUPPRESSION_DIRECTIVE,
    severity: 'warning',
    description: 'Give every omni-lint-disable directive a reason, a known rule id and a finding to suppress.',
    rationale:
      'A directive without a reason hides a problem without telling reviewers why; one that names an unknown rule or suppresses nothing ' +
      'is stale and should go.',
  },
];

/**
 * Which file a crashed rule was looking at. The rule is run again over a view of the graph that
 * notes the file of the last resource, kustomization, edge origin or YAML file it read from; rules
 * are pure functions of the graph, so the second run fails at the same place. Undefined when it does
 * not fail again or touched no file.
 */
export function fileAtCrash<G extends object, Q extends object>(run: (graph: G, query: Q) => void, graph: G, query: Q): string | undefined {
  const tracker = { last: undefined as string | undefined, failed: false };
  const proxies = new WeakMap<object, object>();
  const targets = new WeakMap<object, object>();
  const unwrap = (v: unknown): unknown => (v !== null && typeof v === 'object' ? (targets.get(v) ?? v) : v);
  const wrap = (value: unknown, owner: string | undefined): unknown => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    const target = value as object;
    const cached = proxies.get(target);
    if (cached) return cached;
    const own = fileOf(target) ?? owner;
    // Maps, Sets, iterators and the like check their receiver: their methods run on the real object.
    const native = isNative(target);
    const proxy: object = new Proxy(target, {
      get(t, key, receiver) {
        if (own !== undefined) tracker.last = own;
        const v = Reflect.get(t, key, native ? t : receiver) as unknown;
        const d = Object.getOwnPropertyDescriptor(t, key);
        if (d && !d.configurable && !d.writable) return v; // a proxy must return these as they are
        if (typeof v !== 'function') return wrap(v, own);
        const fn = v as (...a: unknown[]) => unknown;
        return native ? (...args: unknown[]) => wrap(fn.apply(t, args.map(unwrap)), own) : (...args: unknown[]) => wrap(fn.apply(proxy, args), own);
      },
      apply(fn, thisArg, args) {
        return wrap(Reflect.apply(fn as (...a: unknown[]) => unknown, thisArg, args), own);
      },
    });
    proxies.set(target, proxy);
    targets.set(proxy, target);
    return proxy;
  };
  try {
    run(wrap(graph, undefined) as G, wrap(query, undefined) as Q);
  } catch {
    tracker.failed = true;
  }
  return tracker.failed ? tracker.last : undefined;
}

function isNative(o: object): boolean {
  if (o instanceof Map || o instanceof Set || o instanceof WeakMap || o instanceof WeakSet || o instanceof Date || o instanceof RegExp || o instanceof Promise) return true;
  const tag = Object.prototype.toString.call(o);
  return tag.endsWith(' Iterator]') || tag === '[object Generator]';
}

/** The repo-relative file an object stands for: `file` of resources, kustomizations and edge origins, `path` of YAML files. */
function fileOf(o: object): string | undefined {
  const { file, path, docs } = o as { file?: unknown; path?: unknown; docs?: unknown };
  if (typeof file === 'string') return file;
  if (typeof path === 'string' && Array.isArray(docs)) return path;
  return undefined;
}
