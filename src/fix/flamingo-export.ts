/**
 * An Argo CD Application as `flamingo generate-app ks/NAME` or `hr/NAME` prints it with --export
 * (flux-subsystem-argo/flamingo cmd/flamingo/generate_app*.go): fixed key order, destination
 * before project before source, `targetRevision` always double-quoted, the Flamingo labels and the
 * two constant annotations, and the sync options ApplyOutOfSyncOnly and FluxSubsystem.
 */
export interface FlamingoApp {
  workloadType: 'Kustomization' | 'HelmRelease';
  /** The Flux object's name (also the app name unless --app-name). */
  workloadName: string;
  appName?: string;
  /** --app-ns, default argocd. */
  appNamespace?: string;
  /** -n: where the Flux object lives, and the destination namespace. */
  namespace: string;
  sourceType: string;
  server?: string;
  /** Kustomization: path; HelmRelease: chart and releaseName. */
  path?: string;
  chart?: string;
  releaseName?: string;
  repoURL: string;
  targetRevision: string;
}

export function exportFlamingoApp(app: FlamingoApp): string {
  const lines = [
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    `  name: ${app.appName ?? app.workloadName}`,
    `  namespace: ${app.appNamespace ?? 'argocd'}`,
    '  labels:',
    '    app.kubernetes.io/managed-by: flamingo',
    `    flamingo/workload-name: ${app.workloadName}`,
    `    flamingo/workload-type: "${app.workloadType}"`,
    `    flamingo/source-type: "${app.sourceType}"`,
    `    flamingo/destination-namespace: "${app.namespace}"`,
    '    flamingo/cluster-name: "in-cluster"',
    '  annotations:',
    '    weave.gitops.flamingo/base-url: "http://localhost:9001"',
    '    weave.gitops.flamingo/cluster-name: "Default"',
    'spec:',
    '  destination:',
    `    namespace: ${app.namespace}`,
    `    server: ${app.server ?? 'https://kubernetes.default.svc'}`,
    '  project: default',
    '  source:',
  ];
  if (app.workloadType === 'Kustomization') {
    lines.push(`    path: ${app.path ?? '.'}`, `    repoURL: ${app.repoURL}`, `    targetRevision: "${app.targetRevision}"`);
  } else {
    lines.push(
      `    chart: ${app.chart ?? ''}`,
      `    repoURL: ${app.repoURL}`,
      `    targetRevision: "${app.targetRevision}"`,
      '    helm:',
      `      releaseName: ${app.releaseName ?? app.workloadName}`,
    );
  }
  lines.push('  syncPolicy:', '    syncOptions:', '    - ApplyOutOfSyncOnly=true', '    - FluxSubsystem=true', '');
  return lines.join('\n');
}
