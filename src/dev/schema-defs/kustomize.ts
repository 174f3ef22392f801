// kustomize's kustomization.yaml (Kustomization, kustomize.config.k8s.io/v1beta1) and Component
// (v1alpha1): the fields of kustomize's `types.Kustomization`, deprecated ones included (the
// kustomize-no-deprecated-fields rule reports those). kustomize decodes the file strictly, so an
// unknown field fails `kustomize build` ("invalid Kustomization: json: unknown field").
import { anyObject, anything, bool, def, int, list, map, obj, oneOf, str, strList, strMap, type KindSchema, type Schema } from './dsl.js';

const KUSTOMIZE = 'kustomize.config.k8s.io';

const selector = def(
  'selector',
  obj({ group: str, version: str, kind: str, name: str, namespace: str, annotationSelector: str, labelSelector: str }),
);
const patch = obj({ path: str, patch: str, target: selector, options: map(bool) });
const image = obj({ name: str, newName: str, newTag: str, digest: str, tagSuffix: str });
const generatorOptions = obj({ labels: strMap, annotations: strMap, disableNameSuffixHash: bool, immutable: bool });
const generatorArgs = {
  name: str,
  namespace: str,
  behavior: oneOf('create', 'replace', 'merge'),
  literals: strList,
  files: strList,
  envs: strList,
  env: str,
  options: generatorOptions,
};
const fieldSpec = obj({ group: str, version: str, kind: str, path: str, create: bool });
const fieldOptions = obj({ delimiter: str, index: int, encoding: str, create: bool });

const kustomization: Schema = obj({
  apiVersion: str,
  kind: str,
  metadata: obj({ name: str, namespace: str, labels: strMap, annotations: strMap }),
  openapi: strMap,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  commonLabels: strMap,
  labels: list(obj({ pairs: strMap, includeSelectors: bool, includeTemplates: bool, fields: list(fieldSpec) })),
  commonAnnotations: strMap,
  patchesStrategicMerge: strList,
  patchesJson6902: list(patch),
  patches: list(patch),
  images: list(image),
  imageTags: list(image),
  replacements: list(
    obj({
      path: str,
      source: obj({ group: str, version: str, kind: str, name: str, namespace: str, fieldPath: str, options: fieldOptions }),
      sourceValue: str,
      targets: list(obj({ select: selector, reject: list(selector), fieldPaths: strList, options: fieldOptions })),
    }),
  ),
  replicas: list(obj({ name: str, count: int })),
  vars: list(
    obj({
      name: str,
      objref: obj({ group: str, version: str, kind: str, name: str, namespace: str, apiVersion: str }),
      fieldref: obj({ fieldpath: str }),
    }),
  ),
  sortOptions: obj({ order: oneOf('legacy', 'fifo'), legacySortOptions: obj({ orderFirst: strList, orderLast: strList }) }),
  resources: strList,
  components: strList,
  crds: strList,
  bases: strList,
  configMapGenerator: list(obj(generatorArgs)),
  secretGenerator: list(obj({ ...generatorArgs, type: str })),
  helmGlobals: obj({ chartHome: str, configHome: str }),
  helmCharts: list(
    obj({
      name: str,
      version: str,
      repo: str,
      releaseName: str,
      namespace: str,
      additionalValuesFiles: strList,
      valuesFile: str,
      valuesInline: anything,
      valuesMerge: oneOf('merge', 'override', 'replace'),
      includeCRDs: bool,
      skipHooks: bool,
      apiVersions: strList,
      kubeVersion: str,
      nameTemplate: str,
      skipTests: bool,
      debug: bool,
    }),
  ),
  helmChartInflationGenerator: list(anyObject),
  generatorOptions,
  configurations: strList,
  generators: strList,
  transformers: strList,
  validators: strList,
  buildMetadata: strList,
});

export const kustomizeKinds: KindSchema[] = [
  { group: KUSTOMIZE, version: 'v1beta1', kind: 'Kustomization', schema: kustomization },
  { group: KUSTOMIZE, version: 'v1alpha1', kind: 'Component', schema: kustomization },
];
