// Reports files the loader did not read, so nothing is dropped silently.
import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'file-skipped',
  meta: {
    type: 'problem',
    description: 'Keep manifests readable: no binary content, no files past the size limit, no links out of the repository.',
    rationale:
      'omni-lint skips files it cannot or must not read (binary data named .yaml, files larger than limits.maxFileBytes, more documents than ' +
      'limits.maxDocuments, symlinks that leave the repository). A skipped file is not checked, and Flux or Argo CD may fail on it, so each one is reported.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      binary: 'This file is named like YAML but holds binary data, so it was not linted. Rename it or remove it from the manifests.',
      tooLarge: 'This file is {{size}} bytes, over the limit of {{limit}} bytes, so it was not linted. Raise limits.maxFileBytes in .omni-lint.yaml to lint it.',
      tooManyDocuments: 'This file holds {{count}} documents, over the limit of {{limit}}, so it was not linted. Raise limits.maxDocuments in .omni-lint.yaml to lint it.',
      symlinkOutside: 'This symlink points outside the repository ({{target}}), so it was not followed. Flux and Argo CD will not see its target either; copy the file in instead.',
      unreadable: 'This file could not be read ({{message}}), so it was not linted.',
    },
  },
  check({ graph, report }) {
    for (const file of graph.repo.yaml.values()) {
      const s = file.skipped;
      if (!s) continue;
      const at = { file: file.path, line: 1, column: 1 };
      switch (s.kind) {
        case 'binary':
          report({ messageId: 'binary', at });
          break;
        case 'too-large':
          report({ messageId: 'tooLarge', data: { size: s.size, limit: s.limit }, at });
          break;
        case 'too-many-documents':
          report({ messageId: 'tooManyDocuments', data: { count: s.count, limit: s.limit }, at });
          break;
        case 'symlink-outside-root':
          report({ messageId: 'symlinkOutside', data: { target: s.target }, at });
          break;
        case 'unreadable':
          report({ messageId: 'unreadable', data: { message: s.message }, at });
          break;
        case 'template':
          break;
      }
    }
  },
});
