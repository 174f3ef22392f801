import { getStr } from './read.js';
import type { Graph } from './types.js';

export interface SelfSource {
  /** The repository URL as a person wrote it (config, git remote, or the bootstrap GitRepository). */
  url?: string;
  branch?: string;
}

/** How a new GitRepository for this repository should point at it, or what is unknown about that. */
export function selfSource(graph: Graph, configured: { urls: string[]; branch?: string }): SelfSource {
  const bootstrap = graph.resources.find((r) => r.kind === 'GitRepository' && r.name === 'flux-system');
  const url = configured.urls[0] ?? graph.repo.git.remoteUrls[0] ?? (bootstrap ? getStr(bootstrap.body, 'spec', 'url') : undefined);
  const branch = configured.branch ?? graph.repo.git.branch ?? (bootstrap ? getStr(bootstrap.body, 'spec', 'ref', 'branch') : undefined);
  return { ...(url ? { url } : {}), ...(branch ? { branch } : {}) };
}
