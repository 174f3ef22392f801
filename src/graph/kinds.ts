import type { Resource } from './types.js';

export const FLUX_SOURCE_GROUP = 'source.toolkit.fluxcd.io';
export const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
export const FLUX_HELM_GROUP = 'helm.toolkit.fluxcd.io';
export const ARGO_GROUP = 'argoproj.io';
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export const FLUX_SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket', 'HelmChart', 'ExternalArtifact'] as const;

export const isFluxKustomization = (r: Resource): boolean => r.kind === 'Kustomization' && r.group === FLUX_KUSTOMIZE_GROUP;
export const isHelmRelease = (r: Resource): boolean => r.kind === 'HelmRelease' && r.group === FLUX_HELM_GROUP;
export const isFluxSource = (r: Resource): boolean =>
  r.group === FLUX_SOURCE_GROUP && (FLUX_SOURCE_KINDS as readonly string[]).includes(r.kind);
export const isArgoApplication = (r: Resource): boolean => r.kind === 'Application' && r.group === ARGO_GROUP;
export const isArgoApplicationSet = (r: Resource): boolean => r.kind === 'ApplicationSet' && r.group === ARGO_GROUP;
export const isAppProject = (r: Resource): boolean => r.kind === 'AppProject' && r.group === ARGO_GROUP;
export const isRoute = (r: Resource): boolean =>
  r.group === GATEWAY_GROUP && ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'].includes(r.kind);

/** Kinds that have no namespace; kustomize's `namespace:` leaves them alone. */
export const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'PodSecurityPolicy',
  'IngressClass',
  'GatewayClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'RuntimeClass',
  'CSIDriver',
  'ClusterIssuer',
  'ClusterSecretStore',
  'ClusterPolicy',
  'Node',
]);

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}
