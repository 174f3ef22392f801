import type { Repo, YamlPath } from '../load/types.js';

/** A Kubernetes object read from one YAML document. */
export interface Resource {
  /** `file#doc`, unique in a graph. */
  id: string;
  file: string;
  doc: number;
  apiVersion: string;
  /** API group, '' for core. */
  group: string;
  version: string;
  kind: string;
  name: string;
  /** As written in metadata.namespace; undefined when the manifest leaves it to kustomize or the applier. */
  namespace: string | undefined;
  body: Record<string, unknown>;
}

/** A kustomize `kustomization.yaml` (or Component). */
export interface KustomizeFile {
  dir: string;
  file: string;
  doc: number;
  body: Record<string, unknown>;
  isComponent: boolean;
}

/** Where a reference is written. */
export interface Origin {
  file: string;
  doc: number;
  path: YamlPath;
  /** The resource holding the reference; absent for kustomization.yaml files. */
  resource?: Resource;
}

export type EdgeKind =
  | 'kustomize-resource'
  | 'kustomize-component'
  | 'kustomize-base'
  | 'kustomize-patch'
  | 'kustomize-generator-file'
  | 'kustomize-helm-values'
  | 'kustomize-crd'
  | 'kustomize-replacement'
  | 'kustomize-plugin'
  | 'kustomize-config'
  | 'flux-source'
  | 'flux-path'
  | 'flux-depends-on'
  | 'flux-values-from'
  | 'flux-substitute-from'
  | 'flux-secret-ref'
  | 'argo-source-path'
  | 'argo-value-file'
  | 'argo-project'
  | 'argo-generator-path'
  | 'flamingo-workload'
  | 'gateway-parent'
  | 'gateway-backend';

export type PathExpectation = 'file' | 'dir' | 'file-or-dir';

export type Target =
  | { type: 'resource'; kinds: readonly string[]; name: string; namespace?: string }
  | { type: 'path'; raw: string; path: string; expect: PathExpectation }
  | { type: 'glob'; raw: string; pattern: string }
  | { type: 'remote'; url: string };

/**
 * What became of a reference.
 * - `resolved`: it names something in this tree.
 * - `missing`: it names something that is not in this tree.
 * - `remote`: a URL; never checked offline.
 * - `outside-root`: a path that climbs out of the repository; never read.
 * - `elsewhere`: a path in another repository, branch or tag this checkout cannot see.
 * - `unknown`: cannot be decided (templated value, source of unknown origin).
 * - `excluded`: the path exists but `.sourceignore` hides it from Flux.
 */
export type EdgeStatus = 'resolved' | 'missing' | 'remote' | 'outside-root' | 'elsewhere' | 'unknown' | 'excluded';

export interface Edge {
  kind: EdgeKind;
  from: Origin;
  target: Target;
  status: EdgeStatus;
  /** Resources a resource target resolved to. */
  resources?: Resource[];
  /** Why the status is what it is, for messages (e.g. which branch a path lives on, which ignore file excludes it). */
  note?: string;
  /**
   * For `elsewhere` edges: `revision` when the target is in this repository on another branch,
   * tag or commit (this checkout could hold it but does not), `repository` when it is in another
   * repository or artifact (nothing here can be checked). Also set on `resolved` edges whose path
   * happens to exist here while the controller reads it from that other revision or repository:
   * renders (deployers) skip those, since what is here is not what gets applied.
   */
  elsewhere?: 'revision' | 'repository';
  /** For path targets that live in a Git repository named by URL (Argo CD sources, ApplicationSet generators). */
  repo?: RepoRef;
}

export interface RepoRef {
  url: string;
  revision?: string;
}

/** Something that deploys files from this repository: a Flux Kustomization or an Argo CD Application. */
export interface Deployer {
  resource: Resource;
  tool: 'flux' | 'argo';
  /** Repo-relative folder it deploys ('' for the root). */
  dir: string;
  /** Resources it would apply; `opaque` when part of it is rendered by Helm or comes from remote bases. */
  renders: RenderedSet;
}

export interface RenderedItem {
  kind: string;
  namespace: string | undefined;
  name: string;
  /** The resource the item came from; undefined for generated ConfigMaps and Secrets. */
  source?: Resource;
  /** Earlier ids, before kustomize's namespace, namePrefix and nameSuffix renamed it: patches in overlays match any of them. */
  previous?: readonly { name: string; namespace: string | undefined }[];
}

export interface RenderedSet {
  items: RenderedItem[];
  /** True when some of the output cannot be known offline (Helm charts, remote bases). */
  opaque: boolean;
  /** True when a kustomization on the way names a file that does not exist or declares an apiVersion or kind kustomize refuses: `kustomize build` fails and applies nothing. */
  broken?: boolean;
  /** Files whose documents the render used. */
  files: Set<string>;
}

export interface Graph {
  repo: Repo;
  resources: Resource[];
  kustomizeFiles: KustomizeFile[];
  edges: Edge[];
  /** Repo URLs (normalised) that denote this repository. */
  selfUrls: Set<string>;
  /** Names (`namespace/name`) of the Flux sources that `flux bootstrap` or the Flux Operator create. */
  bootstrapSources: Set<string>;
}
