// Enforces HelmRelease spec.chart.spec.version and the chartRef OCIRepository's spec.ref:
// https://fluxcd.io/flux/components/helm/helmreleases/#chart-template and https://fluxcd.io/flux/components/source/ocirepositories/#reference
import { defineRule } from '../src/engine/define-rule.js';
import { isHelmRelease } from '../src/graph/kinds.js';
import { isTemplated } from '../src/graph/paths.js';
import { get, getStr } from '../src/graph/read.js';
import { inlinePatchedNames, isExactVersion } from '../src/graph/versions.js';

export default defineRule({
  id: 'flux-helmrelease-chart-pinned',
  meta: {
    type: 'suggestion',
    description: 'Pin every HelmRelease chart to one version.',
    rationale:
      'A HelmRelease without spec.chart.spec.version installs the latest chart (`*`), and a range such as `>=1.0.0` or `1.x` upgrades ' +
      'to every matching release as soon as it is published: an upstream release can break the app with no change in Git to review or ' +
      'revert. With spec.chartRef the version is the OCIRepository\'s ref, which floats with `latest`, no ref, or a semver range. ' +
      'Charts from a GitRepository or Bucket are skipped (their version comes from the commit). Off by default: Flux\'s own examples ' +
      'float on purpose and pair it with automated testing; turn it on where upgrades go through pull requests (Renovate, Dependabot).',
    severity: 'warning',
    recommended: false,
    defaultOptions: {},
    messages: {
      noVersion:
        'HelmRelease "{{name}}" installs chart "{{chart}}" with no spec.chart.spec.version, so helm-controller installs whatever is ' +
        'newest and upgrades without a change in Git. Set spec.chart.spec.version to the exact version you tested.',
      range:
        'HelmRelease "{{name}}" installs chart "{{chart}}" at version "{{version}}", a range, so helm-controller upgrades to every ' +
        'new matching release without a change in Git. Set spec.chart.spec.version to one exact version.',
      ociFloating:
        'HelmRelease "{{name}}" takes its chart from OCIRepository "{{source}}" ({{file}}), whose {{ref}}, so the chart changes ' +
        'without a change in Git. Set the OCIRepository\'s spec.ref.tag to one version (or spec.ref.digest).',
    },
  },
  check({ graph, query, report }) {
    const patched = inlinePatchedNames(graph, 'HelmRelease', 'version');
    const releases = query.ofKind('HelmRelease').filter(isHelmRelease);
    const reportedSources = new Set<string>();
    for (const r of releases) {
      const chart = get(r.body, 'spec', 'chart', 'spec');
      if (chart !== undefined) {
        const sourceKind = getStr(chart, 'sourceRef', 'kind');
        if (sourceKind === 'GitRepository' || sourceKind === 'Bucket') continue;
        const version = getStr(chart, 'version');
        const name = getStr(chart, 'chart') ?? r.name;
        if (version !== undefined) {
          if (!isTemplated(version) && !isExactVersion(version)) {
            report({ messageId: 'range', data: { name: r.name, chart: name, version }, at: { resource: r, path: ['spec', 'chart', 'spec', 'version'] } });
          }
          continue;
        }
        // A patch document (no chart name) or an overlay that sets the version is judged where it sets it.
        if (getStr(chart, 'chart') === undefined || patched.has(r.name) || patched.has('*')) continue;
        const overlays = query.index.find(['HelmRelease'], r.name, r.namespace).filter((o) => o !== r && get(o.body, 'spec', 'chart', 'spec', 'version') !== undefined);
        if (overlays.length > 0) continue;
        report({ messageId: 'noVersion', data: { name: r.name, chart: name }, at: { resource: r, path: ['spec', 'chart', 'spec', 'chart'] } });
        continue;
      }
      const edge = query.edgesFrom(r, 'flux-source').find((e) => e.from.path[1] === 'chartRef');
      const source = edge?.resources?.find((s) => s.kind === 'OCIRepository');
      if (!source || reportedSources.has(source.id)) continue;
      const ref = get(source.body, 'spec', 'ref');
      const digest = getStr(ref, 'digest');
      const semver = getStr(ref, 'semver');
      const tag = getStr(ref, 'tag');
      let floating: string | undefined;
      if (digest || (semver === undefined && tag !== undefined && tag !== 'latest')) floating = undefined;
      else if (semver !== undefined) floating = isExactVersion(semver) || isTemplated(semver) ? undefined : `spec.ref.semver "${semver}" is a range`;
      else if (tag === 'latest') floating = 'spec.ref.tag is "latest"';
      else floating = 'spec.ref is not set (the "latest" tag)';
      if (!floating || (tag !== undefined && isTemplated(tag))) continue;
      reportedSources.add(source.id);
      report({ messageId: 'ociFloating', data: { name: r.name, source: source.name, file: source.file, ref: floating }, at: { resource: r, path: ['spec', 'chartRef', 'name'] } });
    }
  },
});
