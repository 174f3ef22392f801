import { isDeployedFolder } from '../graph/deployed.js';
import { normaliseRepoUrl } from '../load/git-info.js';
import { listingFor } from '../graph/listing.js';
import type { GraphQuery } from '../graph/query.js';
import { getStr } from '../graph/read.js';
import type { FixBuilder } from './builder.js';
import { exportKustomization } from './flux-export.js';

/**
 * Makes sure something deploys `dir` after a file moves there: when no Flux Kustomization or Argo
 * CD Application does, writes `flux/kustomizations/<name>.yaml` (as `flux create kustomization
 * --export` would) for this repository's own source, and lists it. Returns false when it cannot
 * (no source for this repository is known, or the file exists), so the caller can do without.
 */
export function ensureFolderDeployed(query: GraphQuery, b: FixBuilder, dir: string, name: string): boolean {
  if (isDeployedFolder(query, dir)) return true;
  const source = selfGitRepository(query);
  if (!source) return false;
  const file = `flux/kustomizations/${name}.yaml`;
  if (query.graph.repo.files.has(file)) return false;
  // A second Kustomization of the same name would replace the first in the cluster.
  if (query.ofKind('Kustomization', 'kustomize.toolkit.fluxcd.io').some((k) => k.name === name && (k.namespace ?? source.namespace) === source.namespace)) return false;
  const listing = listingFor(query, file, 'kustomize.toolkit.fluxcd.io');
  if (!listing) return false;
  b.createFile(file, exportKustomization(name, source.namespace, `./${dir}`, 'GitRepository', source.name));
  b.insertItem({ file: listing.kustomization.file, doc: listing.kustomization.doc }, ['resources'], listing.entry);
  return true;
}

/** The GitRepository Flux uses for this repository: the bootstrap one, else one whose URL is this repository. */
function selfGitRepository(query: GraphQuery): { name: string; namespace: string } | undefined {
  const repos = query.ofKind('GitRepository', 'source.toolkit.fluxcd.io');
  const bootstrap = repos.find((r) => r.name === 'flux-system');
  if (bootstrap || query.graph.bootstrapSources.size > 0) return { name: 'flux-system', namespace: bootstrap?.namespace ?? 'flux-system' };
  const self = repos.find((r) => query.graph.selfUrls.has(normaliseRepoUrl(getStr(r.body, 'spec', 'url') ?? '')));
  return self ? { name: self.name, namespace: self.namespace ?? 'flux-system' } : undefined;
}

