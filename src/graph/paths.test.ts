import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../bench/generate-repo.js';
import { resolveInRepo } from './paths.js';

/** resolveInRepo as it was before its fast path for plain names: the reference it must agree with. */
function reference(baseDir: string, raw: string): string | undefined {
  const cleaned = raw.replace(/\\/g, '/');
  const joined = cleaned.startsWith('/') ? cleaned.slice(1) : path.posix.join(baseDir || '.', cleaned);
  const normal = path.posix.normalize(joined).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' ? '' : normal;
}

const SEGMENTS = ['apps', 'base', 'kustomization.yaml', '.', '..', '', '.hidden', '..x', 'x..', '...', 'a b', 'a\\b', '.\\', 'é'];

function pathLike(rng: Rng): string {
  const parts = Array.from({ length: rng.int(0, 4) }, () => rng.pick(SEGMENTS));
  return rng.pick(['', '', '', './', '/', '././', './/']) + parts.join('/') + rng.pick(['', '', '', '/', '//']);
}

describe('resolveInRepo', () => {
  it('resolves references against their folder as path.posix would, climbing out of the root giving undefined', () => {
    expect(resolveInRepo('apps/web', 'deployment.yaml')).toBe('apps/web/deployment.yaml');
    expect(resolveInRepo('apps/web', './overlays/prod/')).toBe('apps/web/overlays/prod');
    expect(resolveInRepo('apps/web', '../base')).toBe('apps/base');
    expect(resolveInRepo('', './')).toBe('');
    expect(resolveInRepo('apps', '/clusters/prod')).toBe('clusters/prod');
    expect(resolveInRepo('apps', '/')).toBe('');
    expect(resolveInRepo('apps', '../..')).toBeUndefined();
    expect(resolveInRepo('apps/web/', 'values.yaml')).toBe('apps/web/values.yaml');
  });

  it('gives the reference answer on 50k generated folder and reference pairs', () => {
    // Seeded, so a failure names an input that reproduces.
    const rng = new Rng(7);
    for (let i = 0; i < 50_000; i++) {
      const base = rng.chance(0.3) ? '' : pathLike(rng);
      const raw = pathLike(rng);
      expect(resolveInRepo(base, raw), JSON.stringify({ base, raw })).toBe(reference(base, raw));
    }
  });
});
