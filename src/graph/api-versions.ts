import { get, isObj } from './read.js';

/**
 * API versions that Flux, Kubernetes or Gateway API deprecated or stopped serving. Sources:
 * Flux CRDs per release (served/deprecated flags of each controller's config/crd/bases at the tags
 * flux2 pins, shared/docs/formats.md §3), the Kubernetes deprecated API migration guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/) and the Gateway API v1.6.1 CRDs.
 */

/** Flux releases the `fluxVersion` option accepts: the ones whose served versions we know. */
export const FLUX_RELEASES = ['2.5', '2.6', '2.7', '2.8', '2.9'] as const;

interface FluxRow {
  group: string;
  kinds: readonly string[];
  /** The newest version, by the Flux release that first serves it. */
  current: readonly (readonly [since: string, version: string])[];
  old: readonly { version: string; deprecatedIn?: string; removedIn: string }[];
}

const SOURCE = 'source.toolkit.fluxcd.io';
const FLUX: readonly FluxRow[] = [
  {
    group: SOURCE,
    kinds: ['GitRepository', 'HelmRepository', 'HelmChart', 'Bucket'],
    current: [['2.0', 'v1']],
    old: [{ version: 'v1beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.0', removedIn: '2.8' }],
  },
  { group: SOURCE, kinds: ['OCIRepository'], current: [['2.0', 'v1beta2'], ['2.6', 'v1']], old: [{ version: 'v1beta2', deprecatedIn: '2.6', removedIn: '2.8' }] },
  {
    group: 'kustomize.toolkit.fluxcd.io',
    kinds: ['Kustomization'],
    current: [['2.0', 'v1']],
    old: [{ version: 'v1beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.0', removedIn: '2.8' }],
  },
  {
    group: 'helm.toolkit.fluxcd.io',
    kinds: ['HelmRelease'],
    current: [['2.0', 'v2']],
    old: [{ version: 'v2beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v2beta2', deprecatedIn: '2.0', removedIn: '2.8' }],
  },
  {
    group: 'notification.toolkit.fluxcd.io',
    kinds: ['Alert', 'Provider'],
    current: [['2.0', 'v1beta3']],
    old: [{ version: 'v1beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.0', removedIn: '2.9' }],
  },
  {
    group: 'notification.toolkit.fluxcd.io',
    kinds: ['Receiver'],
    current: [['2.0', 'v1']],
    old: [{ version: 'v1beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.0', removedIn: '2.9' }],
  },
  {
    group: 'image.toolkit.fluxcd.io',
    kinds: ['ImageRepository', 'ImagePolicy'],
    current: [['2.0', 'v1beta2'], ['2.7', 'v1']],
    // v1beta1 was never marked deprecated: Flux 2.7 dropped it outright.
    old: [{ version: 'v1beta1', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.7', removedIn: '2.9' }],
  },
  {
    group: 'image.toolkit.fluxcd.io',
    kinds: ['ImageUpdateAutomation'],
    current: [['2.0', 'v1beta2'], ['2.7', 'v1']],
    old: [{ version: 'v1beta1', deprecatedIn: '2.0', removedIn: '2.7' }, { version: 'v1beta2', deprecatedIn: '2.7', removedIn: '2.9' }],
  },
];

interface KubeRow {
  group: string;
  version: string;
  kinds: readonly string[];
  removedIn: string;
  /** undefined: removed with no successor. */
  replacement?: string;
  /** Whether the replacement reads the same fields the same way, so rewriting apiVersion is enough. */
  sameSchema: boolean | ((body: unknown) => boolean);
  advice?: string;
}

const KUBE: readonly KubeRow[] = [
  { group: 'extensions', version: 'v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', replacement: 'apps/v1', sameSchema: false, advice: 'apps/v1 requires spec.selector' },
  { group: 'apps', version: 'v1beta1', kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'], removedIn: '1.16', replacement: 'apps/v1', sameSchema: false, advice: 'apps/v1 requires spec.selector' },
  { group: 'apps', version: 'v1beta2', kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], removedIn: '1.16', replacement: 'apps/v1', sameSchema: false, advice: 'apps/v1 requires spec.selector' },
  { group: 'extensions', version: 'v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', replacement: 'networking.k8s.io/v1', sameSchema: true },
  { group: 'extensions', version: 'v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', sameSchema: false, advice: 'PodSecurityPolicy itself was removed in Kubernetes 1.25: use Pod Security Admission labels on the namespace' },
  { group: 'extensions', version: 'v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1', sameSchema: false, advice: 'v1 backends are service.name and service.port, and every path needs a pathType' },
  { group: 'networking.k8s.io', version: 'v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1', sameSchema: false, advice: 'v1 backends are service.name and service.port, and every path needs a pathType' },
  { group: 'networking.k8s.io', version: 'v1beta1', kinds: ['IngressClass'], removedIn: '1.22', replacement: 'networking.k8s.io/v1', sameSchema: true },
  { group: 'apiextensions.k8s.io', version: 'v1beta1', kinds: ['CustomResourceDefinition'], removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1', sameSchema: false, advice: 'v1 needs a structural schema per version' },
  { group: 'apiregistration.k8s.io', version: 'v1beta1', kinds: ['APIService'], removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1', sameSchema: true },
  {
    group: 'admissionregistration.k8s.io', version: 'v1beta1', kinds: ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'], removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1', sameSchema: false, advice: 'v1 requires sideEffects and admissionReviewVersions and defaults failurePolicy to Fail',
  },
  { group: 'certificates.k8s.io', version: 'v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22', replacement: 'certificates.k8s.io/v1', sameSchema: false, advice: 'v1 requires spec.signerName' },
  { group: 'coordination.k8s.io', version: 'v1beta1', kinds: ['Lease'], removedIn: '1.22', replacement: 'coordination.k8s.io/v1', sameSchema: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1', sameSchema: true },
  { group: 'scheduling.k8s.io', version: 'v1beta1', kinds: ['PriorityClass'], removedIn: '1.22', replacement: 'scheduling.k8s.io/v1', sameSchema: true },
  { group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22', replacement: 'storage.k8s.io/v1', sameSchema: true },
  { group: 'batch', version: 'v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1', sameSchema: true },
  { group: 'discovery.k8s.io', version: 'v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', replacement: 'discovery.k8s.io/v1', sameSchema: false, advice: 'v1 replaces topology with deprecatedTopology and zone' },
  { group: 'events.k8s.io', version: 'v1beta1', kinds: ['Event'], removedIn: '1.25', replacement: 'events.k8s.io/v1', sameSchema: false },
  { group: 'autoscaling', version: 'v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', replacement: 'autoscaling/v2', sameSchema: false, advice: 'v2 metrics use target.type and target.averageUtilization' },
  {
    group: 'policy', version: 'v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', replacement: 'policy/v1',
    // An empty selector selects no pods in v1beta1 and every pod of the namespace in v1.
    sameSchema: (body) => isObj(get(body, 'spec', 'selector')) && Object.keys(get(body, 'spec', 'selector') as object).length > 0,
    advice: 'an empty spec.selector selects every pod of the namespace in v1',
  },
  { group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', sameSchema: false, advice: 'use Pod Security Admission labels on the namespace instead' },
  { group: 'node.k8s.io', version: 'v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', replacement: 'node.k8s.io/v1', sameSchema: true },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta1', kinds: ['FlowSchema'], removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1', sameSchema: true },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta2', kinds: ['FlowSchema'], removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', sameSchema: true },
  { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', kinds: ['FlowSchema'], removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', sameSchema: true },
  ...(['v1beta1', 'v1beta2', 'v1beta3'] as const).map((version, i) => ({
    group: 'flowcontrol.apiserver.k8s.io', version, kinds: ['PriorityLevelConfiguration'], removedIn: ['1.26', '1.29', '1.32'][i]!,
    replacement: 'flowcontrol.apiserver.k8s.io/v1', sameSchema: false,
    advice: version === 'v1beta3' ? 'in v1 a nominalConcurrencyShares of 0 means zero, not the default of 30' : 'v1 renames assuredConcurrencyShares to nominalConcurrencyShares',
  })),
  { group: 'autoscaling', version: 'v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', replacement: 'autoscaling/v2', sameSchema: true },
  { group: 'storage.k8s.io', version: 'v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', replacement: 'storage.k8s.io/v1', sameSchema: true },
];

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
interface GatewayRow {
  version: string;
  kinds: readonly string[];
  replacement: string;
  /** Gateway API release that no longer serves it; undefined for beta versions still served. */
  removedIn?: string;
  sameSchema: boolean;
}
const GATEWAY: readonly GatewayRow[] = [
  // v1.0 promoted these to v1; v1beta1 is still served, with the same schema.
  { version: 'v1beta1', kinds: ['GatewayClass', 'Gateway', 'HTTPRoute'], replacement: `${GATEWAY_GROUP}/v1`, sameSchema: true },
  { version: 'v1alpha2', kinds: ['GRPCRoute'], replacement: `${GATEWAY_GROUP}/v1`, removedIn: '1.2', sameSchema: false },
  { version: 'v1alpha2', kinds: ['ReferenceGrant'], replacement: `${GATEWAY_GROUP}/v1beta1`, removedIn: '1.2', sameSchema: true },
  // The v1.6.1 CRDs list these versions with served: false.
  { version: 'v1alpha2', kinds: ['TLSRoute', 'TCPRoute', 'UDPRoute'], replacement: `${GATEWAY_GROUP}/v1`, removedIn: '1.6', sameSchema: false },
  { version: 'v1alpha3', kinds: ['TLSRoute', 'BackendTLSPolicy'], replacement: `${GATEWAY_GROUP}/v1`, removedIn: '1.6', sameSchema: false },
];

export type ApiVersionVerdict =
  | { ecosystem: 'flux'; state: 'removed' | 'deprecated'; removedIn: string; replacement: string }
  | { ecosystem: 'kubernetes'; state: 'removed'; removedIn: string; replacement?: string; sameSchema: boolean; advice?: string }
  | { ecosystem: 'gateway'; state: 'removed' | 'beta'; removedIn?: string; replacement: string; sameSchema: boolean };

/** Compares dotted release numbers (`2.10` > `2.9`). */
export function releaseAtLeast(release: string, min: string): boolean {
  const a = release.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** What is wrong with an object's apiVersion for a cluster running Flux `fluxVersion`; undefined when nothing is. */
export function apiVersionVerdict(group: string, version: string, kind: string, body: unknown, fluxVersion: string): ApiVersionVerdict | undefined {
  for (const row of FLUX) {
    if (row.group !== group || !row.kinds.includes(kind)) continue;
    const old = row.old.find((o) => o.version === version);
    if (!old) return undefined;
    const current = [...row.current].reverse().find(([since]) => releaseAtLeast(fluxVersion, since))?.[1];
    if (!current || current === version) return undefined;
    const replacement = `${group}/${current}`;
    if (releaseAtLeast(fluxVersion, old.removedIn)) return { ecosystem: 'flux', state: 'removed', removedIn: old.removedIn, replacement };
    if (old.deprecatedIn && releaseAtLeast(fluxVersion, old.deprecatedIn)) return { ecosystem: 'flux', state: 'deprecated', removedIn: old.removedIn, replacement };
    return undefined;
  }
  if (group === GATEWAY_GROUP) {
    const row = GATEWAY.find((g) => g.version === version && g.kinds.includes(kind));
    if (!row) return undefined;
    return { ecosystem: 'gateway', state: row.removedIn ? 'removed' : 'beta', replacement: row.replacement, sameSchema: row.sameSchema, ...(row.removedIn ? { removedIn: row.removedIn } : {}) };
  }
  const row = KUBE.find((k) => k.group === group && k.version === version && k.kinds.includes(kind));
  if (!row) return undefined;
  return {
    ecosystem: 'kubernetes',
    state: 'removed',
    removedIn: row.removedIn,
    sameSchema: typeof row.sameSchema === 'function' ? row.sameSchema(body) : row.sameSchema,
    ...(row.replacement ? { replacement: row.replacement } : {}),
    ...(row.advice ? { advice: row.advice } : {}),
  };
}
