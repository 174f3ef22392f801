import type { YamlPath } from '../../load/types.js';
import { isRemoteRef, isTemplated, resolveInRepo } from '../paths.js';
import type { Edge, EdgeKind, Origin, PathExpectation, Target } from '../types.js';

/** Collects edges as extractors find them; statuses are settled later by resolve.ts. */
export class EdgeSink {
  readonly edges: Edge[] = [];

  add(kind: EdgeKind, from: Origin, target: Target): Edge {
    const edge: Edge = { kind, from, target, status: 'unknown' };
    this.edges.push(edge);
    return edge;
  }

  /** A path reference relative to `baseDir`: remote URLs, templated values and escapes are settled here. */
  path(kind: EdgeKind, from: Origin, baseDir: string, raw: string, expect: PathExpectation): Edge {
    if (isRemoteRef(raw)) {
      const edge = this.add(kind, from, { type: 'remote', url: raw });
      edge.status = 'remote';
      return edge;
    }
    const resolved = resolveInRepo(baseDir, raw);
    const edge = this.add(kind, from, { type: 'path', raw, path: resolved ?? raw, expect });
    if (isTemplated(raw)) edge.status = 'unknown';
    else if (resolved === undefined) edge.status = 'outside-root';
    return edge;
  }
}

export function at(origin: Omit<Origin, 'path'>, path: YamlPath): Origin {
  // Spelled out: a spread clones generically, and this runs once per edge.
  return origin.resource ? { file: origin.file, doc: origin.doc, path, resource: origin.resource } : { file: origin.file, doc: origin.doc, path };
}
