import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture, removeTree } from './fs-tree.js';

/**
 * The seed's example repository (fixtures/omni-gitops, see its README) linted with every rule and
 * the default config. Each finding below is one of the planted problems; nothing else may appear:
 *   1  duplicate external-dns            no-duplicate-helm-release (one finding per owner)
 *   2  missing GitRepository omni-gitops flux-source-ref-exists (flux-apps, monitoring)
 *   3  mixed patterns                    layout-kind-folder (flux/argo-apps/vault.yaml, apps/hubble-relay/flux-kustomization.yaml)
 *   4  HTTPRoutes in flux/httproutes/    layout-httproute-in-app-folder (five routes)
 */
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

describe('fixtures/omni-gitops', () => {
  it('reports exactly the planted problems', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    temps.push(dir);
    const { findings } = lintDirectory(dir, { config: defaultConfig(), rules });
    const actual = findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, message: f.message }));
    expect(actual).toEqual([
      {
        ruleId: 'no-duplicate-helm-release',
        file: 'applications/external-dns.yaml',
        line: 15,
        message:
          'Application "external-dns" installs chart "external-dns" as release "external-dns" into namespace "external-dns", and Flux HelmRelease "external-dns/external-dns" (flux/releases/external-dns.yaml) installs the same chart and release name there too, so Argo CD and Flux fight over the same objects. Keep one owner: keep Flux and delete this Application (a Flamingo Application with FluxSubsystem=true can still show it in Argo CD), or keep Argo CD and delete the HelmRelease. This repository prefers Flux (ownership.prefer).',
      },
      {
        ruleId: 'layout-kind-folder',
        file: 'apps/hubble-relay/flux-kustomization.yaml',
        line: 5,
        message:
          'Kustomization "hubble-relay" is in apps/hubble-relay/, but the target layout keeps Flux Kustomizations in flux/kustomizations/, so each kind is found and reviewed in one place. Move it to flux/kustomizations/hubble-relay.yaml (--fix moves it and updates every reference to it, so what is deployed stays the same).',
      },
      {
        ruleId: 'layout-kind-folder',
        file: 'flux/argo-apps/vault.yaml',
        line: 3,
        message:
          'Application "vault" is in flux/argo-apps/, but the target layout keeps Argo CD Applications, ApplicationSets and AppProjects in applications/, so each kind is found and reviewed in one place. Move it to applications/vault.yaml (--fix moves it and updates every reference to it, so what is deployed stays the same).',
      },
      {
        ruleId: 'layout-httproute-in-app-folder',
        file: 'flux/httproutes/alertmanager.yaml',
        line: 2,
        message:
          'HTTPRoute "alertmanager" is in flux/httproutes/, but its backend Service "monitoring/alertmanager-operated" is defined in apps/monitoring/kube-prometheus-stack/base/. Keep a route with the app it exposes, so both are deployed, reviewed and removed together: move it to apps/monitoring/kube-prometheus-stack/base/alertmanager-httproute.yaml (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      },
      {
        ruleId: 'layout-httproute-in-app-folder',
        file: 'flux/httproutes/flux-webhook.yaml',
        line: 3,
        message:
          'HTTPRoute "flux-webhook" is in flux/httproutes/, but it routes to Service "flux-system/webhook-receiver" of the Flux installation, whose manifests live in clusters/cluster1/flux-system/. Keep it with them: move it to clusters/cluster1/flux-system/flux-webhook.yaml (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      },
      {
        ruleId: 'layout-httproute-in-app-folder',
        file: 'flux/httproutes/hubble-relay.yaml',
        line: 2,
        message:
          'HTTPRoute "hubble-relay" is in flux/httproutes/, but its backend Service "kube-system/hubble-relay" is defined in apps/hubble-relay/manifests/. Keep a route with the app it exposes, so both are deployed, reviewed and removed together: move it to apps/hubble-relay/manifests/hubble-relay.yaml (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      },
      {
        ruleId: 'layout-httproute-in-app-folder',
        file: 'flux/httproutes/kube-state-metrics.yaml',
        line: 2,
        message:
          'HTTPRoute "kube-state-metrics" is in flux/httproutes/, but its backend Service "monitoring/kube-state-metrics" is defined in apps/monitoring/kube-prometheus-stack/base/. Keep a route with the app it exposes, so both are deployed, reviewed and removed together: move it to apps/monitoring/kube-prometheus-stack/base/kube-state-metrics-httproute.yaml (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      },
      {
        ruleId: 'layout-httproute-in-app-folder',
        file: 'flux/httproutes/vault.yaml',
        line: 2,
        message:
          'HTTPRoute "vault" is in flux/httproutes/, but its backend Service "vault/vault" is defined in apps/vault/. Keep a route with the app it exposes, so both are deployed, reviewed and removed together: move it to apps/vault/vault.yaml (--fix moves it, takes it out of the kustomization.yaml that lists it and adds it to the target folder\'s).',
      },
      {
        ruleId: 'flux-source-ref-exists',
        file: 'flux/kustomizations/flux-apps.yaml',
        line: 13,
        message:
          'Kustomization "flux-apps" references GitRepository "omni-gitops" in namespace "flux-system", which is not defined in this repository, so Flux will never reconcile it. Add the source under flux/sources/ (flux create source git omni-gitops --url=... --branch=... --export) or fix the reference.',
      },
      {
        ruleId: 'flux-source-ref-exists',
        file: 'flux/kustomizations/monitoring.yaml',
        line: 13,
        message:
          'Kustomization "monitoring" references GitRepository "omni-gitops" in namespace "flux-system", which is not defined in this repository, so Flux will never reconcile it. Add the source under flux/sources/ (flux create source git omni-gitops --url=... --branch=... --export) or fix the reference.',
      },
      {
        ruleId: 'no-duplicate-helm-release',
        file: 'flux/releases/external-dns.yaml',
        line: 14,
        message:
          'HelmRelease "external-dns/external-dns" installs chart "external-dns" as release "external-dns" into namespace "external-dns", and Argo CD Application "external-dns" (applications/external-dns.yaml) installs the same chart and release name there too, so Flux and Argo CD fight over the same objects. Keep one owner: keep Flux and delete the Application, or keep Argo CD and delete this HelmRelease. This repository prefers Flux (ownership.prefer).',
      },
    ]);
  });
});
