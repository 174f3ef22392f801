import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { sortFindings } from '../engine/finding.js';
import { lintDirectory, type LintOptions } from '../engine/run.js';
import type { RuleType } from '../engine/types.js';
import { commitChanges } from '../fix/commit.js';
import { planFixes } from '../fix/run-fix.js';
import { isKustomizationFile } from '../graph/paths.js';
import { GraphQuery } from '../graph/query.js';
import { isObj } from '../graph/read.js';
import { loadRepo } from '../load/load-repo.js';
import { removeTree } from './fs-tree.js';

/**
 * Property-based tests (fast-check): random small hybrid repositories (Flux sources, Kustomizations and
 * HelmReleases, kustomize folders with overlays, Argo CD Applications, HTTPRoutes) with random
 * breakages (files removed, sources renamed, files misplaced or duplicated, deprecated fields, bytes
 * corrupted). For each: omni-lint never throws nor reports internal-error, its findings are the same
 * twice and sorted, --fix is idempotent, keeps every object the kustomize folders render (kubectl
 * kustomize, where installed) and never loses a document, except what a suggestion fix means to remove.
 * RUNS (default 25) and SEED (default: random, printed on failure) come from OMNI_LINT_PROPERTY_RUNS
 * and OMNI_LINT_PROPERTY_SEED; OMNI_LINT_PROPERTY_PATH (the `path` a failure prints) replays the shrunk case.
 */
const RUNS = Number(process.env.OMNI_LINT_PROPERTY_RUNS ?? 25);
const SEED = process.env.OMNI_LINT_PROPERTY_SEED ? Number(process.env.OMNI_LINT_PROPERTY_SEED) : undefined;
const REPLAY = SEED !== undefined && process.env.OMNI_LINT_PROPERTY_PATH ? { path: process.env.OMNI_LINT_PROPERTY_PATH, endOnFailure: true } : {};
const temps: string[] = [];
afterAll(() => {
  if (!process.env.OMNI_LINT_PROPERTY_SPEC) temps.forEach(removeTree);
});

const APP_NAMES = ['web', 'api', 'db', 'cache'] as const;
const REPO_URL = 'https://github.com/example/fleet';

interface AppSpec {
  name: string;
  deployer: 'flux' | 'argo' | 'none';
  overlay: boolean;
  route: boolean;
  configmap: boolean;
}

type Corruption = 'truncate' | 'tab' | 'binary' | 'latin1' | 'crlf' | 'bom' | 'template' | 'list' | 'duplicate-key';

type Breakage =
  | { kind: 'remove'; pick: number }
  | { kind: 'rename-source' }
  | { kind: 'drop-sources' }
  | { kind: 'misplace'; pick: number; to: number }
  | { kind: 'duplicate'; pick: number; to: number }
  | { kind: 'deprecate'; pick: number }
  | { kind: 'argo-helm-duplicate' }
  | { kind: 'corrupt'; pick: number; how: Corruption; at: number };

interface RepoSpec {
  apps: AppSpec[];
  helm: boolean;
  breakages: Breakage[];
}

const FOLDERS = ['flux/sources', 'flux/kustomizations', 'flux/releases', 'flux/httproutes', 'apps', 'applications', 'misc', 'apps/web'];

const appArb: fc.Arbitrary<Omit<AppSpec, 'name'>> = fc.record({
  deployer: fc.constantFrom('flux' as const, 'argo' as const, 'none' as const),
  overlay: fc.boolean(),
  route: fc.boolean(),
  configmap: fc.boolean(),
});

const breakageArb: fc.Arbitrary<Breakage> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename-source' as const) }),
  fc.record({ kind: fc.constant('drop-sources' as const) }),
  fc.record({ kind: fc.constant('misplace' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('deprecate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('argo-helm-duplicate' as const) }),
  fc.record({
    kind: fc.constant('corrupt' as const),
    pick: fc.nat(),
    how: fc.constantFrom<Corruption>('truncate', 'tab', 'binary', 'latin1', 'crlf', 'bom', 'template', 'list', 'duplicate-key'),
    at: fc.nat(),
  }),
);

const repoArb: fc.Arbitrary<RepoSpec> = fc.record({
  apps: fc.uniqueArray(fc.constantFrom(...APP_NAMES), { minLength: 1, maxLength: 4 }).chain((names) =>
    fc.tuple(...names.map(() => appArb)).map((specs) => specs.map((s, i) => ({ ...s, name: names[i]! }))),
  ),
  helm: fc.boolean(),
  breakages: fc.array(breakageArb, { maxLength: 4 }),
});

const kustomization = (entries: string[], field = 'resources'): string =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${field}:\n${entries.map((e) => `  - ${e}\n`).join('')}`;

const fluxKs = (name: string, p: string, source: string): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n`;

/** The repository a spec describes, before its breakages. */
function baseFiles(spec: RepoSpec): Map<string, string | Buffer> {
  const files = new Map<string, string | Buffer>();
  files.set(
    'clusters/prod/flux-system/gotk-sync.yaml',
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${REPO_URL}\n  ref:\n    branch: main\n---\n${fluxKs('flux-system', './clusters/prod', 'flux-system')}`,
  );
  files.set('clusters/prod/platform.yaml', `${fluxKs('platform', './flux', 'flux-system')}---\n${fluxKs('applications', './applications', 'flux-system')}`);
  const fluxParts = ['sources', 'kustomizations'];
  files.set('flux/sources/platform.yaml', `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: platform\n  namespace: flux-system\nspec:\n  interval: 5m\n  url: ${REPO_URL}\n  ref:\n    branch: main\n`);
  const sources = ['platform.yaml'];
  const fluxApps: string[] = [];
  const argoApps: string[] = [];
  const routes: string[] = [];
  for (const app of spec.apps) {
    const base = `apps/${app.name}`;
    const entries = ['deployment.yaml', 'service.yaml'];
    files.set(
      `${base}/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app.name}\n  labels:\n    app: ${app.name}\nspec:\n  selector:\n    matchLabels:\n      app: ${app.name}\n  template:\n    metadata:\n      labels:\n        app: ${app.name}\n    spec:\n      containers:\n        - name: ${app.name}\n          image: nginx:1.27\n`,
    );
    files.set(`${base}/service.yaml`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app.name}\nspec:\n  selector:\n    app: ${app.name}\n  ports:\n    - port: 80\n`);
    if (app.configmap) {
      entries.push('configmap.yaml');
      files.set(`${base}/configmap.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app.name}-settings\ndata:\n  LOG_LEVEL: info\n`);
    }
    files.set(`${base}/kustomization.yaml`, kustomization(entries));
    let deployPath = base;
    if (app.overlay) {
      deployPath = `${base}/overlays/prod`;
      files.set(`${deployPath}/kustomization.yaml`, `${kustomization(['../..'])}namePrefix: prod-\n`);
    }
    if (app.deployer === 'flux') {
      fluxApps.push(`${app.name}.yaml`);
      files.set(`flux/kustomizations/${app.name}.yaml`, fluxKs(app.name, `./${deployPath}`, 'platform'));
    } else if (app.deployer === 'argo') {
      argoApps.push(`${app.name}.yaml`);
      files.set(
        `applications/${app.name}.yaml`,
        `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${app.name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: ${REPO_URL}\n    targetRevision: main\n    path: ${deployPath}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${app.name}\n`,
      );
    }
    if (app.route) {
      routes.push(`${app.name}.yaml`);
      files.set(
        `flux/httproutes/${app.name}.yaml`,
        `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${app.name}\n  namespace: ${app.name}\nspec:\n  parentRefs:\n    - name: main\n      namespace: gateway\n  rules:\n    - backendRefs:\n        - name: ${app.name}\n          port: 80\n`,
      );
    }
  }
  if (spec.helm) {
    sources.push('bitnami.yaml');
    fluxParts.push('releases');
    files.set('flux/sources/bitnami.yaml', `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: bitnami\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://charts.bitnami.com/bitnami\n`);
    files.set(
      'flux/releases/redis.yaml',
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: redis\n  namespace: flux-system\nspec:\n  interval: 10m\n  targetNamespace: redis\n  chart:\n    spec:\n      chart: redis\n      version: 19.x\n      sourceRef:\n        kind: HelmRepository\n        name: bitnami\n`,
    );
    files.set('flux/releases/kustomization.yaml', kustomization(['redis.yaml']));
  }
  files.set('flux/sources/kustomization.yaml', kustomization(sources));
  if (fluxApps.length > 0) files.set('flux/kustomizations/kustomization.yaml', kustomization(fluxApps));
  else fluxParts.splice(fluxParts.indexOf('kustomizations'), 1);
  if (routes.length > 0) {
    fluxParts.push('httproutes');
    files.set('flux/httproutes/kustomization.yaml', kustomization(routes));
  }
  files.set('flux/kustomization.yaml', kustomization(fluxParts));
  files.set('applications/kustomization.yaml', argoApps.length > 0 ? kustomization(argoApps) : '# no applications yet\n');
  return files;
}

/** Applies the breakages in order; picks wrap around the files that exist at that moment. */
function breakRepo(files: Map<string, string | Buffer>, breakages: readonly Breakage[]): void {
  const pickFile = (n: number, filter: (p: string) => boolean = () => true): string | undefined => {
    const list = [...files.keys()].filter(filter).sort();
    return list.length === 0 ? undefined : list[n % list.length];
  };
  const text = (p: string): string => String(files.get(p));
  for (const b of breakages) {
    switch (b.kind) {
      case 'remove': {
        const p = pickFile(b.pick);
        if (p) files.delete(p);
        break;
      }
      case 'rename-source':
        if (files.has('flux/sources/platform.yaml')) files.set('flux/sources/platform.yaml', text('flux/sources/platform.yaml').replace('name: platform', 'name: platform-renamed'));
        break;
      case 'drop-sources':
        files.delete('flux/sources/platform.yaml');
        if (files.has('flux/sources/kustomization.yaml')) files.set('flux/sources/kustomization.yaml', text('flux/sources/kustomization.yaml').replace('  - platform.yaml\n', ''));
        break;
      case 'misplace':
      case 'duplicate': {
        const p = pickFile(b.pick, (f) => !f.endsWith('kustomization.yaml'));
        if (!p) break;
        const target = `${FOLDERS[b.to % FOLDERS.length]}/${b.kind === 'duplicate' ? 'copy-of-' : ''}${path.posix.basename(p)}`;
        if (files.has(target)) break;
        files.set(target, files.get(p)!);
        if (b.kind === 'misplace') files.delete(p);
        break;
      }
      case 'deprecate': {
        const p = pickFile(b.pick, (f) => f.endsWith('kustomization.yaml') && text(f).includes('resources:'));
        if (p) files.set(p, `${text(p).replace('resources:', 'bases:')}commonLabels:\n  team: platform\n`);
        break;
      }
      case 'argo-helm-duplicate':
        files.set(
          'applications/redis.yaml',
          `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: redis\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://charts.bitnami.com/bitnami\n    chart: redis\n    targetRevision: 19.6.0\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: redis\n`,
        );
        break;
      case 'corrupt': {
        const p = pickFile(b.pick);
        if (!p) break;
        const t = text(p);
        const at = t.length === 0 ? 0 : b.at % t.length;
        const corrupted: Record<Corruption, () => string | Buffer> = {
          truncate: () => t.slice(0, at),
          tab: () => `${t.slice(0, at)}\t${t.slice(at)}`,
          binary: () => Buffer.concat([Buffer.from(t.slice(0, at)), Buffer.from([0, 1, 2, 0xff]), Buffer.from(t.slice(at))]),
          latin1: () => Buffer.concat([Buffer.from(t), Buffer.from('# caf\xe9\n', 'latin1')]),
          crlf: () => t.replace(/\n/g, '\r\n'),
          bom: () => `\ufeff${t}`,
          template: () => `{{- if .Values.enabled }}\n${t}{{- end }}\n`,
          list: () => `- ${t.split('\n').join('\n  ')}`,
          'duplicate-key': () => t.replace(/^kind: .*$/m, (m) => `${m}\n${m}`),
        };
        files.set(p, corrupted[b.how]());
        break;
      }
    }
  }
}

function writeRepo(files: Map<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-prop-'));
  temps.push(dir);
  for (const [p, content] of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

/** Every file as latin1 text (byte for byte). */
function readBytes(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const child = rel ? `${rel}/${name}` : name;
    if (lstatSync(path.join(dir, child)).isDirectory()) readBytes(dir, child, out);
    else out[child] = readFileSync(path.join(dir, child), 'latin1');
  }
  return out;
}

/** How many documents each object identity (group/kind/namespace/name) has, over every readable file. */
function identities(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of loadRepo(dir).yaml.values()) {
    for (const doc of file.docs) {
      if (!isObj(doc) || typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') continue;
      const meta = isObj(doc.metadata) ? doc.metadata : {};
      const group = doc.apiVersion.split('/').slice(0, -1).join('/');
      // kustomization files (known by their file name, as kustomize knows them, whatever their apiVersion
      // says) have no name and fixes edit them: they are counted, not told apart. Another object without
      // a name is known by its whole content (a move keeps it byte for byte).
      const kustomization = isKustomizationFile(file.path) || group === 'kustomize.config.k8s.io';
      const name = kustomization ? '' : typeof meta.name === 'string' ? meta.name : JSON.stringify(doc);
      const key = `${group}/${doc.kind}/${String(meta.namespace ?? '')}/${name}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.log('property.test.ts: kubectl is not installed; renders are not checked');

function kustomizeObjects(dir: string): string[] | undefined {
  const r = spawnSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return [...r.stdout.matchAll(/^kind: (\S+)$[\s\S]*?^  name: (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

function kustomizeDirs(tree: Record<string, string>): string[] {
  return Object.keys(tree)
    .filter((f) => path.posix.basename(f) === 'kustomization.yaml')
    .map((f) => path.posix.dirname(f));
}

const strip = (findings: readonly object[]): string => JSON.stringify(findings);

function checkRepo(spec: RepoSpec, fixTypes: ReadonlySet<RuleType>): void {
  const files = baseFiles(spec);
  breakRepo(files, spec.breakages);
  const dir = writeRepo(files);
  if (process.env.OMNI_LINT_PROPERTY_SPEC) console.log(`repository: ${dir}`);
  const options: LintOptions = { config: defaultConfig(), rules };

  // Linting never throws, never crashes a rule, and says the same thing twice, sorted.
  const first = lintDirectory(dir, options);
  expect(first.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
  expect(strip(lintDirectory(dir, options).findings)).toBe(strip(first.findings));
  expect(strip(sortFindings([...first.findings]))).toBe(strip(first.findings));

  const before = readBytes(dir);
  const idsBefore = identities(dir);
  const skippedBefore = [...loadRepo(dir).yaml.values()].filter((f) => f.skipped).map((f) => f.path);
  const plan = planFixes(dir, { ...options, fixTypes });
  expect(plan.after.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
  const changes = plan.changeSet.changes();
  if (process.env.OMNI_LINT_PROPERTY_SPEC) console.log(JSON.stringify({ records: plan.records, skipped: plan.skipped }, null, 1));
  commitChanges(dir, changes);
  const after = readBytes(dir);

  // --fix is idempotent.
  expect(planFixes(dir, { ...options, fixTypes }).changeSet.changes().map((c) => c.path)).toEqual([]);
  // Files omni-lint could not read are never rewritten.
  for (const p of skippedBefore) if (p in after) expect(after[p]).toBe(before[p]);
  // No document is lost unless a suggestion fix meant to remove it.
  const removedOnPurpose = new Set(plan.records.filter((r) => r.kind === 'delete' || r.kind === 'edit').filter((r) => rules.find((x) => r.unit.startsWith(`${x.id}:`))?.meta.hasSuggestions).map((r) => r.path));
  const idsAfter = identities(dir);
  for (const [key, n] of idsBefore) {
    if ((idsAfter.get(key) ?? 0) >= n) continue;
    expect(fixTypes.has('suggestion') && removedOnPurpose.size > 0, `--fix lost ${key} (${n} before, ${idsAfter.get(key) ?? 0} after)`).toBe(true);
  }
  // Every object a kustomize folder rendered is still rendered by some folder (moves change which).
  if (!hasKubectl || changes.length === 0 || fixTypes.has('suggestion')) return;
  const changed = new Set(changes.map((c) => c.path));
  const query = new GraphQuery(first.graph);
  const touched = (d: string): boolean => changed.has(`${d === '.' ? '' : `${d}/`}kustomization.yaml`) || [...query.renderer.renderKustomizeDir(d === '.' ? '' : d).files].some((f) => changed.has(f));
  const beforeDir = writeRepo(new Map(Object.entries(before).map(([p, t]) => [p, Buffer.from(t, 'latin1')])));
  const rendered = (root: string, dirs: string[]): { objects: Set<string>; failed: string[] } => {
    const objects = new Set<string>();
    const failed: string[] = [];
    for (const d of dirs) {
      const objs = kustomizeObjects(path.join(root, d));
      if (objs) objs.forEach((o) => objects.add(o));
      else failed.push(d);
    }
    return { objects, failed };
  };
  const beforeDirs = kustomizeDirs(before).filter(touched);
  const was = rendered(beforeDir, beforeDirs);
  const newDirs = kustomizeDirs(after).filter((d) => !(`${d}/kustomization.yaml` in before) || changed.has(`${d}/kustomization.yaml`));
  const now = rendered(dir, [...new Set([...beforeDirs.filter((d) => existsSync(path.join(dir, d, 'kustomization.yaml'))), ...newDirs])]);
  expect(now.failed.filter((d) => !was.failed.includes(d)), 'kubectl kustomize fails after --fix').toEqual([]);
  // A file moved into a folder that Flux applies by recursion (no kustomization.yaml there) is
  // deployed without any kustomize folder rendering it: count what Flux Kustomizations apply too.
  const fluxApplied = new Set<string>();
  for (const d of new GraphQuery(lintDirectory(dir, options).graph).deployers()) {
    if (d.tool === 'flux') for (const it of d.renders.items) fluxApplied.add(`${it.kind} ${it.name}`);
  }
  expect([...was.objects].filter((o) => !now.objects.has(o) && !fluxApplied.has(o)), 'objects neither a kustomize folder nor Flux applies after --fix').toEqual([]);
}

describe('properties over random hybrid repositories', () => {
  // OMNI_LINT_PROPERTY_SPEC='<a counterexample fast-check printed>' replays that one repository.
  const replay = process.env.OMNI_LINT_PROPERTY_SPEC;
  it.runIf(replay !== undefined)('replays OMNI_LINT_PROPERTY_SPEC', () => {
    const spec = JSON.parse(replay!) as RepoSpec | [RepoSpec];
    checkRepo(Array.isArray(spec) ? spec[0] : spec, new Set(['problem', 'layout']));
  });

  it(`lint and --fix (problem, layout) hold their promises over ${RUNS} random repositories`, () => {
    fc.assert(
      fc.property(repoArb, (spec) => checkRepo(spec, new Set(['problem', 'layout']))),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), ...REPLAY },
    );
  }, 300_000);

  it(`--fix with suggestions removes only what a suggestion means to remove, over ${Math.ceil(RUNS / 5)} random repositories`, () => {
    fc.assert(
      fc.property(repoArb, (spec) => checkRepo(spec, new Set(['problem', 'layout', 'suggestion']))),
      { numRuns: Math.ceil(RUNS / 5), ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  }, 300_000);
});
