// Reports files the loader did not read, so nothing is dropped silently.
import { defineRule } from '../src/engine/define-rule.js';
import { MAX_DEPTH } from '../src/load/read-yaml.js';

export default defineRule({
  id: 'file-skipped',
  meta: {
    type: 'problem',
    description: 'Keep manifests readable: UTF-8 text within the limits, no binary content, no symlinks out of the repository or to nowhere.',
    rationale:
      'omni-lint skips files it cannot or must not read (binary data named .yaml, text that is not UTF-8, files larger than limits.maxFileBytes, ' +
      'more documents than limits.maxDocuments, documents nested deeper than it reads, symlinks that leave the repository or lead nowhere). ' +
      'A skipped file is not checked, and Flux or Argo CD may fail on it, so each one is reported.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      binary: 'This file is named like YAML but holds binary data, so it was not linted. Rename it or remove it from the manifests.',
      tooLarge: 'This file is {{size}} bytes, over the limit of {{limit}} bytes, so it was not linted. Raise limits.maxFileBytes in .omni-lint.yaml to lint it.',
      tooManyDocuments: 'This file holds {{count}} documents, over the limit of {{limit}}, so it was not linted. Raise limits.maxDocuments in .omni-lint.yaml to lint it.',
      symlinkOutside: 'This symlink points outside the repository ({{target}}), so it was not followed. Flux and Argo CD will not see its target either; copy the file in instead.',
      unreadable: 'This file could not be read ({{message}}), so it was not linted.',
      notUtf8:
        'This file is not UTF-8 ({{detail}}), so it was not linted, and --fix never rewrites it. Kubernetes tools read YAML as UTF-8; ' +
        're-save the file as UTF-8.',
      symlinkBroken: 'This symlink leads nowhere (its target is missing, or links loop), so it was not read. Fix or remove the link.',
      tooDeep:
        'Document {{doc}} of this file nests deeper than {{limit}} levels, more than omni-lint reads, so it was not linted. No Kubernetes object ' +
        'nests this deep: if this is data, keep it out of the manifests, or add the file to ignore: in .omni-lint.yaml.',
    },
  },
  check({ graph, report }) {
    for (const file of graph.repo.yaml.values()) {
      for (const error of file.errors) {
        if (error.kind !== 'too-deep') continue;
        report({ messageId: 'tooDeep', data: { doc: (error.doc ?? 0) + 1, limit: MAX_DEPTH }, at: { file: file.path, line: error.line, column: error.column } });
      }
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
        case 'not-utf8':
          report({ messageId: 'notUtf8', data: { detail: s.detail }, at: { file: file.path, line: s.line, column: s.column } });
          break;
        case 'symlink-broken':
          report({ messageId: 'symlinkBroken', at });
          break;
        case 'template':
          break;
      }
    }
  },
});
