import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRepo } from '../load/load-repo.js';
import { buildGraph } from './build.js';
import type { Edge, EdgeKind, Graph } from './types.js';

/** Each test writes a tiny repo to a temp folder outside git (a fake .git is written where a test needs one). */
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function graphOf(files: Record<string, string>): Graph {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-resolve-'));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return buildGraph(loadRepo(root));
}

function edge(graph: Graph, kind: EdgeKind, from: string): Edge {
  const found = graph.edges.filter((e) => e.kind === kind && (e.from.resource?.name === from || e.from.file === from));
  expect(found, `one ${kind} edge from ${from}`).toHaveLength(1);
  return found[0]!;
}

const gitRepository = (name: string, url: string, branch: string): string =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${url}\n  ref:\n    branch: ${branch}\n`;
const fluxKustomization = (name: string, source: string, p: string): string =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: ${source}\n  path: ${p}\n`;
const argoApp = (name: string, repoURL: string, p: string, revision = 'HEAD'): string =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: ${repoURL}\n    targetRevision: ${revision}\n    path: ${p}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: ${name}\n`;
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n';
const GIT = { '.git/HEAD': 'ref: refs/heads/main\n', '.git/config': '[remote "origin"]\n\turl = git@github.com:acme/fleet.git\n' };

describe('resolveEdges', () => {
  it('infers its own URL from an Application whose path exists here, without .git', () => {
    const graph = graphOf({
      'apps/web/namespace.yaml': NS,
      'argo/web.yaml': argoApp('web', 'https://github.com/acme/fleet.git', 'apps/web'),
      'argo/api.yaml': argoApp('api', 'git@github.com:acme/fleet', 'apps/api'),
      'argo/ext.yaml': argoApp('ext', 'https://github.com/other/charts.git', 'charts/ext'),
    });
    expect(graph.repo.git.remotes).toEqual([]);
    expect([...graph.selfUrls]).toEqual(['github.com/acme/fleet']);
    expect(edge(graph, 'argo-source-path', 'web').status).toBe('resolved');
    // Same repository (another spelling of the URL), path absent: a real dangling reference.
    expect(edge(graph, 'argo-source-path', 'api').status).toBe('missing');
    expect(edge(graph, 'argo-source-path', 'ext')).toMatchObject({ status: 'elsewhere', note: 'https://github.com/other/charts.git is another repository' });
  });

  it('does not take a URL for itself from a path of "." that every repository has', () => {
    const graph = graphOf({
      'apps/web/namespace.yaml': NS,
      'argo/root.yaml': argoApp('root', 'https://github.com/other/everything.git', '.'),
      'argo/web.yaml': argoApp('web', 'https://github.com/other/everything.git', 'apps/missing'),
    });
    expect([...graph.selfUrls]).toEqual([]);
    expect(edge(graph, 'argo-source-path', 'web').status).toBe('elsewhere');
  });

  it('knows itself by its git remote and reads an Application on another revision as elsewhere', () => {
    const graph = graphOf({
      ...GIT,
      'argo/web.yaml': argoApp('web', 'https://github.com/acme/fleet', 'apps/web', 'release-1.2'),
      'argo/api.yaml': argoApp('api', 'https://github.com/acme/fleet', 'apps/api', 'main'),
    });
    expect(graph.selfUrls.has('github.com/acme/fleet')).toBe(true);
    expect(edge(graph, 'argo-source-path', 'web')).toMatchObject({ status: 'elsewhere', note: 'revision "release-1.2" is not the one checked out here' });
    expect(edge(graph, 'argo-source-path', 'api').status).toBe('missing');
  });

  it('reads a Flux path from a GitRepository of this repository on another branch as elsewhere', () => {
    const graph = graphOf({
      ...GIT,
      'clusters/prod/flux-system/gotk-sync.yaml': `${gitRepository('flux-system', 'ssh://git@github.com/acme/fleet', 'main')}---\n${fluxKustomization('flux-system', 'flux-system', './clusters/prod')}`,
      'clusters/prod/tenants.yaml': `${gitRepository('tenants', 'https://github.com/acme/fleet.git', 'tenants')}---\n${fluxKustomization('team-a', 'tenants', './tenants/team-a')}---\n${fluxKustomization('shared', 'tenants', './clusters/prod')}`,
    });
    expect(edge(graph, 'flux-path', 'flux-system').status).toBe('resolved');
    const teamA = edge(graph, 'flux-path', 'team-a');
    expect(teamA.status).toBe('elsewhere');
    expect(teamA.note).toContain('branch "tenants"');
    // A path that exists here also exists on the other branch as far as we can tell.
    expect(edge(graph, 'flux-path', 'shared').status).toBe('resolved');
  });

  it('reports a missing Flux path of the bootstrap source as missing', () => {
    const graph = graphOf({
      ...GIT,
      'clusters/prod/flux-system/gotk-sync.yaml': gitRepository('flux-system', 'ssh://git@github.com/acme/fleet', 'main'),
      'clusters/prod/apps.yaml': fluxKustomization('apps', 'flux-system', './apps/prod'),
    });
    expect(edge(graph, 'flux-path', 'apps').status).toBe('missing');
  });

  it('marks a Flux path that .sourceignore hides as excluded', () => {
    const graph = graphOf({
      ...GIT,
      '.sourceignore': '# not for the cluster\nstaging/\n',
      'staging/apps/namespace.yaml': NS,
      'production/apps/namespace.yaml': NS,
      'clusters/prod/flux-system/gotk-sync.yaml': gitRepository('flux-system', 'ssh://git@github.com/acme/fleet', 'main'),
      'clusters/prod/apps.yaml': `${fluxKustomization('staging', 'flux-system', './staging/apps')}---\n${fluxKustomization('production', 'flux-system', './production/apps')}`,
    });
    expect(edge(graph, 'flux-path', 'staging').status).toBe('excluded');
    expect(edge(graph, 'flux-path', 'production').status).toBe('resolved');
  });

  it('marks a kustomize path that climbs out of the repository as outside-root', () => {
    const graph = graphOf({
      'apps/web/kustomization.yaml': 'resources:\n  - ../../../etc/passwd\n  - ../../apps/web/namespace.yaml\n',
      'apps/web/namespace.yaml': NS,
    });
    const edges = graph.edges.filter((e) => e.kind === 'kustomize-resource');
    expect(edges.map((e) => e.status)).toEqual(['outside-root', 'resolved']);
    expect(edges[0]!.target).toMatchObject({ type: 'path', raw: '../../../etc/passwd' });
  });

  it('marks remote kustomize bases as remote, never as missing', () => {
    const graph = graphOf({
      'apps/web/kustomization.yaml': [
        'resources:',
        '  - https://github.com/kubernetes-sigs/kustomize//examples/multibases?ref=v5.4.0',
        '  - github.com/fluxcd/flux2/manifests/install?ref=v2.4.0',
        '  - git@github.com:acme/bases.git//web?ref=main',
        '  - https://raw.githubusercontent.com/acme/bases/main/web.yaml',
        '  - namespace.yaml',
        '',
      ].join('\n'),
      'apps/web/namespace.yaml': NS,
    });
    const edges = graph.edges.filter((e) => e.kind === 'kustomize-resource');
    expect(edges.map((e) => e.status)).toEqual(['remote', 'remote', 'remote', 'remote', 'resolved']);
  });

  it('leaves a templated path unknown instead of missing', () => {
    const graph = graphOf({
      'apps/kustomization.yaml': 'resources:\n  - ./${CLUSTER_NAME}/web\n',
      'argo/web.yaml': argoApp('web', 'https://github.com/acme/fleet.git', 'clusters/{{cluster}}/web'),
    });
    expect(edge(graph, 'kustomize-resource', 'apps/kustomization.yaml').status).toBe('unknown');
    expect(edge(graph, 'argo-source-path', 'web').status).toBe('unknown');
  });
});
