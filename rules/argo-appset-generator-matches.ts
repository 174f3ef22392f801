// Enforces ApplicationSet spec.generators[].git.directories[].path and .files[].path:
// https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/
import picomatch from 'picomatch';
import { defineRule } from '../src/engine/define-rule.js';
import { argoDirsMatchAny, goPathPattern } from '../src/graph/glob.js';
import type { Graph } from '../src/graph/types.js';

export default defineRule({
  id: 'argo-appset-generator-matches',
  meta: {
    type: 'problem',
    description: 'Make every ApplicationSet git generator path match at least one folder or file in this repository.',
    rationale:
      'A git generator whose pattern matches nothing is not an error to Argo CD: it quietly generates zero Applications, and when ' +
      'the pattern used to match, the ApplicationSet deletes the Applications it had made (unless its sync policy forbids it). Directory patterns go through Go ' +
      'path.Match against repo-relative folders, so `*` stays inside one folder name, `**` and `{a,b}` do not exist, a leading ' +
      '"./" never matches and folders starting with "." are skipped. File patterns go through `git ls-files` (or doublestar ' +
      'with the new file globbing), so `*` and `**` may span folders. Patterns are checked only for generators whose repoURL ' +
      'is this repository; `exclude: true` entries and templated patterns are not checked.',
    severity: 'error',
    recommended: true,
    defaultOptions: {},
    messages: {
      noDirectory:
        'ApplicationSet "{{name}}" has git directories pattern "{{pattern}}", which matches no folder in this repository, so the ' +
        'generator yields no Applications from it.{{hint}} Fix the pattern or remove the entry.',
      noFile:
        'ApplicationSet "{{name}}" has git files pattern "{{pattern}}", which matches no file in this repository, so the generator ' +
        'yields no Applications from it. Fix the pattern or add the file.',
      badPattern:
        'ApplicationSet "{{name}}" has git directories pattern "{{pattern}}", which Go path.Match rejects as malformed, so Argo CD ' +
        'logs an error and matches nothing. Close every "[" and do not end the pattern with "\\".',
      otherRevision:
        'ApplicationSet "{{name}}" has git {{field}} pattern "{{pattern}}", which matches nothing in this checkout: {{note}}. It may ' +
        'match on that revision; lint a checkout of it, or set repository.branch if this checkout is it.',
    },
  },
  check({ graph, query, report }) {
    for (const edge of query.edges('argo-generator-path')) {
      const r = edge.from.resource;
      if (!r || edge.target.type !== 'glob') continue;
      const pattern = edge.target.raw;
      const isDir = edge.target.pattern.startsWith('dir:');
      const at = { resource: r, path: edge.from.path };
      if (edge.status === 'missing') {
        if (!isDir) report({ messageId: 'noFile', data: { name: r.name, pattern }, at });
        else if (!goPathPattern(pattern)) report({ messageId: 'badPattern', data: { name: r.name, pattern }, at });
        else report({ messageId: 'noDirectory', data: { name: r.name, pattern, hint: directoryHint(graph, pattern) }, at });
      } else if (edge.status === 'elsewhere' && edge.elsewhere === 'revision') {
        const data = { name: r.name, pattern, field: isDir ? 'directories' : 'files', note: edge.note ?? 'it tracks another revision' };
        report({ messageId: 'otherRevision', data, at, severity: 'info' });
      }
    }
  },
});

/** Names the path.Match trap a pattern falls into, when a looser reading of it would have matched. */
function directoryHint(graph: Graph, pattern: string): string {
  const dirs = graph.repo.dirs;
  const trimmed = pattern.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  if (trimmed !== pattern && argoDirsMatchAny(trimmed, dirs)) {
    return ' Argo CD compares it with folder paths such as "apps/web", written without a leading "./" or "/" and without a trailing "/".';
  }
  if (/\*\*|\{/.test(pattern)) {
    const loose = picomatch(trimmed, { dot: false });
    if ([...dirs].some((d) => d !== '' && loose(d))) {
      return ' Go path.Match has no "**" (it is "*", one folder name) and no "{a,b}": write one entry per depth or per alternative.';
    }
  }
  const hidden = goPathPattern(pattern);
  if (hidden && [...dirs].some((d) => d !== '' && hidden.test(d))) {
    return ' Argo CD skips folders whose name starts with ".".';
  }
  return '';
}
