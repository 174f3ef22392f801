// Enforces Argo CD Application spec.source(s).path and helm.valueFiles:
// https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/#helm-value-files-from-external-git-repository
import { defineRule } from '../src/engine/define-rule.js';
import type { YamlPath } from '../src/load/types.js';
import { get, getStr } from '../src/graph/read.js';
import { dotted } from '../src/schemas/problems.js';

export default defineRule({
  id: 'argo-app-path-exists',
  meta: {
    type: 'problem',
    description: 'Point every Argo CD Application source path and Helm value file at something that exists in this repository.',
    rationale:
      'The repo-server renders an Application from `source.path` and its Helm `valueFiles` (plain ones relative to the chart ' +
      'folder, `$ref/...` ones from the source named by `ref`). A folder or file that was renamed, mistyped or never committed makes ' +
      'manifest generation fail ("app path does not exist", "no such file or directory"): the Application turns Unknown and ' +
      'nothing syncs. Only sources in this repository are checked; a repoURL counts as this repository when it is a git remote, is ' +
      'listed under repository.urls, is the flux-system GitRepository URL, or names paths that exist here. When the source ' +
      'tracks another revision than this checkout, a missing path is reported as info, since it may exist there.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      missingPath:
        'Application "{{name}}" has {{field}} "{{raw}}" in {{repoURL}}, but no such folder exists in this repository, so Argo CD ' +
        'fails with "app path does not exist" and syncs nothing. Fix {{field}} (it is relative to the repository root) or add the folder.',
      notDirectory:
        'Application "{{name}}" has {{field}} "{{raw}}", which is a file, but Argo CD renders a folder, so manifest generation fails and nothing syncs. ' +
        'Point {{field}} at the folder that holds the file.',
      missingValueFile:
        'Application "{{name}}" has Helm value file "{{raw}}" ({{resolved}} in {{repoURL}}), which does not exist, so Argo CD fails to ' +
        'render the chart and syncs nothing. Fix {{field}}, add the file, or set helm.ignoreMissingValueFiles: true if it is optional.',
      outsideRoot:
        'Application "{{name}}" has {{field}} "{{raw}}", which climbs out of the repository root; Argo CD refuses paths outside the ' +
        'repository, so manifest generation fails. Write the path relative to the repository root without "..".',
      otherRevision:
        'Application "{{name}}" has {{field}} "{{raw}}", which is not in this checkout: {{note}}. It may exist on that revision; ' +
        'omni-lint cannot check it here. Lint a checkout of that revision, or set repository.branch if this checkout is it.',
    },
  },
  check({ graph, query, report }) {
    const missingSources = new Set<string>();
    const pathEdges = query.edges('argo-source-path');
    for (const edge of pathEdges) {
      if (edge.status === 'missing' || edge.status === 'outside-root') missingSources.add(sourceKey(edge.from.file, edge.from.doc, edge.from.path));
    }
    for (const edge of [...pathEdges, ...query.edges('argo-value-file')]) {
      const r = edge.from.resource;
      if (!r || edge.target.type !== 'path') continue;
      const isValueFile = edge.kind === 'argo-value-file';
      const sourcePath = sourceOf(edge.from.path);
      if (isValueFile && get(r.body, ...sourcePath, 'helm', 'ignoreMissingValueFiles') === true) continue;
      // A missing chart folder is reported once; its relative value files go missing with it.
      const written = getStr(r.body, ...edge.from.path) ?? edge.target.raw;
      if (isValueFile && !written.startsWith('$') && missingSources.has(sourceKey(edge.from.file, edge.from.doc, [...sourcePath, 'path']))) continue;
      const data = {
        name: r.name,
        field: dotted(edge.from.path),
        raw: written,
        resolved: edge.target.path,
        repoURL: edge.repo?.url ?? 'this repository',
      };
      const at = { resource: r, path: edge.from.path };
      if (edge.status === 'missing') {
        const messageId = isValueFile ? 'missingValueFile' : graph.repo.files.has(edge.target.path) ? 'notDirectory' : 'missingPath';
        report({ messageId, data, at });
      } else if (edge.status === 'outside-root') {
        report({ messageId: 'outsideRoot', data, at });
      } else if (edge.status === 'elsewhere' && edge.elsewhere === 'revision') {
        report({ messageId: 'otherRevision', data: { ...data, note: edge.note ?? 'its source tracks another revision' }, at, severity: 'info' });
      }
    }
  },
});

/** `spec.source` or `spec.sources[i]`: the first segments of a reference inside an Application. */
function sourceOf(path: YamlPath): YamlPath {
  return path[1] === 'sources' ? path.slice(0, 3) : path.slice(0, 2);
}

function sourceKey(file: string, doc: number, path: YamlPath): string {
  return `${file}#${doc}#${path.join('.')}`;
}

