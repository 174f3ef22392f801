// Argo CD kinds (argoproj.io/v1alpha1), from the field lists of the Argo CD 3.5 CRDs (shared/crds/argoproj.io).
import {
  anything,
  bool,
  def,
  int,
  intOrStr,
  list,
  map,
  obj,
  oneOf,
  resource,
  str,
  strList,
  strMap,
  type KindSchema,
  type Schema,
} from './dsl.js';

const ARGO = 'argoproj.io';

const nameValue = list(obj({ 'name!': str, 'value!': str }));
const jsonnetVars = list(obj({ 'name!': str, 'value!': str, code: bool }));
const selector = def(
  'kustomizeSelector',
  obj({ annotationSelector: str, group: str, kind: str, labelSelector: str, name: str, namespace: str, version: str }),
);
const labelSelector = def(
  'labelSelector',
  obj({ matchExpressions: list(obj({ 'key!': str, 'operator!': str, values: strList })), matchLabels: strMap }),
);

const directory = obj({
  exclude: str,
  include: str,
  jsonnet: obj({ extVars: jsonnetVars, libs: strList, tlas: jsonnetVars }),
  recurse: bool,
});
const helm = obj({
  apiVersions: strList,
  fileParameters: list(obj({ name: str, path: str })),
  ignoreMissingValueFiles: bool,
  kubeVersion: str,
  namespace: str,
  parameters: list(obj({ forceString: bool, name: str, value: str })),
  passCredentials: bool,
  releaseName: str,
  skipCrds: bool,
  skipSchemaValidation: bool,
  skipTests: bool,
  valueFiles: strList,
  values: str,
  valuesObject: anything,
  version: str,
});
const kustomize = obj({
  apiVersions: strList,
  commonAnnotations: strMap,
  commonAnnotationsEnvsubst: bool,
  commonLabels: strMap,
  components: strList,
  forceCommonAnnotations: bool,
  forceCommonLabels: bool,
  ignoreMissingComponents: bool,
  images: strList,
  kubeVersion: str,
  labelIncludeTemplates: bool,
  labelWithoutSelector: bool,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  patches: list(obj({ options: map(bool), patch: str, path: str, target: selector })),
  replicas: list(obj({ 'count!': intOrStr, 'name!': str })),
  version: str,
});
const plugin = obj({
  env: nameValue,
  name: str,
  parameters: list(obj({ array: strList, map: strMap, name: str, string: str })),
});

const applicationSource = def(
  'applicationSource',
  obj({
    'repoURL!': str,
    chart: str,
    directory,
    helm,
    kustomize,
    name: str,
    path: str,
    plugin,
    ref: str,
    tagPrefix: str,
    targetRevision: str,
  }),
);

const retry = obj({ backoff: obj({ duration: str, factor: int, maxDuration: str }), limit: int, refresh: bool });

const applicationSpec = def(
  'applicationSpec',
  obj({
    'destination!': obj({ name: str, namespace: str, server: str }),
    'project!': str,
    ignoreDifferences: list(
      obj({ 'kind!': str, group: str, jqPathExpressions: strList, jsonPointers: strList, managedFieldsManagers: strList, name: str, namespace: str }),
    ),
    info: nameValue,
    revisionHistoryLimit: int,
    source: applicationSource,
    sourceHydrator: obj({
      'drySource!': obj({ 'path!': str, 'repoURL!': str, 'targetRevision!': str, directory, helm, kustomize, plugin }),
      hydrateTo: obj({ 'targetBranch!': str }),
      'syncSource!': obj({ 'path!': str, 'targetBranch!': str, repoURL: str }),
    }),
    sources: list(applicationSource),
    syncPolicy: obj({
      automated: obj({ allowEmpty: bool, enabled: bool, prune: bool, selfHeal: bool }),
      managedNamespaceMetadata: obj({ annotations: strMap, labels: strMap }),
      retry,
      syncOptions: strList,
    }),
  }),
);

const applicationTemplate = def(
  'applicationTemplate',
  obj({
    'metadata!': obj({ annotations: strMap, finalizers: strList, labels: strMap, name: str, namespace: str }),
    'spec!': applicationSpec,
  }),
);

// Credentials of the pull-request and SCM-provider generators.
const secretKeyRef = def('secretKeyRef', obj({ 'key!': str, 'secretName!': str }));
const basicAuth = obj({ 'passwordRef!': secretKeyRef, 'username!': str });
const bearerToken = obj({ 'tokenRef!': secretKeyRef });
const caRef = obj({ 'configMapName!': str, 'key!': str });

const generated = { requeueAfterSeconds: int, template: applicationTemplate, values: strMap };

/** A generator; inside matrix and merge, a nested matrix or merge is not described by the CRD. */
function generator(combine: Record<string, Schema>): Schema {
  return obj({
    clusterDecisionResource: obj({ 'configMapRef!': str, labelSelector, name: str, ...generated }),
    clusters: obj({ flatList: bool, selector: labelSelector, template: applicationTemplate, values: strMap }),
    git: obj({
      'repoURL!': str,
      'revision!': str,
      directories: list(obj({ 'path!': str, exclude: bool })),
      files: list(obj({ 'path!': str, exclude: bool })),
      pathParamPrefix: str,
      ...generated,
    }),
    list: obj({ elements: list(anything), elementsYaml: str, template: applicationTemplate }),
    ...combine,
    plugin: obj({ 'configMapRef!': obj({ 'name!': str }), input: obj({ parameters: map(anything) }), ...generated }),
    pullRequest: obj({
      azuredevops: obj({ 'organization!': str, 'project!': str, 'repo!': str, api: str, labels: strList, tokenRef: secretKeyRef }),
      bitbucket: obj({ 'owner!': str, 'repo!': str, api: str, basicAuth, bearerToken }),
      bitbucketServer: obj({ 'api!': str, 'project!': str, 'repo!': str, basicAuth, bearerToken, caRef, insecure: bool }),
      continueOnRepoNotFoundError: bool,
      filters: list(obj({ branchMatch: str, targetBranchMatch: str, titleMatch: str })),
      gitea: obj({ 'api!': str, 'owner!': str, 'repo!': str, insecure: bool, labels: strList, tokenRef: secretKeyRef }),
      github: obj({ 'owner!': str, 'repo!': str, api: str, appSecretName: str, labels: strList, tokenRef: secretKeyRef }),
      gitlab: obj({ 'project!': str, api: str, caRef, insecure: bool, labels: strList, pullRequestState: str, tokenRef: secretKeyRef }),
      ...generated,
    }),
    scmProvider: obj({
      awsCodeCommit: obj({ allBranches: bool, region: str, role: str, tagFilters: list(obj({ 'key!': str, value: str })) }),
      azureDevOps: obj({ 'accessTokenRef!': secretKeyRef, 'organization!': str, 'teamProject!': str, allBranches: bool, api: str }),
      bitbucket: obj({ 'appPasswordRef!': secretKeyRef, 'owner!': str, 'user!': str, allBranches: bool }),
      bitbucketServer: obj({ 'api!': str, 'project!': str, allBranches: bool, basicAuth, bearerToken, caRef, insecure: bool }),
      cloneProtocol: str,
      filters: list(obj({ branchMatch: str, labelMatch: str, pathsDoNotExist: strList, pathsExist: strList, repositoryMatch: str })),
      gitea: obj({ 'api!': str, 'owner!': str, allBranches: bool, excludeArchivedRepos: bool, insecure: bool, tokenRef: secretKeyRef }),
      github: obj({ 'organization!': str, allBranches: bool, api: str, appSecretName: str, excludeArchivedRepos: bool, tokenRef: secretKeyRef }),
      gitlab: obj({
        'group!': str,
        allBranches: bool,
        api: str,
        caRef,
        includeArchivedRepos: bool,
        includeSharedProjects: bool,
        includeSubgroups: bool,
        insecure: bool,
        tokenRef: secretKeyRef,
        topic: str,
      }),
      ...generated,
    }),
    selector: labelSelector,
  });
}

const nestedGenerator = def('nestedGenerator', generator({ matrix: anything, merge: anything }));
const topGenerator = def(
  'generator',
  generator({
    matrix: obj({ 'generators!': list(nestedGenerator), template: applicationTemplate }),
    merge: obj({ 'generators!': list(nestedGenerator), 'mergeKeys!': strList, template: applicationTemplate }),
  }),
);

const applicationSet: Schema = obj({
  'generators!': list(topGenerator),
  'template!': applicationTemplate,
  applyNestedSelectors: bool,
  goTemplate: bool,
  goTemplateOptions: strList,
  ignoreApplicationDifferences: list(obj({ jqPathExpressions: strList, jsonPointers: strList, name: str })),
  preservedFields: obj({ annotations: strList, labels: strList }),
  strategy: obj({
    deletionOrder: str,
    rollingSync: obj({
      steps: list(obj({ matchExpressions: list(obj({ key: str, operator: str, values: strList })), maxUpdate: intOrStr })),
    }),
    type: str,
  }),
  syncPolicy: obj({ applicationsSync: oneOf('create-only', 'create-update', 'create-delete', 'sync'), preserveResourcesOnDeletion: bool }),
  templatePatch: str,
});

const groupKind = obj({ 'group!': str, 'kind!': str });
const appProject: Schema = obj({
  clusterResourceBlacklist: list(obj({ 'group!': str, 'kind!': str, name: str })),
  clusterResourceWhitelist: list(obj({ 'group!': str, 'kind!': str, name: str })),
  description: str,
  destinationServiceAccounts: list(obj({ 'defaultServiceAccount!': str, 'server!': str, namespace: str })),
  destinations: list(obj({ name: str, namespace: str, server: str })),
  namespaceResourceBlacklist: list(groupKind),
  namespaceResourceWhitelist: list(groupKind),
  orphanedResources: obj({ ignore: list(obj({ group: str, kind: str, name: str })), warn: bool }),
  permitOnlyProjectScopedClusters: bool,
  roles: list(
    obj({
      'name!': str,
      description: str,
      groups: strList,
      jwtTokens: list(obj({ 'iat!': int, exp: int, id: str })),
      policies: strList,
    }),
  ),
  signatureKeys: list(obj({ 'keyID!': str })),
  sourceIntegrity: obj({
    'git!': obj({
      'policies!': list(
        obj({ 'gpg!': obj({ 'keys!': strList, 'mode!': str }), 'repos!': list(obj({ 'url!': str })) }),
      ),
    }),
  }),
  sourceNamespaces: strList,
  sourceRepos: strList,
  syncWindows: list(
    obj({
      andOperator: bool,
      applications: strList,
      clusters: strList,
      description: str,
      duration: str,
      kind: str,
      manualSync: bool,
      namespaces: strList,
      schedule: str,
      syncOverrun: bool,
      timeZone: str,
    }),
  ),
});

export const argoKinds: KindSchema[] = [
  resource(ARGO, 'v1alpha1', 'Application', { spec: applicationSpec, operation: anything }, ['metadata', 'spec']),
  resource(ARGO, 'v1alpha1', 'ApplicationSet', { spec: applicationSet }, ['metadata', 'spec']),
  resource(ARGO, 'v1alpha1', 'AppProject', { spec: appProject }, ['metadata', 'spec']),
];
