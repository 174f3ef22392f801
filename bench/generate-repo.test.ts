import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateRepo, type Breakage, type GenerateResult } from './generate-repo.js';

const REQUESTED = 200;
const SEED = 42;

const tempDirs: string[] = [];
function tempDir(tag: string): string {
  const d = mkdtempSync(join(tmpdir(), `omni-lint-gen-${tag}-`));
  tempDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** All files under root, as sorted POSIX-style relative paths. */
function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const k of path) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Doc {
  file: string;
  obj: Obj;
}

function loadDocs(root: string): Doc[] {
  const docs: Doc[] = [];
  for (const file of walk(root)) {
    for (const d of parseAllDocuments(readFileSync(join(root, file), 'utf8'))) {
      const obj: unknown = d.toJS();
      if (isObj(obj)) docs.push({ file, obj });
    }
  }
  return docs;
}

/**
 * A tiny reference checker, independent of the generator, that reports the same
 * three problem kinds the generator can plant. Also checks the references that the
 * generator always keeps valid (HelmRelease sources/values/deps, Argo paths/projects,
 * HTTPRoute parents/backends), reporting them as kind 'other'.
 */
function checkRefs(root: string): string[] {
  const docs = loadDocs(root);
  const names = (apiPrefix: string, kind: string): Set<string> =>
    new Set(
      docs
        .filter((d) => String(d.obj['apiVersion']).startsWith(apiPrefix) && d.obj['kind'] === kind)
        .map((d) => String(get(d.obj, 'metadata', 'name'))),
    );
  const sources: Record<string, Set<string>> = {
    GitRepository: names('source.toolkit.fluxcd.io/', 'GitRepository'),
    OCIRepository: names('source.toolkit.fluxcd.io/', 'OCIRepository'),
    HelmRepository: names('source.toolkit.fluxcd.io/', 'HelmRepository'),
  };
  const fluxKs = names('kustomize.toolkit.fluxcd.io/', 'Kustomization');
  const releases = names('helm.toolkit.fluxcd.io/', 'HelmRelease');
  const configMaps = new Set(
    docs
      .filter((d) => d.obj['kind'] === 'ConfigMap' && get(d.obj, 'metadata', 'namespace') === 'flux-system')
      .map((d) => String(get(d.obj, 'metadata', 'name'))),
  );
  const projects = names('argoproj.io/', 'AppProject');
  const gateways = names('gateway.networking.k8s.io/', 'Gateway');

  const problems: string[] = [];
  const report = (kind: string, file: string, target: string): void => {
    problems.push(`${kind} ${file} ${target}`);
  };
  const exists = (p: string): boolean => existsSync(join(root, p));

  for (const { file, obj } of docs) {
    const api = String(obj['apiVersion']);
    const kind = obj['kind'];
    const dir = posix.dirname(file);
    if (api.startsWith('kustomize.config.k8s.io/')) {
      for (const r of arr(obj['resources'])) if (!exists(posix.join(dir, String(r)))) report('missing-resource', file, String(r));
      for (const p of arr(obj['patches'])) {
        const path = get(p, 'path');
        if (typeof path === 'string' && !exists(posix.join(dir, path))) report('other', file, path);
      }
    } else if (api.startsWith('kustomize.toolkit.fluxcd.io/') && kind === 'Kustomization') {
      const srcKind = String(get(obj, 'spec', 'sourceRef', 'kind'));
      const srcName = String(get(obj, 'spec', 'sourceRef', 'name'));
      if (!sources[srcKind]?.has(srcName)) report('undefined-source', file, srcName);
      for (const d of arr(get(obj, 'spec', 'dependsOn'))) {
        const n = String(get(d, 'name'));
        if (!fluxKs.has(n)) report('missing-dependency', file, n);
      }
      const path = get(obj, 'spec', 'path');
      if (srcName === 'flux-system' && typeof path === 'string' && !exists(path)) report('other', file, path);
    } else if (api.startsWith('helm.toolkit.fluxcd.io/') && kind === 'HelmRelease') {
      const src = String(get(obj, 'spec', 'chart', 'spec', 'sourceRef', 'name'));
      if (!sources['HelmRepository']?.has(src)) report('other', file, src);
      for (const v of arr(get(obj, 'spec', 'valuesFrom'))) {
        const n = String(get(v, 'name'));
        if (!configMaps.has(n)) report('other', file, n);
      }
      for (const d of arr(get(obj, 'spec', 'dependsOn'))) {
        const n = String(get(d, 'name'));
        if (!releases.has(n)) report('other', file, n);
      }
    } else if (api.startsWith('argoproj.io/') && kind === 'Application') {
      const path = String(get(obj, 'spec', 'source', 'path'));
      if (!exists(path)) report('other', file, path);
      const project = String(get(obj, 'spec', 'project'));
      if (!projects.has(project)) report('other', file, project);
    } else if (api.startsWith('argoproj.io/') && kind === 'ApplicationSet') {
      const project = String(get(obj, 'spec', 'template', 'spec', 'project'));
      if (!projects.has(project)) report('other', file, project);
      for (const g of arr(get(obj, 'spec', 'generators'))) {
        for (const d of arr(get(g, 'git', 'directories'))) {
          const glob = String(get(d, 'path')); // apps/*/overlays/<env>
          const [top, , ...rest] = glob.split('/');
          const matches = readdirSync(join(root, String(top))).filter((a) => exists([top, a, ...rest].join('/')));
          if (matches.length === 0) report('other', file, glob);
        }
      }
    } else if (kind === 'HTTPRoute') {
      for (const p of arr(get(obj, 'spec', 'parentRefs'))) {
        const n = String(get(p, 'name'));
        if (!gateways.has(n)) report('other', file, n);
      }
      const services = new Set(
        docs.filter((d) => d.obj['kind'] === 'Service' && posix.dirname(d.file) === dir).map((d) => String(get(d.obj, 'metadata', 'name'))),
      );
      for (const rule of arr(get(obj, 'spec', 'rules')))
        for (const b of arr(get(rule, 'backendRefs'))) {
          const n = String(get(b, 'name'));
          if (!services.has(n)) report('other', file, n);
        }
    }
  }
  return problems.sort();
}

const breakageKeys = (bs: Breakage[]): string[] => bs.map((b) => `${b.kind} ${b.file} ${b.target}`).sort();

describe('generateRepo', () => {
  const dir = tempDir('main');
  const result: GenerateResult = generateRepo(dir, { files: REQUESTED, seed: SEED });
  const files = walk(dir);

  it('writes about the requested number of files', () => {
    expect(result.files).toBe(files.length);
    expect(Math.abs(files.length - REQUESTED)).toBeLessThanOrEqual(REQUESTED * 0.1);
    const bytes = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(result.bytes).toBe(bytes);
    expect(files.every((f) => f.endsWith('.yaml'))).toBe(true);
    // the many-apps dimension dominates
    expect(files.filter((f) => f.startsWith('apps/')).length).toBeGreaterThan(files.length / 2);
  });

  it('has the expected hybrid Flux + Argo CD layout', () => {
    for (const f of [
      'clusters/production/flux-system/gotk-components.yaml',
      'clusters/production/flux-system/gotk-sync.yaml',
      'clusters/production/flux-system/kustomization.yaml',
      'flux/sources/kustomization.yaml',
      'flux/releases/kustomization.yaml',
      'flux/kustomizations/kustomization.yaml',
      'flux/configs/kustomization.yaml',
      'applications/kustomization.yaml',
      'applications/appprojects.yaml',
    ]) {
      expect(files).toContain(f);
    }
    const docs = loadDocs(dir);
    const kinds = (k: string): Doc[] => docs.filter((d) => d.obj['kind'] === k);
    const crds = kinds('CustomResourceDefinition').map((d) => get(d.obj, 'spec', 'names', 'kind'));
    expect(crds).toEqual(expect.arrayContaining(['GitRepository', 'Kustomization', 'HelmRelease']));
    expect(kinds('HelmRelease').every((d) => d.obj['apiVersion'] === 'helm.toolkit.fluxcd.io/v2')).toBe(true);
    expect(kinds('HelmRelease').length).toBeGreaterThan(0);
    expect(kinds('HelmRepository').length).toBeGreaterThan(0);
    expect(kinds('OCIRepository').length).toBeGreaterThan(0);
    expect(kinds('ApplicationSet').length).toBeGreaterThan(0);
    expect(kinds('AppProject').length).toBeGreaterThan(0);
    const syncOptions = kinds('Application').flatMap((d) => arr(get(d.obj, 'spec', 'syncPolicy', 'syncOptions')));
    expect(syncOptions).toContain('FluxSubsystem=true');
    const fluxAppKs = kinds('Kustomization').filter((d) => d.file.startsWith('flux/kustomizations/') && d.obj['apiVersion'] === 'kustomize.toolkit.fluxcd.io/v1');
    expect(fluxAppKs.some((d) => String(get(d.obj, 'spec', 'path')).startsWith('./apps/'))).toBe(true);
    // anchors/aliases and multi-document files are present
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(text.some((t) => t.includes('&labels') && t.includes('*labels'))).toBe(true);
    expect(text.filter((t) => t.split('\n---').length > 2).length).toBeGreaterThan(3);
  });

  it('produces YAML that parses without errors', () => {
    for (const f of files) {
      const docs = parseAllDocuments(readFileSync(join(dir, f), 'utf8'));
      const errors = docs.flatMap((d) => d.errors.map((e) => `${f}: ${e.message}`));
      expect(errors).toEqual([]);
    }
  });

  it('is deterministic for a seed', () => {
    const again = tempDir('again');
    const r2 = generateRepo(again, { files: REQUESTED, seed: SEED });
    expect(r2).toEqual(result);
    expect(walk(again)).toEqual(files);
    for (const f of files) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }
    const other = tempDir('other');
    generateRepo(other, { files: REQUESTED, seed: SEED + 1 });
    const differs = walk(other).join('\n') !== files.join('\n') || files.some((f) => !existsSync(join(other, f)) || !readFileSync(join(other, f)).equals(readFileSync(join(dir, f))));
    expect(differs).toBe(true);
  });

  it('reports exactly the planted breakages (clean otherwise)', () => {
    expect(checkRefs(dir)).toEqual(breakageKeys(result.breakages));
  });

  it('is fully clean with breakageRate 0', () => {
    const clean = tempDir('clean');
    const r = generateRepo(clean, { files: REQUESTED, seed: SEED, breakageRate: 0 });
    expect(r.breakages).toEqual([]);
    expect(r.files).toBe(result.files); // layout does not depend on the breakage rate
    expect(checkRefs(clean)).toEqual([]);
  });

  it('plants every breakage kind, and they are detectable', () => {
    const broken = tempDir('broken');
    const r = generateRepo(broken, { files: REQUESTED, seed: SEED, breakageRate: 1 });
    expect(new Set(r.breakages.map((b) => b.kind))).toEqual(new Set(['undefined-source', 'missing-resource', 'missing-dependency']));
    expect(checkRefs(broken)).toEqual(breakageKeys(r.breakages));
  });

  it('scales: more files means more apps, clusters and ~1% breakages', () => {
    const big = tempDir('big');
    const r = generateRepo(big, { files: 2000, seed: 7 });
    expect(Math.abs(r.files - 2000)).toBeLessThanOrEqual(200);
    const all = walk(big);
    const apps = new Set(all.filter((f) => f.startsWith('apps/')).map((f) => f.split('/')[1]));
    expect(apps.size).toBeGreaterThan(100);
    expect(all.filter((f) => f.startsWith('clusters/') && f.endsWith('gotk-sync.yaml')).length).toBe(2);
    expect(r.breakages.length).toBeGreaterThan(0);
    expect(r.breakages.length).toBeLessThan(r.files * 0.03);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const hasKubectl = kubectl.status === 0 && !kubectl.error;
  if (!hasKubectl) console.log('skipping kubectl kustomize check: kubectl not found on PATH');

  it.skipIf(!hasKubectl)('builds overlays with kubectl kustomize', () => {
    const brokenApps = new Set(result.breakages.filter((b) => b.file.startsWith('apps/')).map((b) => b.file.split('/')[1]));
    const overlays = [...new Set(files.filter((f) => /^apps\/[^/]+\/overlays\/[^/]+\/kustomization\.yaml$/.test(f)).map((f) => dirname(f)))]
      .filter((o) => !brokenApps.has(o.split('/')[1]))
      .filter((_, i, all) => i === 0 || i === Math.floor(all.length / 2) || i === all.length - 1);
    expect(overlays.length).toBe(3);
    for (const o of overlays) {
      const res = spawnSync('kubectl', ['kustomize', join(dir, o)], { encoding: 'utf8' });
      expect(res.status, `${o}: ${res.stderr}`).toBe(0);
      expect(res.stdout).toContain('kind: Deployment');
      expect(res.stdout).toContain('kind: HTTPRoute');
      expect(res.stdout).toContain(`namespace: ${o.split('/')[1]}-${o.split('/')[3]}`);
    }
  });
});
