// Flux CD kinds, from the field lists of the source-, kustomize-, helm- and notification-controller
// CRDs (Flux 2.7, shared/crds) plus the fields and enum values Flux 2.8 and 2.9 added (the flux-schema
// catalog of Flux 2.9.2), so a repository on any current Flux passes. See docs/formats.md §3.
import {
  anything,
  bool,
  def,
  int,
  list,
  obj,
  oneOf,
  pattern,
  resource,
  str,
  strList,
  strMap,
  type KindSchema,
  type Schema,
} from './dsl.js';

const SOURCE = 'source.toolkit.fluxcd.io';
const KUSTOMIZE = 'kustomize.toolkit.fluxcd.io';
const HELM = 'helm.toolkit.fluxcd.io';
const NOTIFICATION = 'notification.toolkit.fluxcd.io';

const duration = pattern('^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$', 'a duration such as 30s, 10m or 1h30m');
/** Sources and providers time out in ms, s or m only: their CRDs reject hours. */
const shortDuration = pattern('^([0-9]+(\\.[0-9]+)?(ms|s|m))+$', 'a duration in ms, s or m such as 60s or 5m (hours are not accepted here)');

const localRef = def('localObjectReference', obj({ 'name!': str }));
const secretKeyRef = obj({ 'name!': str, key: str });
const kubeConfig = obj({ configMapRef: localRef, secretRef: secretKeyRef });
const commonMetadata = obj({ annotations: strMap, labels: strMap });
const dependsOn = list(obj({ 'name!': str, namespace: str, readyExpr: str }));
const selector = def(
  'selector',
  obj({ annotationSelector: str, group: str, kind: str, labelSelector: str, name: str, namespace: str, version: str }),
);
const patches = list(obj({ 'patch!': str, target: selector }));
const images = list(obj({ 'name!': str, newName: str, newTag: str, digest: str }));
const oidcIdentity = list(obj({ 'issuer!': str, 'subject!': str }));
const valuesReference = obj({
  'kind!': oneOf('Secret', 'ConfigMap'),
  'name!': str,
  optional: bool,
  literal: bool,
  targetPath: str,
  valuesKey: str,
});
const objectRefKinds = [
  'Bucket',
  'GitRepository',
  'Kustomization',
  'HelmRelease',
  'HelmChart',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'OCIRepository',
  'ArtifactGenerator',
  'ExternalArtifact',
  'FluxInstance',
  'ResourceSet',
  'ResourceSetInputProvider',
];
const crossNamespaceRef = obj({ apiVersion: str, 'kind!': oneOf(...objectRefKinds), 'name!': str, namespace: str, matchLabels: strMap });

const gitRepository: Schema = obj({
  'interval!': duration,
  'url!': pattern('^(http|https|ssh)://.*$', 'a URL that starts with http://, https:// or ssh:// (scp-style git@host:path is not accepted)'),
  ignore: str,
  include: list(obj({ 'repository!': localRef, fromPath: str, toPath: str })),
  provider: oneOf('generic', 'aws', 'azure', 'github'),
  proxySecretRef: localRef,
  recurseSubmodules: bool,
  ref: obj({ branch: str, commit: str, name: str, semver: str, tag: str }),
  secretRef: localRef,
  serviceAccountName: str,
  sparseCheckout: strList,
  suspend: bool,
  timeout: shortDuration,
  verify: obj({ 'secretRef!': localRef, mode: oneOf('head', 'HEAD', 'Tag', 'TagAndHEAD') }),
});

const ociRepository: Schema = obj({
  'interval!': duration,
  'url!': pattern('^oci://.*$', 'a URL that starts with oci://'),
  certSecretRef: localRef,
  ignore: str,
  insecure: bool,
  layerSelector: obj({ mediaType: str, operation: oneOf('extract', 'copy') }),
  provider: oneOf('generic', 'aws', 'azure', 'gcp'),
  proxySecretRef: localRef,
  ref: obj({ digest: str, semver: str, semverFilter: str, tag: str }),
  secretRef: localRef,
  serviceAccountName: str,
  suspend: bool,
  timeout: shortDuration,
  verify: obj({ 'provider!': oneOf('cosign', 'notation'), secretRef: localRef, matchOIDCIdentity: oidcIdentity, trustedRootSecretRef: localRef }),
});

const helmRepository: Schema = obj({
  'url!': pattern('^(http|https|oci)://.*$', 'a URL that starts with http://, https:// or oci://'),
  accessFrom: obj({ 'namespaceSelectors!': list(obj({ matchLabels: strMap })) }),
  certSecretRef: localRef,
  insecure: bool,
  interval: duration,
  passCredentials: bool,
  provider: oneOf('generic', 'aws', 'azure', 'gcp'),
  secretRef: localRef,
  suspend: bool,
  timeout: shortDuration,
  type: oneOf('default', 'oci'),
});

const bucket: Schema = obj({
  'bucketName!': str,
  'endpoint!': str,
  'interval!': duration,
  certSecretRef: localRef,
  ignore: str,
  insecure: bool,
  prefix: str,
  provider: oneOf('generic', 'aws', 'gcp', 'azure'),
  proxySecretRef: localRef,
  region: str,
  secretRef: localRef,
  serviceAccountName: str,
  sts: obj({
    'endpoint!': pattern('^(http|https)://.*$', 'a URL that starts with http:// or https://'),
    'provider!': oneOf('aws', 'ldap'),
    certSecretRef: localRef,
    secretRef: localRef,
  }),
  suspend: bool,
  timeout: shortDuration,
});

const chartVerify = obj({ 'provider!': oneOf('cosign', 'notation'), secretRef: localRef, matchOIDCIdentity: oidcIdentity });

const helmChart: Schema = obj({
  'chart!': str,
  'interval!': duration,
  'sourceRef!': obj({ apiVersion: str, 'kind!': oneOf('HelmRepository', 'GitRepository', 'Bucket'), 'name!': str }),
  ignoreMissingValuesFiles: bool,
  reconcileStrategy: oneOf('ChartVersion', 'Revision'),
  suspend: bool,
  valuesFiles: strList,
  verify: chartVerify,
  version: str,
});

const kustomization: Schema = obj({
  'interval!': duration,
  'prune!': bool,
  'sourceRef!': obj({
    apiVersion: str,
    'kind!': oneOf('OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'),
    'name!': str,
    namespace: str,
  }),
  buildMetadata: list(oneOf('originAnnotations', 'transformerAnnotations')),
  commonMetadata,
  components: strList,
  decryption: obj({ 'provider!': oneOf('sops'), secretRef: localRef, serviceAccountName: str }),
  deletionPolicy: oneOf('MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'),
  dependsOn,
  force: bool,
  // `kind` was required until Flux 2.9 made it optional.
  healthCheckExprs: list(obj({ 'apiVersion!': str, 'current!': str, kind: str, failed: str, inProgress: str })),
  healthChecks: list(obj({ 'kind!': str, 'name!': str, apiVersion: str, namespace: str })),
  ignore: list(obj({ 'paths!': strList, target: selector })),
  ignoreMissingComponents: bool,
  images,
  kubeConfig,
  namePrefix: str,
  nameSuffix: str,
  patches,
  path: str,
  postBuild: obj({
    substitute: strMap,
    substituteFrom: list(obj({ 'kind!': oneOf('Secret', 'ConfigMap'), 'name!': str, optional: bool })),
    substituteStrategy: oneOf('WithVariables', 'Always'),
  }),
  retryInterval: duration,
  serviceAccountName: str,
  suspend: bool,
  targetNamespace: str,
  timeout: duration,
  wait: bool,
});

const strategy = obj({ 'name!': oneOf('RemediateOnFailure', 'RetryOnFailure'), retryInterval: duration });
const installRemediation = obj({ ignoreTestFailures: bool, remediateLastFailure: bool, retries: int });
const serverSideApply = oneOf('enabled', 'disabled', 'auto');

const helmRelease: Schema = obj({
  'interval!': duration,
  chart: obj({
    metadata: commonMetadata,
    'spec!': obj({
      'chart!': str,
      'sourceRef!': obj({ apiVersion: str, 'kind!': oneOf('HelmRepository', 'GitRepository', 'Bucket'), 'name!': str, namespace: str }),
      ignoreMissingValuesFiles: bool,
      interval: duration,
      reconcileStrategy: oneOf('ChartVersion', 'Revision'),
      valuesFiles: strList,
      verify: obj({ 'provider!': oneOf('cosign', 'notation'), secretRef: localRef }),
      version: str,
    }),
  }),
  chartRef: obj({ apiVersion: str, 'kind!': oneOf('OCIRepository', 'HelmChart', 'ExternalArtifact'), 'name!': str, namespace: str }),
  commonMetadata,
  dependsOn,
  driftDetection: obj({
    ignore: list(obj({ 'paths!': strList, target: selector })),
    mode: oneOf('enabled', 'warn', 'disabled'),
  }),
  healthCheckExprs: list(obj({ 'apiVersion!': str, 'current!': str, kind: str, failed: str, inProgress: str })),
  install: obj({
    crds: oneOf('Skip', 'Create', 'CreateReplace'),
    createNamespace: bool,
    disableHooks: bool,
    disableOpenAPIValidation: bool,
    disableSchemaValidation: bool,
    disableTakeOwnership: bool,
    disableWait: bool,
    disableWaitForJobs: bool,
    remediation: installRemediation,
    replace: bool,
    serverSideApply: bool,
    skipCRDs: bool,
    strategy,
    timeout: duration,
  }),
  kubeConfig,
  maxHistory: int,
  persistentClient: bool,
  postRenderStrategy: oneOf('nohooks', 'combined', 'separate'),
  postRenderers: list(obj({ kustomize: obj({ images, patches }) })),
  releaseName: str,
  rollback: obj({
    cleanupOnFail: bool,
    disableHooks: bool,
    disableWait: bool,
    disableWaitForJobs: bool,
    force: bool,
    recreate: bool,
    serverSideApply,
    timeout: duration,
  }),
  serviceAccountName: str,
  storageNamespace: str,
  suspend: bool,
  targetNamespace: str,
  test: obj({ enable: bool, filters: list(obj({ 'name!': str, exclude: bool })), ignoreFailures: bool, timeout: duration }),
  timeout: duration,
  uninstall: obj({
    deletionPropagation: oneOf('background', 'foreground', 'orphan'),
    disableHooks: bool,
    disableWait: bool,
    keepHistory: bool,
    timeout: duration,
  }),
  upgrade: obj({
    chartNameChangeStrategy: oneOf('InPlaceUpdate', 'Reinstall'),
    cleanupOnFail: bool,
    crds: oneOf('Skip', 'Create', 'CreateReplace'),
    disableHooks: bool,
    disableOpenAPIValidation: bool,
    disableSchemaValidation: bool,
    disableTakeOwnership: bool,
    disableWait: bool,
    disableWaitForJobs: bool,
    force: bool,
    preserveValues: bool,
    remediation: obj({ ignoreTestFailures: bool, remediateLastFailure: bool, retries: int, strategy: oneOf('rollback', 'uninstall') }),
    serverSideApply,
    strategy,
    timeout: duration,
  }),
  values: anything,
  valuesFrom: list(valuesReference),
  waitStrategy: obj({ 'name!': oneOf('poller', 'legacy') }),
});

const alert: Schema = obj({
  'eventSources!': list(crossNamespaceRef),
  'providerRef!': localRef,
  eventMetadata: strMap,
  eventSeverity: oneOf('info', 'error'),
  exclusionList: strList,
  inclusionList: strList,
  summary: str,
  suspend: bool,
});

const provider: Schema = obj({
  'type!': oneOf(
    'slack',
    'discord',
    'msteams',
    'rocket',
    'generic',
    'generic-hmac',
    'github',
    'gitlab',
    'gitea',
    'giteapullrequestcomment',
    'bitbucketserver',
    'bitbucket',
    'azuredevops',
    'googlechat',
    'googlepubsub',
    'webex',
    'sentry',
    'azureeventhub',
    'telegram',
    'lark',
    'matrix',
    'opsgenie',
    'alertmanager',
    'grafana',
    'githubdispatch',
    'githubpullrequestcomment',
    'gitlabmergerequestcomment',
    'pagerduty',
    'datadog',
    'nats',
    'zulip',
    'otel',
  ),
  address: str,
  certSecretRef: localRef,
  channel: str,
  commitStatusExpr: str,
  interval: duration,
  proxy: pattern('^(http|https)://.*$', 'a URL that starts with http:// or https://'),
  proxySecretRef: localRef,
  secretRef: localRef,
  serviceAccountName: str,
  suspend: bool,
  timeout: shortDuration,
  username: str,
});

const receiver: Schema = obj({
  'resources!': list(obj({ apiVersion: str, 'kind!': oneOf(...objectRefKinds), 'name!': str, namespace: str, matchLabels: strMap, filter: str })),
  'type!': oneOf('generic', 'generic-hmac', 'generic-oidc', 'github', 'gitlab', 'bitbucket', 'harbor', 'dockerhub', 'quay', 'gcr', 'nexus', 'acr', 'cdevents'),
  // Required until Flux 2.9, where generic-oidc receivers authenticate without one.
  secretRef: localRef,
  events: strList,
  interval: duration,
  oidcProviders: list(
    obj({
      'issuerURL!': str,
      'validations!': list(obj({ 'expression!': str, 'message!': str })),
      audience: str,
      variables: list(obj({ 'expression!': str, 'name!': str })),
    }),
  ),
  resourceFilter: str,
  suspend: bool,
});

export const fluxKinds: KindSchema[] = [
  resource(SOURCE, 'v1', 'GitRepository', { spec: gitRepository }),
  resource(SOURCE, 'v1', 'OCIRepository', { spec: ociRepository }),
  resource(SOURCE, 'v1', 'HelmRepository', { spec: helmRepository }),
  resource(SOURCE, 'v1', 'Bucket', { spec: bucket }),
  resource(SOURCE, 'v1', 'HelmChart', { spec: helmChart }),
  resource(KUSTOMIZE, 'v1', 'Kustomization', { spec: kustomization }),
  resource(HELM, 'v2', 'HelmRelease', { spec: helmRelease }),
  resource(NOTIFICATION, 'v1beta3', 'Alert', { spec: alert }),
  resource(NOTIFICATION, 'v1beta3', 'Provider', { spec: provider }),
  resource(NOTIFICATION, 'v1', 'Receiver', { spec: receiver }),
];
