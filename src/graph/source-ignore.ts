import ignore, { type Ignore } from 'ignore';
import { parseIgnoreFile } from '../load/load-repo.js';
import type { IgnoreFile } from '../load/types.js';
import { joinPath } from './paths.js';
import { getStr } from './read.js';
import type { Resource } from './types.js';

interface Layer {
  /** What to name in messages: the ignore file's path, or the GitRepository field. */
  label: string;
  /** Patterns rewritten relative to the repository root. */
  patterns: string[];
}

/**
 * What source-controller leaves out of a GitRepository artifact: every `.sourceignore` in the
 * tree (each relative to its own folder, deeper files overriding shallower ones, as in
 * gitignore), then the GitRepository's `spec.ignore`, which may re-include what they exclude.
 */
export class SourceIgnore {
  private readonly fileLayers: Layer[];
  private readonly bySource = new Map<string, Layer[]>();

  constructor(ignoreFiles: readonly IgnoreFile[]) {
    this.fileLayers = ignoreFiles
      .filter((f) => f.file === '.sourceignore')
      .sort((a, b) => depth(a.dir) - depth(b.dir) || (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
      .map((f) => ({ label: joinPath(f.dir, f.file), patterns: f.patterns.map((p) => rootPattern(f.dir, p)) }));
  }

  /** The ignore file (or field) that excludes folder `dir` from `source`'s artifact; undefined when it is kept. */
  excludedBy(dir: string, source: Resource | undefined): string | undefined {
    if (dir === '') return undefined; // the artifact root always exists
    const layers = this.layers(source);
    if (layers.length === 0) return undefined;
    const target = `${dir}/`;
    const results = layers.map((_, k) => build(layers.slice(0, k + 1)).ignores(target));
    if (!results[results.length - 1]) return undefined;
    // The layer that made it excluded for good: the first one after which every prefix excludes it.
    let k = results.length - 1;
    while (k > 0 && results[k - 1]) k--;
    return layers[k]!.label;
  }

  private layers(source: Resource | undefined): Layer[] {
    const spec = source?.kind === 'GitRepository' ? getStr(source.body, 'spec', 'ignore') : undefined;
    if (!source || spec === undefined) return this.fileLayers;
    let layers = this.bySource.get(source.id);
    if (!layers) {
      const label = `spec.ignore of GitRepository "${source.name}"`;
      layers = [...this.fileLayers, { label, patterns: parseIgnoreFile(spec).map((p) => rootPattern('', p)) }];
      this.bySource.set(source.id, layers);
    }
    return layers;
  }
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function build(layers: readonly Layer[]): Ignore {
  const ig = ignore();
  for (const l of layers) ig.add(l.patterns);
  return ig;
}

/**
 * Rewrites a gitignore pattern from an ignore file in `dir` so it reads the same from the root.
 * A pattern with a slash at its start or middle is anchored to the file's folder; one without
 * (or with only a trailing slash) matches at any depth below it.
 */
export function rootPattern(dir: string, pattern: string): string {
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const bang = negated ? '!' : '';
  const anchored = body.startsWith('/') || body.replace(/\/+$/, '').includes('/');
  const rel = body.startsWith('/') ? body.slice(1) : body;
  if (dir === '') return `${bang}${anchored ? `/${rel}` : rel}`;
  return `${bang}${anchored ? `${dir}/${rel}` : `${dir}/**/${rel}`}`;
}
