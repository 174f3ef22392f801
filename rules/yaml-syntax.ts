// Enforces YAML 1.2 syntax: https://yaml.org/spec/1.2.2/
import { defineRule } from '../src/engine/define-rule.js';
import { manifestFiles } from '../src/graph/manifests.js';

export default defineRule({
  id: 'yaml-syntax',
  meta: {
    type: 'problem',
    description: 'Write every YAML file so that it parses.',
    rationale:
      'A document that does not parse is skipped by kustomize, Flux and Argo CD with an error, and everything it declares goes missing. ' +
      'omni-lint reports the parser\'s line and column and still lints the other documents of the file and the rest of the repository. ' +
      'Go and Helm templates are not YAML until rendered and are not reported, unless a kustomization, Flux or Argo CD applies one as a manifest.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      syntax: 'This file is not valid YAML: {{detail}}. Kubernetes tools will reject it; fix the syntax at this line.',
      templateApplied:
        'This file is a Go template ({{braces}}) and is not valid YAML ({{detail}}), but {{by}}: kustomize and kubectl do not render templates, ' +
        'so the build fails. Render it with Helm (or your templating tool) first, or keep it out of the applied manifests.',
    },
  },
  check({ graph, query, report }) {
    let manifests: Map<string, string> | undefined;
    for (const file of graph.repo.yaml.values()) {
      for (const error of file.errors) {
        // A document too deep to read is valid YAML: file-skipped reports it.
        if (error.kind === 'too-deep') continue;
        report({ messageId: 'syntax', data: { detail: detail(error.message) }, at: { file: file.path, line: error.line, column: error.column } });
      }
      const error = file.templateError;
      if (!error) continue;
      manifests ??= manifestFiles(query);
      const by = manifests.get(file.path);
      if (by === undefined) continue;
      report({
        messageId: 'templateApplied',
        data: { braces: '{{ }}', detail: detail(error.message), by },
        at: { file: file.path, line: error.line, column: error.column },
      });
    }
  },
});

function detail(message: string): string {
  return message.replace(/[.:]+$/, '');
}
