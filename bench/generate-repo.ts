/**
 * Synthetic hybrid Flux CD + Argo CD GitOps repository generator.
 *
 * `generateRepo(dir, { files, seed })` writes roughly `files` YAML files into `dir`:
 *
 *   clusters/<cluster>/flux-system/{gotk-components,gotk-sync,kustomization}.yaml
 *   clusters/<cluster>/platform.yaml            Flux Kustomizations for ./infrastructure, ./flux/*, ./applications
 *   infrastructure/gateway/                     GatewayClass + Gateway referenced by every HTTPRoute
 *   flux/sources/*.yaml                         GitRepository, OCIRepository, HelmRepository (flux-system)
 *   flux/releases/*.yaml                        HelmRelease (helm.toolkit.fluxcd.io/v2)
 *   flux/configs/*.yaml                         ConfigMaps consumed by HelmRelease.valuesFrom
 *   flux/kustomizations/*.yaml                  Flux Kustomizations for ./apps/<app>/overlays/<env>
 *   applications/*.yaml                         Argo CD Applications, ApplicationSets, AppProjects
 *   apps/<app>/base/, apps/<app>/overlays/<env>/  the bulk of the files
 *
 * Everything is deterministic for a given seed (tiny mulberry32 PRNG, no deps).
 * All cross references are valid, except breakages planted with probability
 * `breakageRate` (default 0.01) per eligible site; they are reported in the result.
 * Breakages use a separate PRNG stream so the repo layout does not depend on the rate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GenerateOptions {
  /** Approximate number of YAML files to write. */
  files: number;
  /** PRNG seed (default 1). Same seed + same options => byte-identical output. */
  seed?: number;
  /** Probability of planting a breakage per eligible site (default 0.01). */
  breakageRate?: number;
}

export type BreakageKind =
  /** Flux Kustomization.spec.sourceRef names a GitRepository that is not defined anywhere. */
  | 'undefined-source'
  /** A kustomization.yaml `resources` entry points at a file that does not exist. */
  | 'missing-resource'
  /** Flux Kustomization.spec.dependsOn names a Kustomization that is not defined anywhere. */
  | 'missing-dependency';

export interface Breakage {
  kind: BreakageKind;
  /** Repo-relative path (POSIX separators) of the file containing the broken reference. */
  file: string;
  /** The dangling name or path. */
  target: string;
}

export interface GenerateResult {
  files: number;
  bytes: number;
  breakages: Breakage[];
}

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from empty list');
    return item;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------
// Static catalogues
// ---------------------------------------------------------------------------

const ORG = 'example-org';
const REPO_URL = `https://github.com/${ORG}/fleet-infra.git`;
const CLUSTER_NAMES = ['production', 'staging', 'edge-eu'] as const;
const TEAMS = ['payments', 'commerce', 'data', 'growth', 'identity', 'observability', 'search', 'logistics'] as const;
const APP_DOMAINS = [
  'checkout', 'payments', 'catalog', 'search', 'inventory', 'orders', 'billing', 'auth',
  'users', 'notifications', 'shipping', 'reviews', 'recommendations', 'analytics', 'ledger',
  'pricing', 'media', 'profile', 'cart', 'fraud', 'loyalty', 'invoices', 'tax', 'returns',
] as const;
const APP_ROLES = ['api', 'worker', 'web', 'gateway', 'sync', 'ingest', 'scheduler', 'consumer'] as const;
const BASE_ENVS = ['dev', 'staging', 'prod'] as const;
type AppsetEnv = 'preview' | 'sandbox';

interface HelmRepoDef {
  name: string;
  url: string;
  oci?: boolean;
}

const HELM_REPOS: Record<string, HelmRepoDef> = {
  jetstack: { name: 'jetstack', url: 'https://charts.jetstack.io' },
  'prometheus-community': { name: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts' },
  'ingress-nginx': { name: 'ingress-nginx', url: 'https://kubernetes.github.io/ingress-nginx' },
  grafana: { name: 'grafana', url: 'https://grafana.github.io/helm-charts' },
  'external-secrets': { name: 'external-secrets', url: 'https://charts.external-secrets.io' },
  kyverno: { name: 'kyverno', url: 'https://kyverno.github.io/kyverno/' },
  podinfo: { name: 'podinfo', url: 'oci://ghcr.io/stefanprodan/charts', oci: true },
  bitnami: { name: 'bitnami', url: 'https://charts.bitnami.com/bitnami' },
  nats: { name: 'nats', url: 'https://nats-io.github.io/k8s/helm/charts/' },
};

interface ChartDef {
  chart: string;
  version: string;
  repo: string;
  namespace: string;
}

interface PlatformReleaseDef extends ChartDef {
  dependsOn: string[];
}

/** Platform releases, in dependency order (a release only depends on earlier ones). */
const PLATFORM_RELEASES: PlatformReleaseDef[] = [
  { chart: 'cert-manager', version: 'v1.15.x', repo: 'jetstack', namespace: 'cert-manager', dependsOn: [] },
  { chart: 'kube-prometheus-stack', version: '61.x', repo: 'prometheus-community', namespace: 'monitoring', dependsOn: [] },
  { chart: 'ingress-nginx', version: '4.11.x', repo: 'ingress-nginx', namespace: 'ingress-nginx', dependsOn: ['kube-prometheus-stack'] },
  { chart: 'loki', version: '6.x', repo: 'grafana', namespace: 'monitoring', dependsOn: ['kube-prometheus-stack'] },
  { chart: 'external-secrets', version: '0.10.x', repo: 'external-secrets', namespace: 'external-secrets', dependsOn: ['cert-manager'] },
  { chart: 'kyverno', version: '3.2.x', repo: 'kyverno', namespace: 'kyverno', dependsOn: [] },
  { chart: 'podinfo', version: '6.x', repo: 'podinfo', namespace: 'podinfo', dependsOn: ['ingress-nginx'] },
];

/** Backing services that apps may get a HelmRelease for. */
const BACKING_CHARTS: ChartDef[] = [
  { chart: 'redis', version: '19.x', repo: 'bitnami', namespace: 'data' },
  { chart: 'postgresql', version: '15.x', repo: 'bitnami', namespace: 'data' },
  { chart: 'rabbitmq', version: '14.x', repo: 'bitnami', namespace: 'messaging' },
  { chart: 'kafka', version: '29.x', repo: 'bitnami', namespace: 'messaging' },
  { chart: 'mongodb', version: '15.x', repo: 'bitnami', namespace: 'data' },
  { chart: 'memcached', version: '7.x', repo: 'bitnami', namespace: 'data' },
  { chart: 'nats', version: '1.2.x', repo: 'nats', namespace: 'messaging' },
];

// ---------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------

type Mode = 'flux' | 'argo' | 'flamingo';

interface AppPlan {
  name: string;
  team: string;
  mode: Mode;
  envs: string[];
  appsetEnvs: AppsetEnv[];
  port: number;
  image: string;
  tag: string;
  anchors: boolean;
  /** Flux dependsOn targets per env (names of other Flux app Kustomizations). */
  fluxDeps: Map<string, string[]>;
}

interface ReleasePlan {
  name: string;
  chart: ChartDef;
  team: string;
  dependsOn: string[];
  app?: string;
}

/** Fixed files that exist regardless of size (see header comment). */
function fixedFileCount(clusters: number, appsetCount: number): number {
  return (
    clusters * 4 + // flux-system/{gotk-components,gotk-sync,kustomization}.yaml + platform.yaml
    2 + // infrastructure/gateway/{kustomization,gateway}.yaml
    3 + // flux/sources/{kustomization,platform-policies,podinfo-manifests}.yaml
    1 + // flux/releases/kustomization.yaml
    1 + // flux/configs/kustomization.yaml
    3 + // flux/kustomizations/{kustomization,podinfo-demo,platform-policies}.yaml
    2 + // applications/{kustomization,appprojects}.yaml
    appsetCount
  );
}

// ---------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------

export function generateRepo(dir: string, opts: GenerateOptions): GenerateResult {
  const target = Math.max(1, Math.floor(opts.files));
  const seed = opts.seed ?? 1;
  const breakageRate = opts.breakageRate ?? 0.01;
  const rng = new Rng(seed);
  const brk = new Rng((seed ^ 0x9e3779b9) >>> 0);
  const breakages: Breakage[] = [];

  const clusters = CLUSTER_NAMES.slice(0, target < 400 ? 1 : target < 4000 ? 2 : 3);
  const appsetEnvKinds: AppsetEnv[] = target >= 1000 ? ['preview', 'sandbox'] : ['preview'];

  // ---- plan ---------------------------------------------------------------
  let total = fixedFileCount(clusters.length, appsetEnvKinds.length);
  const usedRepos = new Set<string>();
  const releases: ReleasePlan[] = [];
  const platformCount = Math.min(PLATFORM_RELEASES.length, 1 + Math.floor(target / 150));
  for (const def of PLATFORM_RELEASES.slice(0, platformCount)) {
    if (!usedRepos.has(def.repo)) {
      usedRepos.add(def.repo);
      total += 1;
    }
    releases.push({
      name: def.chart,
      chart: def,
      team: 'platform',
      dependsOn: def.dependsOn.filter((d) => releases.some((r) => r.name === d)),
    });
    total += 2; // release + values ConfigMap
  }

  const baseNames = rng.shuffle(APP_DOMAINS.flatMap((d) => APP_ROLES.map((r) => `${d}-${r}`)));
  const apps: AppPlan[] = [];
  const fluxAppsByEnv = new Map<string, string[]>();
  for (let i = 0; ; i++) {
    const baseName = baseNames[i % baseNames.length] as string;
    const gen = Math.floor(i / baseNames.length);
    const name = gen === 0 ? baseName : `${baseName}-${gen + 1}`;
    const mode: Mode = i === 0 ? 'flux' : i === 1 ? 'argo' : i === 2 ? 'flamingo' : rng.pick(['flux', 'flux', 'argo', 'argo', 'flamingo'] as const);
    const envs = rng.chance(0.6) ? ['dev', 'staging', 'prod'] : ['dev', 'prod'];
    const appsetEnvs: AppsetEnv[] = [];
    if (i === 1 || rng.chance(0.25)) appsetEnvs.push('preview');
    if (appsetEnvKinds.includes('sandbox') && (i === 2 || rng.chance(0.1))) appsetEnvs.push('sandbox');
    const wantsRelease = rng.chance(0.25);
    const backing = rng.pick(BACKING_CHARTS);
    let cost = 5 + 2 * (envs.length + appsetEnvs.length) + 1;
    if (wantsRelease) cost += 2 + (usedRepos.has(backing.repo) ? 0 : 1);
    if (apps.length > 0 && total + cost / 2 > target) break;
    total += cost;

    const fluxDeps = new Map<string, string[]>();
    if (mode === 'flux') {
      for (const env of envs) {
        const deps: string[] = [];
        if (rng.chance(0.2)) deps.push('infrastructure');
        const earlier = fluxAppsByEnv.get(env) ?? [];
        if (earlier.length > 0 && rng.chance(0.2)) deps.push(`${rng.pick(earlier)}-${env}`);
        fluxDeps.set(env, deps);
        earlier.push(name);
        fluxAppsByEnv.set(env, earlier);
      }
    }
    const team = rng.pick(TEAMS);
    apps.push({
      name,
      team,
      mode,
      envs,
      appsetEnvs,
      port: rng.pick([8080, 8080, 3000, 9000]),
      image: `ghcr.io/${ORG}/${name}`,
      tag: `v1.${rng.int(0, 40)}.${rng.int(0, 12)}`,
      anchors: rng.chance(0.5),
      fluxDeps,
    });
    if (wantsRelease) {
      usedRepos.add(backing.repo);
      const deps: string[] = [];
      if (rng.chance(0.3)) {
        const candidates = releases.map((r) => r.name);
        if (candidates.length > 0) deps.push(rng.pick(candidates));
      }
      releases.push({ name: `${name}-${backing.chart}`, chart: backing, team, dependsOn: deps, app: name });
    }
  }

  // ---- render -------------------------------------------------------------
  const out: Array<[string, string]> = [];
  const emit = (path: string, content: string): void => {
    out.push([path, content]);
  };
  /** Roll for a missing-resource breakage in a kustomization.yaml; returns extra resource lines. */
  const maybeMissingResource = (file: string, missing: string): string[] => {
    if (!brk.chance(breakageRate)) return [];
    breakages.push({ kind: 'missing-resource', file, target: missing });
    return [missing];
  };
  const kustomizationList = (file: string, resources: string[], extra = ''): string => {
    const all = [...resources, ...maybeMissingResource(file, 'legacy.yaml')];
    return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${extra}resources:
${all.map((r) => `  - ${r}`).join('\n')}
`;
  };

  // clusters
  for (const cluster of clusters) {
    const base = `clusters/${cluster}`;
    emit(`${base}/flux-system/gotk-components.yaml`, gotkComponents());
    emit(`${base}/flux-system/gotk-sync.yaml`, gotkSync(cluster));
    emit(
      `${base}/flux-system/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gotk-components.yaml
  - gotk-sync.yaml
`,
    );
    emit(`${base}/platform.yaml`, clusterPlatform(cluster));
  }

  // infrastructure/gateway
  emit('infrastructure/gateway/kustomization.yaml', kustomizationList('infrastructure/gateway/kustomization.yaml', ['gateway.yaml']));
  emit('infrastructure/gateway/gateway.yaml', gatewayYaml());

  // flux/sources
  const sourceFiles: string[] = [];
  for (const repoName of Object.keys(HELM_REPOS)) {
    if (!usedRepos.has(repoName)) continue;
    const def = HELM_REPOS[repoName] as HelmRepoDef;
    emit(`flux/sources/${def.name}.yaml`, helmRepository(def, rng));
    sourceFiles.push(`${def.name}.yaml`);
  }
  emit('flux/sources/platform-policies.yaml', gitRepositorySource());
  emit('flux/sources/podinfo-manifests.yaml', ociRepositorySource());
  sourceFiles.push('platform-policies.yaml', 'podinfo-manifests.yaml');
  sourceFiles.sort();
  emit('flux/sources/kustomization.yaml', kustomizationList('flux/sources/kustomization.yaml', sourceFiles));

  // flux/releases + flux/configs
  const releaseFiles: string[] = [];
  const configFiles: string[] = [];
  for (const rel of releases) {
    emit(`flux/releases/${rel.name}.yaml`, helmRelease(rel, rng));
    emit(`flux/configs/${rel.name}-values.yaml`, valuesConfigMap(rel, rng));
    releaseFiles.push(`${rel.name}.yaml`);
    configFiles.push(`${rel.name}-values.yaml`);
  }
  emit('flux/releases/kustomization.yaml', kustomizationList('flux/releases/kustomization.yaml', releaseFiles));
  emit('flux/configs/kustomization.yaml', kustomizationList('flux/configs/kustomization.yaml', configFiles));

  // flux/kustomizations
  const fluxKsFiles: string[] = ['platform-policies.yaml', 'podinfo-demo.yaml'];
  emit('flux/kustomizations/platform-policies.yaml', policiesKustomization());
  emit('flux/kustomizations/podinfo-demo.yaml', podinfoKustomization());
  for (const app of apps) {
    if (app.mode !== 'flux') continue;
    const file = `flux/kustomizations/${app.name}.yaml`;
    const docs = app.envs.map((env) => {
      let source = 'flux-system';
      const deps = [...(app.fluxDeps.get(env) ?? [])];
      if (brk.chance(breakageRate)) {
        if (brk.chance(0.5)) {
          source = 'fleet-infra-legacy';
          breakages.push({ kind: 'undefined-source', file, target: source });
        } else {
          const missing = `legacy-${app.name}-${env}`;
          deps.push(missing);
          breakages.push({ kind: 'missing-dependency', file, target: missing });
        }
      }
      return fluxAppKustomization(app, env, source, deps);
    });
    emit(file, `# Flux Kustomizations for ${app.name} (team ${app.team})\n${docs.join('')}`);
    fluxKsFiles.push(`${app.name}.yaml`);
  }
  emit('flux/kustomizations/kustomization.yaml', kustomizationList('flux/kustomizations/kustomization.yaml', fluxKsFiles));

  // applications
  const teamsUsed = TEAMS.filter((t) => apps.some((a) => a.team === t));
  const appFiles: string[] = ['appprojects.yaml'];
  emit('applications/appprojects.yaml', appProjects(teamsUsed));
  for (const env of appsetEnvKinds) {
    const f = `applicationset-${env}.yaml`;
    emit(`applications/${f}`, applicationSet(env));
    appFiles.push(f);
  }
  for (const app of apps) {
    if (app.mode === 'flux') continue;
    const docs = app.envs.map((env, idx) => argoApplication(app, env, idx));
    emit(`applications/${app.name}.yaml`, docs.join(''));
    appFiles.push(`${app.name}.yaml`);
  }
  emit(
    'applications/kustomization.yaml',
    kustomizationList('applications/kustomization.yaml', appFiles, '# Argo CD objects live in the argocd namespace.\nnamespace: argocd\n'),
  );

  // apps
  for (const app of apps) {
    const base = `apps/${app.name}/base`;
    const baseKs = `${base}/kustomization.yaml`;
    emit(baseKs, appBaseKustomization(app, maybeMissingResource(baseKs, 'hpa.yaml')));
    emit(`${base}/deployment.yaml`, appDeployment(app));
    emit(`${base}/service.yaml`, appService(app));
    emit(`${base}/httproute.yaml`, appHttpRoute(app));
    emit(`${base}/configmap.yaml`, appConfigMap(app, rng));
    for (const env of [...app.envs, ...app.appsetEnvs]) {
      const ov = `apps/${app.name}/overlays/${env}`;
      const ovKs = `${ov}/kustomization.yaml`;
      emit(ovKs, appOverlayKustomization(app, env, maybeMissingResource(ovKs, 'pdb.yaml')));
      emit(`${ov}/patch-deployment.yaml`, appOverlayPatch(app, env));
    }
  }

  // ---- write --------------------------------------------------------------
  const made = new Set<string>();
  let bytes = 0;
  for (const [rel, content] of out) {
    const abs = join(dir, rel);
    const d = dirname(abs);
    if (!made.has(d)) {
      mkdirSync(d, { recursive: true });
      made.add(d);
    }
    const buf = Buffer.from(content, 'utf8');
    writeFileSync(abs, buf);
    bytes += buf.length;
  }
  return { files: out.length, bytes, breakages };
}

// ---------------------------------------------------------------------------
// Templates: clusters / Flux bootstrap
// ---------------------------------------------------------------------------

const FLUX_VERSION = 'v2.3.0';

function fluxLabels(component: string, indent: string): string {
  return [
    `app.kubernetes.io/component: ${component}`,
    'app.kubernetes.io/instance: flux-system',
    'app.kubernetes.io/part-of: flux',
    `app.kubernetes.io/version: ${FLUX_VERSION}`,
  ]
    .map((l) => `${indent}${l}`)
    .join('\n');
}

/** Shared status schema (conditions + observedGeneration), indented for `status:` under properties. */
function statusSchema(indent: string): string {
  const lines = [
    'status:',
    '  type: object',
    '  properties:',
    '    observedGeneration:',
    '      type: integer',
    '      format: int64',
    '    lastHandledReconcileAt:',
    '      type: string',
    '    conditions:',
    '      type: array',
    '      items:',
    '        type: object',
    '        required:',
    '          - lastTransitionTime',
    '          - message',
    '          - reason',
    '          - status',
    '          - type',
    '        properties:',
    '          type:',
    '            type: string',
    '            maxLength: 316',
    '          status:',
    '            type: string',
    '            enum: ["True", "False", "Unknown"]',
    '          reason:',
    '            type: string',
    '            maxLength: 1024',
    '          message:',
    '            type: string',
    '            maxLength: 32768',
    '          lastTransitionTime:',
    '            type: string',
    '            format: date-time',
  ];
  return lines.map((l) => indent + l).join('\n');
}

function crd(opts: {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  version: string;
  component: string;
  description: string;
  printerColumns: Array<[string, string]>;
  specSchema: string;
}): string {
  const ind = '            ';
  return `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  annotations:
    controller-gen.kubebuilder.io/version: v0.15.0
  labels:
${fluxLabels(opts.component, '    ')}
  name: ${opts.plural}.${opts.group}
spec:
  group: ${opts.group}
  names:
    kind: ${opts.kind}
    listKind: ${opts.kind}List
    plural: ${opts.plural}
    shortNames:
${opts.shortNames.map((s) => `      - ${s}`).join('\n')}
    singular: ${opts.singular}
  scope: Namespaced
  versions:
    - name: ${opts.version}
      served: true
      storage: true
      additionalPrinterColumns:
${opts.printerColumns
  .map(
    ([name, path]) => `        - name: ${name}
          jsonPath: ${path}
          type: ${name === 'Age' ? 'date' : 'string'}`,
  )
  .join('\n')}
      schema:
        openAPIV3Schema:
          description: ${opts.description}
          type: object
          properties:
            apiVersion:
              description: APIVersion defines the versioned schema of this representation of an object.
              type: string
            kind:
              description: Kind is a string value representing the REST resource this object represents.
              type: string
            metadata:
              type: object
            spec:
${opts.specSchema
  .split('\n')
  .map((l) => (l.length > 0 ? ind + '  ' + l : l))
  .join('\n')}
${statusSchema(ind)}
      subresources:
        status: {}
`;
}

const DURATION_PATTERN = `'^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'`;

const GITREPO_SPEC = `description: GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.
type: object
required:
  - interval
  - url
properties:
  url:
    description: URL specifies the Git repository URL, it can be an HTTP/S or SSH address.
    type: string
    pattern: '^(http|https|ssh)://.*$'
  interval:
    description: Interval at which the GitRepository URL is checked for updates.
    type: string
    pattern: ${DURATION_PATTERN}
  timeout:
    type: string
    default: 60s
    pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$'
  ref:
    description: >-
      Reference specifies the Git reference to resolve and monitor for
      changes, defaults to the 'master' branch.
    type: object
    properties:
      branch:
        type: string
      tag:
        type: string
      semver:
        type: string
      name:
        type: string
      commit:
        type: string
  secretRef:
    description: SecretRef specifies the Secret containing authentication credentials.
    type: object
    required:
      - name
    properties:
      name:
        type: string
  provider:
    type: string
    enum:
      - generic
      - azure
  ignore:
    description: Ignore overrides the set of excluded patterns in the .sourceignore format.
    type: string
  recurseSubmodules:
    type: boolean
  suspend:
    type: boolean`;

const KUSTOMIZATION_SPEC = `description: KustomizationSpec defines the configuration to calculate the desired state from a Source using Kustomize.
type: object
required:
  - interval
  - prune
  - sourceRef
properties:
  interval:
    type: string
    pattern: ${DURATION_PATTERN}
  retryInterval:
    type: string
    pattern: ${DURATION_PATTERN}
  timeout:
    type: string
    pattern: ${DURATION_PATTERN}
  path:
    description: Path to the directory containing the kustomization.yaml file. Defaults to the root of the source.
    type: string
  prune:
    type: boolean
  wait:
    type: boolean
  force:
    type: boolean
    default: false
  targetNamespace:
    type: string
    minLength: 1
    maxLength: 63
  sourceRef:
    description: Reference of the source where the kustomization file is.
    type: object
    required:
      - kind
      - name
    properties:
      apiVersion:
        type: string
      kind:
        type: string
        enum:
          - OCIRepository
          - GitRepository
          - Bucket
      name:
        type: string
      namespace:
        type: string
  dependsOn:
    description: DependsOn may contain a meta.NamespacedObjectReference slice with references to Kustomization resources that must be ready before this Kustomization can be reconciled.
    type: array
    items:
      type: object
      required:
        - name
      properties:
        name:
          type: string
        namespace:
          type: string
  postBuild:
    type: object
    properties:
      substitute:
        type: object
        additionalProperties:
          type: string
  suspend:
    type: boolean`;

const HELMRELEASE_SPEC = `description: HelmReleaseSpec defines the desired state of a Helm release.
type: object
required:
  - interval
properties:
  interval:
    type: string
    pattern: ${DURATION_PATTERN}
  releaseName:
    type: string
    minLength: 1
    maxLength: 53
  targetNamespace:
    type: string
    maxLength: 63
  chart:
    description: Chart defines the template of the v1.HelmChart that should be created for this HelmRelease.
    type: object
    required:
      - spec
    properties:
      spec:
        type: object
        required:
          - chart
          - sourceRef
        properties:
          chart:
            type: string
            maxLength: 2048
          version:
            type: string
            default: '*'
          interval:
            type: string
          sourceRef:
            type: object
            required:
              - kind
              - name
            properties:
              kind:
                type: string
                enum:
                  - HelmRepository
                  - GitRepository
                  - Bucket
              name:
                type: string
              namespace:
                type: string
  chartRef:
    type: object
    properties:
      kind:
        type: string
        enum:
          - OCIRepository
          - HelmChart
      name:
        type: string
  dependsOn:
    type: array
    items:
      type: object
      required:
        - name
      properties:
        name:
          type: string
        namespace:
          type: string
  install:
    type: object
    x-kubernetes-preserve-unknown-fields: true
  upgrade:
    type: object
    x-kubernetes-preserve-unknown-fields: true
  values:
    description: Values holds the values for this Helm release.
    x-kubernetes-preserve-unknown-fields: true
  valuesFrom:
    type: array
    items:
      type: object
      required:
        - kind
        - name
      properties:
        kind:
          type: string
          enum:
            - Secret
            - ConfigMap
        name:
          type: string
        valuesKey:
          type: string
        targetPath:
          type: string
        optional:
          type: boolean`;

function controllerDeployment(name: string, image: string, port: number): string {
  return `---
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
${fluxLabels(name, '    ')}
  name: ${name}
  namespace: flux-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
${fluxLabels(name, '    ')}
    control-plane: controller
  name: ${name}
  namespace: flux-system
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      annotations:
        prometheus.io/port: "8080"
        prometheus.io/scrape: "true"
      labels:
        app: ${name}
    spec:
      containers:
        - args:
            - --events-addr=http://notification-controller.flux-system.svc.cluster.local./
            - --watch-all-namespaces=true
            - --log-level=info
            - --log-encoding=json
            - --enable-leader-election
          env:
            - name: RUNTIME_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          image: ${image}
          imagePullPolicy: IfNotPresent
          name: manager
          ports:
            - containerPort: ${port}
              name: http
              protocol: TCP
            - containerPort: 8080
              name: http-prom
              protocol: TCP
            - containerPort: 9440
              name: healthz
              protocol: TCP
          readinessProbe:
            httpGet:
              path: /readyz
              port: healthz
          resources:
            limits:
              cpu: 1000m
              memory: 1Gi
            requests:
              cpu: 100m
              memory: 64Mi
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            seccompProfile:
              type: RuntimeDefault
      priorityClassName: system-cluster-critical
      serviceAccountName: ${name}
      terminationGracePeriodSeconds: 10
`;
}

function gotkComponents(): string {
  return `# This manifest was generated by flux. DO NOT EDIT.
# Flux Version: ${FLUX_VERSION}
# Components: source-controller,kustomize-controller,helm-controller
---
apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/instance: flux-system
    app.kubernetes.io/part-of: flux
    app.kubernetes.io/version: ${FLUX_VERSION}
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: latest
  name: flux-system
${crd({
  group: 'source.toolkit.fluxcd.io',
  kind: 'GitRepository',
  plural: 'gitrepositories',
  singular: 'gitrepository',
  shortNames: ['gitrepo'],
  version: 'v1',
  component: 'source-controller',
  description: 'GitRepository is the Schema for the gitrepositories API.',
  printerColumns: [
    ['URL', '.spec.url'],
    ['Age', '.metadata.creationTimestamp'],
    ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
    ['Status', '.status.conditions[?(@.type=="Ready")].message'],
  ],
  specSchema: GITREPO_SPEC,
})}${crd({
  group: 'kustomize.toolkit.fluxcd.io',
  kind: 'Kustomization',
  plural: 'kustomizations',
  singular: 'kustomization',
  shortNames: ['ks'],
  version: 'v1',
  component: 'kustomize-controller',
  description: 'Kustomization is the Schema for the kustomizations API.',
  printerColumns: [
    ['Age', '.metadata.creationTimestamp'],
    ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
    ['Status', '.status.conditions[?(@.type=="Ready")].message'],
  ],
  specSchema: KUSTOMIZATION_SPEC,
})}${crd({
  group: 'helm.toolkit.fluxcd.io',
  kind: 'HelmRelease',
  plural: 'helmreleases',
  singular: 'helmrelease',
  shortNames: ['hr'],
  version: 'v2',
  component: 'helm-controller',
  description: 'HelmRelease is the Schema for the helmreleases API.',
  printerColumns: [
    ['Age', '.metadata.creationTimestamp'],
    ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
    ['Status', '.status.conditions[?(@.type=="Ready")].message'],
  ],
  specSchema: HELMRELEASE_SPEC,
})}${controllerDeployment('source-controller', 'ghcr.io/fluxcd/source-controller:v1.3.0', 9090)}${controllerDeployment(
    'kustomize-controller',
    'ghcr.io/fluxcd/kustomize-controller:v1.3.0',
    8080,
  )}${controllerDeployment('helm-controller', 'ghcr.io/fluxcd/helm-controller:v1.0.1', 8080)}`;
}

function gotkSync(cluster: string): string {
  return `# This manifest was generated by flux. DO NOT EDIT.
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  secretRef:
    name: flux-system
  url: ${REPO_URL}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./clusters/${cluster}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;
}

function clusterPlatform(cluster: string): string {
  const ks = (name: string, path: string, deps: string[], comment: string, extra = ''): string => `---
# ${comment}
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  retryInterval: 1m
  timeout: 5m
  path: ${path}
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
${deps.length > 0 ? `  dependsOn:\n${deps.map((d) => `    - name: ${d}`).join('\n')}\n` : ''}${extra}`;
  return `# Platform layering for cluster "${cluster}".
# Each Kustomization below reconciles one top-level folder of this repository.
${ks('infrastructure', './infrastructure/gateway', [], 'Shared Gateway API entry point')}${ks(
    'flux-sources',
    './flux/sources',
    [],
    'Helm/OCI/Git sources',
  )}${ks('flux-configs', './flux/configs', [], 'Helm values ConfigMaps')}${ks(
    'flux-releases',
    './flux/releases',
    ['flux-sources', 'flux-configs', 'infrastructure'],
    'HelmReleases',
    `  postBuild:\n    substitute:\n      cluster_name: "${cluster}"\n`,
  )}${ks('flux-apps', './flux/kustomizations', ['infrastructure'], 'Application Kustomizations managed by Flux')}${ks(
    'argo-applications',
    './applications',
    ['flux-releases'],
    'Argo CD Applications, ApplicationSets and AppProjects (Flux bootstraps Argo)',
  )}`;
}

function gatewayYaml(): string {
  return `# Shared ingress point: every app HTTPRoute attaches to gateway-system/public.
---
apiVersion: v1
kind: Namespace
metadata:
  name: gateway-system
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: gateway-system
  annotations:
    cert-manager.io/cluster-issuer: "letsencrypt-prod"
spec:
  gatewayClassName: envoy
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      hostname: "*.example.com"
      allowedRoutes:
        namespaces:
          from: All
`;
}

// ---------------------------------------------------------------------------
// Templates: flux/
// ---------------------------------------------------------------------------

function helmRepository(def: HelmRepoDef, rng: Rng): string {
  const interval = rng.pick(['1h', '12h', '24h']);
  return `---
# yaml-language-server: $schema=https://kubernetes-schemas.example.com/source.toolkit.fluxcd.io/helmrepository_v1.json
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ${def.name}
  namespace: flux-system
spec:
${def.oci ? '  type: oci\n' : ''}  interval: ${interval}
  url: ${def.url}
`;
}

function gitRepositorySource(): string {
  return `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: platform-policies
  namespace: flux-system
spec:
  interval: 5m
  url: https://github.com/${ORG}/platform-policies
  ref:
    branch: main
  ignore: |
    # exclude everything but the policies folder
    /*
    !/kyverno
`;
}

function ociRepositorySource(): string {
  return `---
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata:
  name: podinfo-manifests
  namespace: flux-system
spec:
  interval: 10m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    semver: ">=6.5.0"
`;
}

function policiesKustomization(): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: platform-policies
  namespace: flux-system
spec:
  interval: 15m
  path: ./kyverno
  prune: true
  sourceRef:
    kind: GitRepository
    name: platform-policies
  dependsOn:
    - name: flux-releases
`;
}

function podinfoKustomization(): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: podinfo-demo
  namespace: flux-system
spec:
  interval: 30m
  path: "./"
  prune: true
  targetNamespace: podinfo-demo
  sourceRef:
    kind: OCIRepository
    name: podinfo-manifests
`;
}

function helmRelease(rel: ReleasePlan, rng: Rng): string {
  const c = rel.chart;
  const useAnchor = rng.chance(0.6);
  const retries = rng.int(2, 5);
  const install = useAnchor
    ? `  install:
    createNamespace: true
    remediation: &remediation
      retries: ${retries}
  upgrade:
    cleanupOnFail: true
    remediation: *remediation`
    : `  install:
    createNamespace: true
    remediation:
      retries: ${retries}
  upgrade:
    cleanupOnFail: true
    remediation:
      retries: ${retries}
      strategy: rollback`;
  return `---
# yaml-language-server: $schema=https://kubernetes-schemas.example.com/helm.toolkit.fluxcd.io/helmrelease_v2.json
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${rel.name}
  namespace: flux-system
  labels:
    app.kubernetes.io/managed-by: flux
    example.com/team: ${rel.team}
spec:
  interval: ${rng.pick(['10m', '30m', '1h'])}
  releaseName: ${rel.name}
  targetNamespace: ${c.namespace}
  chart:
    spec:
      chart: ${c.chart}
      version: "${c.version}"
      sourceRef:
        kind: HelmRepository
        name: ${HELM_REPOS[c.repo]?.name ?? c.repo}
        namespace: flux-system
      interval: 12h
${install}
  valuesFrom:
    - kind: ConfigMap
      name: ${rel.name}-values
      valuesKey: values.yaml
  values:
    fullnameOverride: ${rel.name}
${rel.dependsOn.length > 0 ? `  dependsOn:\n${rel.dependsOn.map((d) => `    - name: ${d}`).join('\n')}\n` : ''}`;
}

function valuesConfigMap(rel: ReleasePlan, rng: Rng): string {
  const replicas = rng.int(1, 3);
  const mem = rng.pick(['256Mi', '512Mi', '1Gi']);
  return `# Helm values for ${rel.name}${rel.app ? ` (backing service of ${rel.app})` : ''}.
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${rel.name}-values
  namespace: flux-system
data:
  values.yaml: |
    # rendered into the ${rel.chart.chart} chart
    replicaCount: ${replicas}
    podAnnotations:
      example.com/owner: "${rel.team}"
    resources:
      requests:
        cpu: ${rng.pick(['50m', '100m', '250m'])}
        memory: ${mem}
      limits:
        memory: ${mem}
    metrics:
      enabled: true
      serviceMonitor:
        enabled: ${rel.name === 'kube-prometheus-stack' ? 'false' : 'true'}
    persistence:
      enabled: ${rng.chance(0.7) ? 'true' : 'false'}
      size: ${rng.pick(['8Gi', '20Gi', '50Gi'])}
    tolerations: []
`;
}

function fluxAppKustomization(app: AppPlan, env: string, source: string, deps: string[]): string {
  return `---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${app.name}-${env}
  namespace: flux-system
  labels:
    app.kubernetes.io/name: ${app.name}
    example.com/team: ${app.team}
    example.com/env: ${env}
spec:
  interval: ${env === 'prod' ? '10m' : '5m'}
  retryInterval: 2m
  timeout: 3m
  path: ./apps/${app.name}/overlays/${env}
  prune: true
  wait: ${env === 'prod' ? 'true' : 'false'}
  sourceRef:
    kind: GitRepository
    name: ${source}
${deps.length > 0 ? `  dependsOn:\n${deps.map((d) => `    - name: ${d}`).join('\n')}\n` : ''}`;
}

// ---------------------------------------------------------------------------
// Templates: applications/
// ---------------------------------------------------------------------------

function appProjects(teams: readonly string[]): string {
  const project = (name: string, description: string): string => `---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${name}
  namespace: argocd
  finalizers:
    - resources-finalizer.argocd.argoproj.io
spec:
  description: >-
    ${description}
  sourceRepos:
    - '${REPO_URL}'
  destinations:
    - server: https://kubernetes.default.svc
      namespace: '*'
  clusterResourceWhitelist:
    - group: ''
      kind: Namespace
  namespaceResourceWhitelist:
    - group: '*'
      kind: '*'
`;
  return `# AppProjects: one shared platform project plus one per team.
${project('platform', 'Shared platform project used by ApplicationSets and platform tooling.')}${teams
    .map((t) => project(t, `Applications owned by the ${t} team.`))
    .join('')}`;
}

function applicationSet(env: AppsetEnv): string {
  return `# Ephemeral ${env} environments: one Application per apps/<app>/overlays/${env} folder.
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${env}-environments
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - git:
        repoURL: ${REPO_URL}
        revision: HEAD
        directories:
          - path: apps/*/overlays/${env}
  template:
    metadata:
      name: '{{ index .path.segments 1 }}-${env}'
      labels:
        example.com/env: ${env}
    spec:
      project: platform
      source:
        repoURL: ${REPO_URL}
        targetRevision: HEAD
        path: '{{ .path.path }}'
      destination:
        server: https://kubernetes.default.svc
        namespace: '{{ index .path.segments 1 }}-${env}'
      syncPolicy:
        automated:
          prune: true
          selfHeal: true
        syncOptions:
          - CreateNamespace=true
`;
}

function argoApplication(app: AppPlan, env: string, idx: number): string {
  const flamingo = app.mode === 'flamingo';
  const syncOptions = ['CreateNamespace=true'];
  if (flamingo) syncOptions.push('FluxSubsystem=true', 'AutoCreateFluxResources=true');
  if (env === 'prod') syncOptions.push('PruneLast=true');
  return `---
${idx === 0 ? `# Argo CD Applications for ${app.name}${flamingo ? ' (Flamingo: reconciled through the Flux subsystem)' : ''}\n` : ''}apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${app.name}-${env}
  namespace: argocd
  annotations:
    argocd.argoproj.io/sync-wave: "${idx + 1}"
  labels:
    example.com/team: ${app.team}
    example.com/env: ${env}
  finalizers:
    - resources-finalizer.argocd.argoproj.io
spec:
  project: ${app.team}
  source:
    repoURL: ${REPO_URL}
    targetRevision: ${env === 'prod' ? 'main' : 'HEAD'}
    path: apps/${app.name}/overlays/${env}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${app.name}-${env}
  syncPolicy:
${env === 'prod' && !flamingo ? '' : '    automated:\n      prune: true\n      selfHeal: true\n'}    syncOptions:
${syncOptions.map((o) => `      - ${o}`).join('\n')}
    retry:
      limit: 5
      backoff:
        duration: 5s
        factor: 2
        maxDuration: 3m
`;
}

// ---------------------------------------------------------------------------
// Templates: apps/
// ---------------------------------------------------------------------------

function appBaseKustomization(app: AppPlan, missing: string[]): string {
  const resources = ['deployment.yaml', 'service.yaml', 'httproute.yaml', 'configmap.yaml', ...missing];
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
# Base manifests for ${app.name}; environments live in ../overlays/<env>.
resources:
${resources.map((r) => `  - ${r}`).join('\n')}
labels:
  - pairs:
      app.kubernetes.io/part-of: ${app.team}
`;
}

function appDeployment(app: AppPlan): string {
  const n = app.name;
  const probe = `httpGet:
              path: /healthz
              port: http`;
  const labels = `app.kubernetes.io/name: ${n}
    app.kubernetes.io/component: ${n.split('-')[1] ?? 'api'}`;
  const head = app.anchors
    ? `metadata:
  name: ${n}
  labels: &labels
    ${labels}
spec:
  replicas: 1
  revisionHistoryLimit: 5
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels`
    : `metadata:
  name: ${n}
  labels:
    ${labels}
spec:
  replicas: 1
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${n}`;
  return `---
apiVersion: apps/v1
kind: Deployment
${head}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "${app.port}"
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${n}
          image: ${app.image}:${app.tag}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: ${app.port}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: ${n}-config
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          ${app.anchors ? `readinessProbe: &probe\n            ${probe}\n          livenessProbe: *probe` : `readinessProbe:\n            ${probe}`}
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
`;
}

function appService(app: AppPlan): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  labels:
    app.kubernetes.io/name: ${app.name}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${app.name}
  ports:
    - name: http
      port: 80
      targetPort: http # named container port
      protocol: TCP
`;
}

function appHttpRoute(app: AppPlan): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${app.name}
spec:
  parentRefs:
    - name: public
      namespace: gateway-system
      sectionName: http
  hostnames:
    - "${app.name}.example.com"
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: ${app.name}
          port: 80
`;
}

function appConfigMap(app: AppPlan, rng: Rng): string {
  const flags = rng.shuffle(['new-checkout', 'fast-search', 'dark-mode', 'beta-api', 'async-export']).slice(0, rng.int(1, 3));
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app.name}-config
data:
  LOG_LEVEL: "info"
  HTTP_PORT: "${app.port}"
  FEATURE_FLAGS: '${flags.join(',')}'
  DESCRIPTION: >-
    ${app.name} is owned by the ${app.team} team and
    is deployed through ${app.mode === 'flux' ? 'Flux' : app.mode === 'flamingo' ? 'Argo CD (Flamingo)' : 'Argo CD'}.
  app.yaml: |
    server:
      port: ${app.port}
      shutdownTimeout: 30s
    telemetry:
      otlpEndpoint: "http://otel-collector.monitoring.svc:4317"
      sampleRatio: ${rng.pick(['0.1', '0.25', '1.0'])}
`;
}

const REPLICAS: Record<string, number> = { dev: 1, staging: 2, prod: 3, preview: 1, sandbox: 1 };

function appOverlayKustomization(app: AppPlan, env: string, missing: string[]): string {
  const resources = ['../../base', ...missing];
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${app.name}-${env}
resources:
${resources.map((r) => `  - ${r}`).join('\n')}
patches:
  - path: patch-deployment.yaml
  - target:
      group: gateway.networking.k8s.io
      version: v1
      kind: HTTPRoute
      name: ${app.name}
    patch: |-
      - op: replace
        path: /spec/hostnames/0
        value: ${env === 'prod' ? `${app.name}.example.com` : `${app.name}.${env}.example.com`}
images:
  - name: ${app.image}
    newTag: "${env === 'prod' ? app.tag : `${app.tag}-rc.${(REPLICAS[env] ?? 1) + 1}`}"
labels:
  - pairs:
      example.com/env: ${env}
`;
}

function appOverlayPatch(app: AppPlan, env: string): string {
  const prod = env === 'prod';
  return `# ${env} sizing for ${app.name}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app.name}
spec:
  replicas: ${REPLICAS[env] ?? 1}
  template:
    spec:
      containers:
        - name: ${app.name}
          env:
            - name: ENVIRONMENT
              value: "${env}"
          resources:
            requests:
              cpu: ${prod ? '250m' : '50m'}
              memory: ${prod ? '256Mi' : '64Mi'}
            limits:
              memory: ${prod ? "'1Gi'" : '256Mi'}
`;
}
