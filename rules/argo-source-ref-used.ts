// Enforces spec.sources[].ref: https://argo-cd.readthedocs.io/en/stable/user-guide/multiple_sources/#helm-value-files-from-external-git-repository
import { defineRule } from '../src/engine/define-rule.js';
import { argoSpecs } from '../src/graph/argo-specs.js';
import { getStr } from '../src/graph/read.js';

export default defineRule({
  id: 'argo-source-ref-used',
  meta: {
    type: 'suggestion',
    description: 'Use every ref of a multi-source Argo CD Application in another source\'s value files.',
    rationale:
      'In spec.sources, a source with `ref: values` exists so that other sources can read files from it as `$values/...` in ' +
      'helm.valueFiles. A ref that no source uses is left over from a refactoring or misspelt where it is used: the values the author ' +
      'meant to apply are not applied, and Argo CD still fetches the repository on every refresh. When the source has no path or chart ' +
      'either, it contributes nothing at all.',
    severity: 'warning',
    recommended: true,
    defaultOptions: {},
    messages: {
      unused:
        '{{kind}} "{{name}}" declares ref "{{ref}}" on a source of {{repoURL}}, but no other source reads "${{ref}}/..." in its value ' +
        'files, so {{effect}}. Use it in helm.valueFiles, fix the spelling where it is used, or remove {{what}}.',
    },
  },
  check({ graph, report }) {
    for (const { resource: r, sources } of argoSpecs(graph.resources)) {
      if (sources.length < 2) continue;
      for (const { source, path } of sources) {
        const ref = getStr(source, 'ref');
        if (!ref || ref.includes('{{')) continue;
        const used = sources.some((o) => o.source !== source && JSON.stringify(o.source).includes(`$${ref}/`));
        if (used) continue;
        const deploys = getStr(source, 'path') !== undefined || getStr(source, 'chart') !== undefined;
        report({
          messageId: 'unused',
          data: {
            kind: r.kind,
            name: r.name,
            ref,
            repoURL: getStr(source, 'repoURL') ?? 'an unnamed repository',
            effect: deploys ? 'the ref does nothing' : 'this source contributes nothing to the Application',
            what: deploys ? 'the ref' : 'the source',
          },
          at: { resource: r, path: [...path, 'ref'] },
        });
      }
    }
  },
});
