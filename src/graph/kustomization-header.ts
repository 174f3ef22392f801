import { isObj } from './read.js';

export const KUSTOMIZE_CONFIG_GROUP = 'kustomize.config.k8s.io';
export const KUSTOMIZATION_VERSION = `${KUSTOMIZE_CONFIG_GROUP}/v1beta1`;
export const COMPONENT_VERSION = `${KUSTOMIZE_CONFIG_GROUP}/v1alpha1`;

/**
 * The top-level fields kustomize 5 decodes in a kustomization file, as in schemas/kustomize/kustomization.json
 * (`inventory` is not among them: kustomize 5 dropped it, kubectl 1.32 says `unknown field "inventory"`).
 */
export const KUSTOMIZATION_FIELDS: readonly string[] = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator',
  'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators',
  'transformers', 'validators', 'buildMetadata',
];
const KNOWN = new Set(KUSTOMIZATION_FIELDS.map((f) => f.toLowerCase()));

/**
 * Why kustomize refuses the header of a kustomization file, as `kubectl kustomize` says it.
 * - `declared`: the apiVersion and kind as written ('' when absent).
 * - `expected`: the header kustomize wants for that kind.
 * - `foreign`: top-level fields no kustomization has (`spec`, `data`, ...), in document order: the
 *   document is an object of its own kind saved under a kustomization file name.
 * - `error`: kustomize's message; with foreign fields its decoder stops at the first one.
 */
export interface HeaderProblem {
  apiVersion: string;
  kind: string;
  expected: string;
  foreign: string[];
  error: string;
}

/**
 * kustomize's check of a kustomization file's header (Kustomization.EnforceFields): kind is
 * absent, `Kustomization` or `Component`, and apiVersion is absent or the one version of that kind
 * (`kustomize.config.k8s.io/v1beta1`, `/v1alpha1` for a Component). Anything else fails the build of
 * the folder, however the rest of the file reads. Go's decoder matches field names without regard
 * to case (`KIND:` is the kind). Returns undefined for a header kustomize accepts, and for a header
 * it cannot even decode (a number as apiVersion: a type problem schema-valid reports).
 */
export function kustomizationHeaderProblem(body: unknown): HeaderProblem | undefined {
  if (!isObj(body)) return undefined;
  const apiVersion = field(body, 'apiVersion');
  const kind = field(body, 'kind');
  if (apiVersion === null || kind === null) return undefined;
  const expectedVersion = kind === 'Component' ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  const kindOk = kind === '' || kind === 'Kustomization' || kind === 'Component';
  const versionOk = apiVersion === '' || apiVersion === expectedVersion;
  if (kindOk && versionOk) return undefined;
  const foreign = Object.keys(body).filter((k) => !KNOWN.has(k.toLowerCase()));
  const expected = kind === 'Component' ? `apiVersion: ${COMPONENT_VERSION}, kind: Component` : `apiVersion: ${KUSTOMIZATION_VERSION}, kind: Kustomization`;
  const error = foreign.length > 0
    ? `invalid Kustomization: json: unknown field "${foreign[0]}"`
    : !kindOk ? 'kind should be Kustomization or Component' : `apiVersion for ${kind || 'Kustomization'} should be ${expectedVersion}`;
  return { apiVersion, kind, expected, foreign, error };
}

/** Whether kustomize reads this document as a kustomization: a mapping whose header it accepts. */
export function isKustomizeConfig(body: unknown): boolean {
  return isObj(body) && kustomizationHeaderProblem(body) === undefined;
}

/** A header field as Go decodes it: '' when absent or null, null when it is no string. */
function field(body: Record<string, unknown>, name: string): string | null {
  const key = name in body ? name : Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : body[key];
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : null;
}
