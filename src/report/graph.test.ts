import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture, removeTree } from '../testing/fs-tree.js';
import type { DeliveryGraph } from './graph-model.js';

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function run(args: string[], cwd = projectRoot()) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTty: false });
  return { code, stdout, stderr };
}

function omniGitops(): string {
  const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
  temps.push(dir);
  return dir;
}

/** Mermaid's link lines in order: linkStyle counts them from 0. */
function links(mermaid: string): string[] {
  return mermaid.split('\n').filter((l) => / (-->|-\.->|<-->)\|/.test(l)).map((l) => l.trim());
}

describe('omni-lint graph on fixtures/omni-gitops', () => {
  it('draws sources, Kustomizations, HelmReleases, Applications and folders as a Mermaid flowchart', () => {
    const { code, stdout, stderr } = run(['graph', omniGitops()]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n').map((l) => l.trim());
    expect(lines[0]).toBe('flowchart LR');
    for (const node of [
      'src_flux_system_flux_system[("GitRepository<br/>flux-system/flux-system")]',
      'src_flux_system_external_dns[("HelmRepository<br/>flux-system/external-dns")]',
      // Planted problem 2: the GitRepository both broken Kustomizations name is not defined.
      'src_flux_system_omni_gitops[("GitRepository (missing)<br/>flux-system/omni-gitops")]',
      'chart_external_dns_1_15_0[("Helm chart<br/>external-dns 1.15.0 (https://kubernetes-sigs.github.io/external-dns/)")]',
      'ks_flux_system_flux_system["Kustomization<br/>flux-system/flux-system"]',
      'ks_flux_system_flux["Kustomization<br/>flux-system/flux"]',
      'hr_external_dns_external_dns["HelmRelease<br/>external-dns/external-dns"]',
      'app_argocd_root(["Application<br/>argocd/root"])',
      'app_argocd_external_dns(["Application<br/>argocd/external-dns"])',
      'app_argocd_monitoring(["Application (Flamingo)<br/>argocd/monitoring"])',
      'dir_clusters_cluster1[/"folder<br/>clusters/cluster1/"/]',
      'dir_flux[/"folder<br/>flux/"/]',
      'dir_applications[/"folder<br/>applications/"/]',
    ]) {
      expect(lines).toContain(node);
    }
    const edges = links(stdout);
    for (const edge of [
      // Flux: source → Kustomization → folder → what the folder applies.
      'src_flux_system_flux_system -->|"source"| ks_flux_system_flux_system',
      'ks_flux_system_flux_system -->|"path"| dir_clusters_cluster1',
      'dir_clusters_cluster1 -->|"applies"| ks_flux_system_flux',
      'dir_clusters_cluster1 -->|"applies"| app_argocd_root',
      'ks_flux_system_flux -->|"path"| dir_flux',
      'dir_flux -->|"applies"| hr_external_dns_external_dns',
      'src_flux_system_external_dns -->|"source"| hr_external_dns_external_dns',
      'src_flux_system_omni_gitops -->|"source"| ks_flux_system_flux_apps',
      // Argo CD: app-of-apps → folder → Applications; a chart → the Helm Application.
      'app_argocd_root -->|"path"| dir_applications',
      'dir_applications -->|"applies"| app_argocd_external_dns',
      'chart_external_dns_1_15_0 -->|"chart"| app_argocd_external_dns',
      'app_argocd_vault -->|"path"| dir_apps_vault',
      // Flamingo: the Application shows the Flux Kustomization and deploys nothing itself.
      'app_argocd_monitoring -.->|"shows"| ks_flux_system_monitoring',
    ]) {
      expect(edges).toContain(edge);
    }
    expect(edges.filter((e) => e.startsWith('app_argocd_monitoring '))).toEqual(['app_argocd_monitoring -.->|"shows"| ks_flux_system_monitoring']);
    // Planted problem 1: the duplicate external-dns, one red edge between its two owners.
    const conflict = 'hr_external_dns_external_dns <-->|"both install Helm release external-dns/external-dns"| app_argocd_external_dns';
    expect(edges.filter((e) => e.includes('<-->'))).toEqual([conflict]);
    expect(lines).toContain(`linkStyle ${edges.indexOf(conflict)} stroke:#d32f2f,stroke-width:3px,color:#d32f2f`);
    expect(lines).toContain('class hr_external_dns_external_dns,app_argocd_external_dns conflict');
    expect(lines).toContain('classDef conflict stroke:#d32f2f,stroke-width:3px,color:#d32f2f');
  });

  it('draws the same graph in Graphviz DOT with the conflict edge in red', () => {
    const { code, stdout } = run(['graph', omniGitops(), '--format', 'dot']);
    expect(code).toBe(0);
    expect(stdout.startsWith('digraph delivery {\n  rankdir=LR;\n')).toBe(true);
    expect(stdout.trimEnd().endsWith('}')).toBe(true);
    expect(stdout).toContain(
      '  hr_external_dns_external_dns [label="HelmRelease\\nexternal-dns/external-dns", shape=box, fillcolor="#e6f4ea", color="#d32f2f", penwidth=3, fontcolor="#d32f2f", tooltip="flux/releases/external-dns.yaml"];',
    );
    expect(stdout).toContain('  dir_flux [label="folder\\nflux/", shape=folder,');
    expect(stdout).toContain('  ks_flux_system_flux -> dir_flux [label="path"];');
    expect(stdout).toContain('  app_argocd_monitoring -> ks_flux_system_monitoring [label="shows", style=dashed];');
    expect(stdout).toContain(
      '  hr_external_dns_external_dns -> app_argocd_external_dns [label="both install Helm release external-dns/external-dns", color="#d32f2f", fontcolor="#d32f2f", penwidth=3, dir=both, constraint=false];',
    );
    expect(stdout.match(/#d32f2f/g)?.length).toBe(2 * 2 + 2); // two owner nodes (color, fontcolor), one edge (color, fontcolor)
    expect(stdout).toContain('src_flux_system_omni_gitops [label="GitRepository (missing)\\nflux-system/omni-gitops", shape=cylinder, fillcolor="#ffffff", color="#9aa0a6", style="rounded,filled,dashed"];');
  });

  it('writes JSON with stable ids (file#doc for objects) to --output-file', () => {
    const dir = omniGitops();
    const out = path.join(dir, 'graph.json');
    const { code, stdout } = run(['graph', '--format', 'json', '--output-file', out], dir);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const g = JSON.parse(readFileSync(out, 'utf8')) as DeliveryGraph & { version: number };
    expect(g.version).toBe(1);
    expect(g.nodes.find((n) => n.id === 'flux/releases/external-dns.yaml#0')).toEqual({
      id: 'flux/releases/external-dns.yaml#0',
      kind: 'helmrelease',
      title: 'HelmRelease',
      name: 'external-dns/external-dns',
      file: 'flux/releases/external-dns.yaml',
      tool: 'flux',
      conflict: true,
    });
    expect(g.edges.filter((e) => e.kind === 'conflict')).toEqual([
      {
        from: 'flux/releases/external-dns.yaml#0',
        to: 'applications/external-dns.yaml#0',
        kind: 'conflict',
        label: 'both install Helm release external-dns/external-dns',
        rule: 'no-duplicate-helm-release',
      },
    ]);
    expect(g.nodes.find((n) => n.id === 'dir:flux')).toMatchObject({ kind: 'folder', name: 'flux/' });
    for (const e of g.edges) {
      expect(g.nodes.some((n) => n.id === e.from)).toBe(true);
      expect(g.nodes.some((n) => n.id === e.to)).toBe(true);
    }
  });

  it('draws no conflict when the repository turns the conflict rule off', () => {
    const dir = omniGitops();
    writeFileSync(path.join(dir, '.omni-lint.yaml'), 'rules:\n  no-duplicate-helm-release: off\n');
    const { code, stdout } = run(['graph', dir]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('<-->');
    expect(stdout).not.toContain('linkStyle');
  });
});

describe('omni-lint graph', () => {
  it('joins a Flux Kustomization and an Argo CD Application that apply the same object with a red edge', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-graph-'));
    temps.push(dir);
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('.omni-lint.yaml', 'repository:\n  urls:\n    - https://github.com/example/gitops\n');
    write(
      'flux/app.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./app\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    write(
      'argo/app.yaml',
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://github.com/example/gitops.git\n    targetRevision: HEAD\n    path: app\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: demo\n',
    );
    write('app/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: demo\ndata:\n  a: "1"\n');
    const { code, stdout } = run(['graph', dir]);
    expect(code).toBe(0);
    const edges = links(stdout);
    expect(edges).toEqual([
      'src_flux_system_flux_system -->|"source"| ks_flux_system_app',
      'ks_flux_system_app -->|"path"| dir_app',
      'app_argocd_app -->|"path"| dir_app',
      'app_argocd_app <-->|"both apply ConfigMap demo/settings"| ks_flux_system_app',
    ]);
    expect(stdout).toContain('src_flux_system_flux_system[("GitRepository (created by flux bootstrap)<br/>flux-system/flux-system")]');
    expect(stdout).toContain('  linkStyle 3 stroke:#d32f2f');
    const json = JSON.parse(run(['graph', dir, '--format', 'json']).stdout) as DeliveryGraph;
    expect(json.edges.find((e) => e.kind === 'conflict')).toMatchObject({ rule: 'no-duplicate-resource', label: 'both apply ConfigMap demo/settings' });
  });

  it('escapes quotes in labels for Mermaid and DOT', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-graph-'));
    temps.push(dir);
    writeFileSync(
      path.join(dir, 'ks.yaml'),
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: \'./a "b"\'\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    const mermaid = run(['graph', dir]).stdout;
    expect(mermaid).toContain('a #quot;b#quot;');
    expect(mermaid).not.toMatch(/"b"/);
    expect(run(['graph', dir, '--format', 'dot']).stdout).toContain('a \\"b\\"');
  });

  it('prints its help, and rejects an unknown format, two folders or a missing folder with exit 2', () => {
    const help = run(['graph', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: omni-lint graph \[options\] \[path\]/);
    expect(run(['graph', '--format', 'png']).stderr).toBe('omni-lint: Unknown graph --format "png": use mermaid, dot, json.\n');
    expect(run(['graph', '--format', 'png']).code).toBe(2);
    expect(run(['graph', 'a', 'b']).code).toBe(2);
    const missing = run(['graph', 'no/such/folder']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/folder is not a folder');
    expect(run(['graph', '--bogus']).stderr).toContain('Run omni-lint graph --help for the options.');
  });
});
