// Places Gateway API routes by their spec.rules[].backendRefs: https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
import { defineRule } from '../src/engine/define-rule.js';
import type { FixBuilder } from '../src/fix/builder.js';
import { ensureFolderDeployed } from '../src/fix/deploy-folder.js';
import { isRoute } from '../src/graph/kinds.js';
import { appFolderOf, declaredNamespace, fluxBootstrapDirs, folderLabel, isUnder, landingPath, patchFiles } from '../src/graph/layout.js';
import { baseName, dirOf, joinPath } from '../src/graph/paths.js';
import type { Resource } from '../src/graph/types.js';

/** Services that `flux install` creates in flux-system (gotk-components.yaml). */
const FLUX_SERVICES = new Set(['webhook-receiver', 'notification-controller', 'source-controller', 'source-watcher']);

interface Options {
  apps: string;
}

/** Where a route belongs: `folder` is the landing folder, `subtree` the folder anywhere under which it may stay. */
interface Home {
  folder: string;
  subtree: string;
  service: Resource;
}

export default defineRule({
  id: 'layout-httproute-in-app-folder',
  meta: {
    type: 'layout',
    description: 'Keep each Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) in the apps/ folder of the Service it routes to.',
    rationale:
      'In the target layout an app folder under apps/ holds everything the app needs, its route included, so one Flux Kustomization deploys, ' +
      'prunes and shows (through Flamingo) the app as a whole. A route parked in a shared folder such as flux/httproutes/ is deployed by a ' +
      'different owner than its Service, outlives the app when the app is removed, and is easy to miss in review. The rule follows the ' +
      'route\'s backendRefs to the Service\'s folder; when the Service is not in the repository it names apps/<namespace>/, and for routes to ' +
      'Flux\'s own Services in flux-system it names the folder flux bootstrap wrote.',
    severity: 'warning',
    recommended: true,
    fixable: 'move',
    schema: {
      type: 'object',
      properties: {
        apps: { type: 'string', description: 'Folder holding one sub-folder per app (default `apps`).' },
      },
      additionalProperties: false,
    },
    defaultOptions: { apps: 'apps' } as Options,
    messages: {
      serviceFolder:
        '{{kind}} "{{name}}" is in {{folder}}, but its backend Service "{{service}}" is defined in {{serviceFolder}}. Keep a route with the app it exposes, ' +
        'so both are deployed, reviewed and removed together: move it to {{target}} (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      namespaceFolder:
        '{{kind}} "{{name}}" is in {{folder}}, outside the app folders, and no Service it routes to is defined under {{apps}}. Keep a route with the app it exposes: ' +
        'move it to {{target}}, the folder of namespace "{{namespace}}" (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      nameFolder:
        '{{kind}} "{{name}}" is in {{folder}}, outside the app folders; no Service it routes to is defined under {{apps}} and nothing sets its namespace. ' +
        'Keep a route with the app it exposes: move it to {{target}}, or set metadata.namespace to name the app (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      fluxFolder:
        '{{kind}} "{{name}}" is in {{folder}}, but it routes to Service "{{service}}" of the Flux installation, whose manifests live in {{fluxFolder}}. ' +
        'Keep it with them: move it to {{target}} (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
    },
  },
  check({ graph, query, options, report }) {
    const apps = options.apps.replace(/\/+$/, '');
    const patches = patchFiles(graph);
    const bootstrap = fluxBootstrapDirs(graph);
    const homeOf = (service: Resource): Home | undefined => {
      const app = appFolderOf(service.file, apps);
      const dir = dirOf(service.file);
      if (app) return { folder: dir, subtree: app, service };
      if (bootstrap.includes(dir)) return { folder: dir, subtree: dir, service };
      return undefined;
    };
    for (const r of graph.resources) {
      if (!isRoute(r) || patches.has(r.file)) continue;
      const backends = query.edgesFrom(r, 'gateway-backend');
      const homes: Home[] = [];
      for (const e of backends) {
        if (e.status !== 'resolved' || e.target.type !== 'resource') continue;
        const ns = e.target.namespace;
        const all = e.resources ?? [];
        const exact = all.filter((s) => s.namespace === ns);
        for (const s of exact.length > 0 ? exact : all) {
          const home = homeOf(s);
          if (home) homes.push(home);
        }
      }
      const folder = folderLabel(dirOf(r.file));
      const single = query.renderer.resourcesIn(r.file).length === 1;
      const target = (dir: string): string =>
        landingPath(graph, r.file, dir, single ? baseName(r.file) : `${r.name}.yaml`, `${r.name}-${r.kind.toLowerCase()}.yaml`);
      const base = { kind: r.kind, name: r.name, folder };
      // The move takes the route out of its old kustomization.yaml and into the target folder's,
      // after making sure something deploys that folder.
      const moveTo = (to: string) => (b: FixBuilder): void => {
        const app = appFolderOf(to, apps);
        const appName = app ? baseName(app) : r.name;
        // When nothing can deploy the target folder, relocate rewrites references instead, so the
        // route's current owner still applies it.
        const relist = ensureFolderDeployed(query, b, dirOf(to), appName);
        b.relocate(r.file, to, single ? { relist } : { doc: r.doc, relist });
      };
      const first = homes[0];
      if (first) {
        if (homes.some((h) => isUnder(r.file, h.subtree))) continue;
        report({
          messageId: 'serviceFolder',
          data: { ...base, service: qualified(first.service), serviceFolder: folderLabel(first.folder), target: target(first.folder) },
          at: { resource: r },
          fix: moveTo(target(first.folder)),
        });
        continue;
      }
      // Without the Service we cannot tell one app folder from another: a route already under apps/ stays.
      if (appFolderOf(r.file, apps)) continue;
      const namespace = declaredNamespace(query, r);
      const fluxService = backends.find((e) => e.target.type === 'resource' && FLUX_SERVICES.has(e.target.name));
      const fluxDir = bootstrap.length === 1 ? bootstrap[0] : undefined;
      if (namespace === 'flux-system' && fluxDir !== undefined && fluxService?.target.type === 'resource') {
        if (isUnder(r.file, fluxDir)) continue;
        const service = `${fluxService.target.namespace ?? namespace}/${fluxService.target.name}`;
        report({
          messageId: 'fluxFolder',
          data: { ...base, service, fluxFolder: folderLabel(fluxDir), target: target(fluxDir) },
          at: { resource: r },
          fix: moveTo(target(fluxDir)),
        });
        continue;
      }
      const data = { ...base, apps: folderLabel(apps), target: target(joinPath(apps, namespace ?? r.name)) };
      const fix = moveTo(data.target);
      if (namespace) report({ messageId: 'namespaceFolder', data: { ...data, namespace }, at: { resource: r }, fix });
      else report({ messageId: 'nameFolder', data, at: { resource: r }, fix });
    }
  },
});

function qualified(r: Resource): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
