// Places each manifest by its apiVersion and kind: https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields
import picomatch from 'picomatch';
import { defineRule } from '../src/engine/define-rule.js';
import type { FixBuilder } from '../src/fix/builder.js';
import { ARGO_GROUP, CLUSTER_SCOPED, isFluxKustomization, isFluxSource, isHelmRelease, isRoute } from '../src/graph/kinds.js';
import { appFolderOf, declaredNamespace, folderLabel, isFluxBootstrapFile, isUnder, landingPath, objectFileName, patchFiles } from '../src/graph/layout.js';
import { baseName, dirOf, joinPath } from '../src/graph/paths.js';
import type { Resource } from '../src/graph/types.js';

interface Options {
  applications: string;
  sources: string;
  releases: string;
  kustomizations: string;
  configs: string;
  apps: string;
  clusters: string;
  allow: string[];
}

type Category = 'applications' | 'sources' | 'releases' | 'kustomizations' | 'configs' | 'apps';

const CATEGORY_LABEL: Record<Category, string> = {
  applications: 'Argo CD Applications, ApplicationSets and AppProjects',
  sources: 'Flux sources',
  releases: 'HelmReleases',
  kustomizations: 'Flux Kustomizations',
  configs: 'secret stores and the ConfigMaps and Secrets that Flux objects read',
  apps: 'app manifests',
};
const ARGO_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);
const CONSUMING_EDGES = new Set(['flux-values-from', 'flux-substitute-from', 'flux-secret-ref']);
/** Groups whose kinds are tooling configuration, not objects an app deploys. */
const TOOLING_GROUP = /(^|\.)fluxcd\.io$|^kustomize\.config\.k8s\.io$|^config\.kubernetes\.io$|^builtin$/;

const folderOption = (description: string) => ({ type: 'string', description });

export default defineRule({
  id: 'layout-kind-folder',
  meta: {
    type: 'layout',
    description: 'Keep each manifest in the folder of the target layout that its kind belongs to.',
    rationale:
      'The target layout gives every kind one home: Argo CD Applications, ApplicationSets and AppProjects in applications/, Flux sources in ' +
      'flux/sources/, HelmReleases in flux/releases/, Flux Kustomizations in flux/kustomizations/, the ConfigMaps, Secrets and secret stores ' +
      'Flux objects consume in flux/configs/, and app manifests in apps/<app>/. Mixed placement (an Argo CD Application under flux/, a Flux ' +
      'Kustomization under apps/) hides who deploys what, so objects get applied twice or not at all and reviews miss them. Flux bootstrap ' +
      'files, the cluster entry points under clusters/, kustomize patches, CRDs and Gateway API routes (see layout-httproute-in-app-folder) are left alone.',
    severity: 'warning',
    recommended: true,
    fixable: 'move',
    schema: {
      type: 'object',
      properties: {
        applications: folderOption('Folder for Argo CD Applications, ApplicationSets and AppProjects (default `applications`).'),
        sources: folderOption('Folder for Flux sources: GitRepository, OCIRepository, HelmRepository, Bucket, HelmChart (default `flux/sources`).'),
        releases: folderOption('Folder for Flux HelmReleases (default `flux/releases`).'),
        kustomizations: folderOption('Folder for Flux Kustomizations (default `flux/kustomizations`).'),
        configs: folderOption('Folder for ConfigMaps and Secrets that Flux objects read, and for SecretStores and ClusterSecretStores (default `flux/configs`).'),
        apps: folderOption('Folder with one sub-folder per app, where other manifests found in the Flux or applications folders belong (default `apps`).'),
        clusters: folderOption('Folder with one sub-folder per cluster, whose entry points and flux-system files are exempt (default `clusters`).'),
        allow: { type: 'array', items: { type: 'string' }, description: 'Globs of repo-relative files never reported (default none).' },
      },
      additionalProperties: false,
    },
    defaultOptions: {
      applications: 'applications',
      sources: 'flux/sources',
      releases: 'flux/releases',
      kustomizations: 'flux/kustomizations',
      configs: 'flux/configs',
      apps: 'apps',
      clusters: 'clusters',
      allow: [],
    } as Options,
    messages: {
      misplaced:
        '{{what}} is in {{folder}}, but the target layout keeps {{category}} in {{targetFolder}}, so each kind is found and reviewed in one place. ' +
        'Move it to {{target}} (--fix moves it and updates every reference to it, so what is deployed stays the same).',
      misplacedMany:
        '{{what}} are in {{folder}}, but the target layout keeps {{category}} in {{targetFolder}}, so each kind is found and reviewed in one place. ' +
        'Move them to {{target}} (--fix moves them and updates every reference to them, so what is deployed stays the same).',
    },
  },
  check({ graph, query, options, report }) {
    const o = { ...options };
    for (const k of ['applications', 'sources', 'releases', 'kustomizations', 'configs', 'apps', 'clusters'] as const) o[k] = o[k].replace(/\/+$/, '');
    const allowed = o.allow.length > 0 ? picomatch(o.allow, { dot: true }) : () => false;
    const patches = patchFiles(graph);
    const consumed = new Set<string>();
    for (const e of graph.edges) {
      if (!CONSUMING_EDGES.has(e.kind) || e.status !== 'resolved' || e.target.type !== 'resource') continue;
      const wanted = e.target.namespace;
      for (const r of e.resources ?? []) {
        // The index matches a manifest without a namespace to any; settle it with where the manifest lands.
        const ns = declaredNamespace(query, r);
        if (!wanted || !ns || ns === wanted) consumed.add(r.id);
      }
    }
    // App manifests are only reported inside the folders that hold Flux and Argo CD objects.
    const gitopsRoots = [o.applications, ...[o.sources, o.releases, o.kustomizations, o.configs].map(dirOf)].filter((d) => d !== '');

    const categoryOf = (r: Resource): Category | undefined => {
      if (r.group === ARGO_GROUP && ARGO_KINDS.has(r.kind)) return 'applications';
      if (isFluxSource(r)) return 'sources';
      if (isHelmRelease(r)) return 'releases';
      if (isFluxKustomization(r)) return 'kustomizations';
      if (r.group === 'external-secrets.io' && (r.kind === 'SecretStore' || r.kind === 'ClusterSecretStore')) return 'configs';
      if (r.group === '' && (r.kind === 'ConfigMap' || r.kind === 'Secret')) return consumed.has(r.id) ? 'configs' : undefined;
      if (CLUSTER_SCOPED.has(r.kind) || isRoute(r) || TOOLING_GROUP.test(r.group)) return undefined;
      return gitopsRoots.some((root) => isUnder(r.file, root)) ? 'apps' : undefined;
    };
    const isEntryPoint = (r: Resource, c: Category): boolean =>
      o.clusters !== '' && isUnder(r.file, o.clusters) &&
      (isFluxKustomization(r) || (r.group === ARGO_GROUP && r.kind !== 'AppProject') || (c === 'configs' && r.group === ''));

    const groups = new Map<string, { folder: string; category: Category; members: Resource[] }>();
    for (const r of graph.resources) {
      if (allowed(r.file) || patches.has(r.file) || isFluxBootstrapFile(r.file, o.clusters)) continue;
      const category = categoryOf(r);
      if (!category || isEntryPoint(r, category)) continue;
      let folder: string;
      if (category === 'apps') {
        if (appFolderOf(r.file, o.apps)) continue;
        folder = joinPath(o.apps, declaredNamespace(query, r) ?? r.name);
      } else {
        folder = o[category];
        if (isUnder(r.file, folder)) continue;
      }
      const key = `${r.file}\0${folder}`;
      if (!groups.has(key)) groups.set(key, { folder, category, members: [] });
      groups.get(key)!.members.push(r);
    }

    for (const { folder, category, members } of groups.values()) {
      const first = members[0]!;
      const preferred = members.length > 1 ? baseName(first.file) : objectFileName(first);
      const target = landingPath(graph, first.file, folder, preferred, `${first.name}-${first.kind.toLowerCase()}.yaml`);
      const names = members.map((r) => `${r.kind} "${r.name}"`);
      const what = names.length <= 3 ? joinList(names) : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more objects`;
      const targetFolder = category === 'apps' ? `${folderLabel(o.apps)}<app>/` : folderLabel(folder);
      const data = { what, folder: folderLabel(dirOf(first.file)), category: CATEGORY_LABEL[category], targetFolder, target };
      const resourcesInFile = query.renderer.resourcesIn(first.file).length;
      const docsInFile = graph.repo.yaml.get(first.file)?.docs.filter((d) => d !== null && d !== undefined).length ?? 0;
      const whole = members.length === resourcesInFile && docsInFile === members.length;
      const fix = (b: FixBuilder): void => {
        if (whole) {
          b.relocate(first.file, target);
          return;
        }
        // Split documents out last-first, so the indexes of those still to go do not shift.
        const sorted = [...members].sort((x, y) => y.doc - x.doc);
        for (const m of sorted) {
          const to = members.length === 1 ? target : landingPath(graph, m.file, folder, objectFileName(m), `${m.name}-${m.kind.toLowerCase()}.yaml`);
          b.relocate(m.file, to, { doc: m.doc });
        }
      };
      report({ messageId: members.length > 1 ? 'misplacedMany' : 'misplaced', data, at: { resource: first }, fix });
    }
  },
});

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
