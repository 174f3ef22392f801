// Enforces YAML 1.2 syntax: https://yaml.org/spec/1.2.2/
import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'yaml-syntax',
  meta: {
    type: 'problem',
    description: 'Write every YAML file so that it parses.',
    rationale:
      'A document that does not parse is skipped by kustomize, Flux and Argo CD with an error, and everything it declares goes missing. ' +
      'omni-lint reports the parser\'s line and column and still lints the other documents of the file and the rest of the repository.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      syntax: 'This file is not valid YAML: {{detail}}. Kubernetes tools will reject it; fix the syntax at this line.',
    },
  },
  check({ graph, report }) {
    for (const file of graph.repo.yaml.values()) {
      for (const error of file.errors) {
        report({ messageId: 'syntax', data: { detail: error.message.replace(/[.:]+$/, '') }, at: { file: file.path, line: error.line, column: error.column } });
      }
    }
  },
});
