import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture } from '../testing/fs-tree.js';
import { parseYamlText } from '../load/read-yaml.js';
import { cacheKey, LintCache } from './lint-cache.js';
import { lintWithCache } from './lint-cached.js';

const options = { config: defaultConfig(), rules };
const plain = (findings: readonly Finding[]) => findings.map(({ ruleId, file, line, column, message, severity }) => ({ ruleId, file, line, column, message, severity }));

describe('--cache', () => {
  it('returns the same findings as an uncached run, cold, warm, and after edits, re-parsing only what changed', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    const cold = lintWithCache(dir, options, cacheFile, '1');
    expect(cold.cache).toBe('partial');
    expect(plain(cold.findings)).toEqual(plain(lintDirectory(dir, options).findings));

    const warm = lintWithCache(dir, options, cacheFile, '1');
    expect(warm.cache).toBe('hit');
    expect(warm.parsedFiles).toBe(0);
    expect(plain(warm.findings)).toEqual(plain(cold.findings));

    // One edited file: one parse, and the findings a full run gives (the new source fixes two errors).
    writeFileSync(
      path.join(dir, 'flux/sources/external-dns.yaml'),
      '---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: external-dns\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://kubernetes-sigs.github.io/external-dns/\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: omni-gitops\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  url: ssh://git@github.com/matjahs/omni-gitops\n',
    );
    const edited = lintWithCache(dir, options, cacheFile, '1');
    expect(edited.cache).toBe('partial');
    expect(edited.parsedFiles).toBe(1);
    expect(plain(edited.findings)).toEqual(plain(lintDirectory(dir, options).findings));
    expect(edited.findings.some((f) => f.ruleId === 'flux-source-ref-exists')).toBe(false);

    // A touched file whose content is the same is not parsed again; a deleted file changes the result.
    appendFileSync(path.join(dir, 'apps/vault/service.yaml'), '');
    rmSync(path.join(dir, 'flux/releases/external-dns.yaml'));
    const removed = lintWithCache(dir, options, cacheFile, '1');
    expect(removed.parsedFiles).toBe(0);
    expect(plain(removed.findings)).toEqual(plain(lintDirectory(dir, options).findings));
  });

  it('stores the parses of a few edited files beside the full parse file instead of rewriting it', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    lintWithCache(dir, options, cacheFile, '1');
    const full = readFileSync(`${cacheFile}.parses`);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
    const edit = (f: string, n: number): void => appendFileSync(path.join(dir, f), `\n# edit ${n}\n`);

    edit(files[0]!, 1);
    const first = lintWithCache(dir, options, cacheFile, '1');
    expect(first.parsedFiles).toBe(1);
    expect(readFileSync(`${cacheFile}.parses`)).toEqual(full);
    // The next run finds the edited file's parse in the small file: nothing to parse.
    edit(files[1]!, 2);
    const second = lintWithCache(dir, options, cacheFile, '1');
    expect(second.parsedFiles).toBe(1);
    expect(plain(second.findings)).toEqual(plain(lintDirectory(dir, options).findings));

    // Past the limit, the full file is written again and the small one emptied.
    files.slice(2, 30).forEach((f, i) => edit(f, i + 3));
    const many = lintWithCache(dir, options, cacheFile, '1');
    expect(many.parsedFiles).toBe(Math.min(28, files.length - 2));
    expect(readFileSync(`${cacheFile}.parses`)).not.toEqual(full);
    expect(lintWithCache(dir, options, cacheFile, '1').cache).toBe('hit');
    edit(files[0]!, 99);
    expect(lintWithCache(dir, options, cacheFile, '1').parsedFiles).toBe(1);
  });

  it('never reuses the parse of a file that has since become a Helm chart template', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-chart-'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    mkdirSync(path.join(dir, 'charts', 'app', 'templates'), { recursive: true });
    // As a manifest this Kustomization names a source that exists nowhere; as a template it is not read.
    writeFileSync(
      path.join(dir, 'charts', 'app', 'templates', 'ks.yaml'),
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: app\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./app\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: nowhere\n',
    );
    const before = lintWithCache(dir, options, cacheFile, '1');
    expect(before.findings.some((f) => f.ruleId === 'flux-source-ref-exists')).toBe(true);
    writeFileSync(path.join(dir, 'charts', 'app', 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    const after = lintWithCache(dir, options, cacheFile, '1');
    expect(plain(after.findings)).toEqual(plain(lintDirectory(dir, options).findings));
    expect(after.findings.some((f) => f.ruleId === 'flux-source-ref-exists')).toBe(false);
  });

  it('starts afresh when omni-lint, the config or the rule settings change', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    lintWithCache(dir, options, cacheFile, '1');
    expect(lintWithCache(dir, options, cacheFile, '2').cache).toBe('partial');
    const off = lintWithCache(dir, { ...options, ruleOverrides: { 'flux-source-ref-exists': 'off' } }, cacheFile, '2');
    expect(off.cache).toBe('partial');
    expect(off.findings.some((f) => f.ruleId === 'flux-source-ref-exists')).toBe(false);
  });

  it('reuses an unchanged file unread, keeping its suppressions and the positions of its findings', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    // One finding suppressed, one directive that suppresses nothing (itself a finding), one finding kept.
    const monitoring = path.join(dir, 'flux/kustomizations/monitoring.yaml');
    writeFileSync(monitoring, `# omni-lint-disable-file flux-source-ref-exists -- the source moves to another repo\n${readFileSync(monitoring, 'utf8')}`);
    const apps = path.join(dir, 'flux/kustomizations/flux-apps.yaml');
    writeFileSync(apps, `# omni-lint-disable-next-line no-insecure-source -- nothing to hide\n${readFileSync(apps, 'utf8')}`);
    const cold = lintWithCache(dir, options, cacheFile, '1');
    const rules = (fs: readonly Finding[], file: string) => fs.filter((f) => f.file === file).map((f) => `${f.ruleId}:${f.line}`);
    expect(rules(cold.findings, 'flux/kustomizations/monitoring.yaml')).toEqual([]);
    expect(rules(cold.findings, 'flux/kustomizations/flux-apps.yaml').sort()).toEqual(['flux-source-ref-exists:14', 'suppression-directive:1']);

    appendFileSync(path.join(dir, 'apps/vault/service.yaml'), '\n# edited\n');
    const edited = lintWithCache(dir, options, cacheFile, '1');
    expect(edited.cache).toBe('partial');
    expect(edited.parsedFiles).toBe(1);
    expect(plain(edited.findings)).toEqual(plain(cold.findings));
    expect(plain(edited.findings)).toEqual(plain(lintDirectory(dir, options).findings));
  });

  it('gives back stored documents exactly, values JSON cannot hold included', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-values-'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    const odd = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata: {}\nextra:\n  nan: .nan\n  inf: -.inf\n  zero: -0.0\n  big: 1e400\n  proto: {__proto__: x}\n---\nkey: [unclosed\n---\nplain: true\n';
    writeFileSync(path.join(dir, 'odd.yaml'), odd);
    writeFileSync(path.join(dir, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    lintWithCache(dir, options, cacheFile, '1');
    appendFileSync(path.join(dir, 'other.yaml'), '# edited\n');
    const cache = new LintCache(cacheFile, cacheKey({ version: '1', root: dir, config: options.config, overrides: {}, rules }));
    expect(cache.unchanged(dir, ['odd.yaml', 'other.yaml'])).toBeUndefined();
    const reused = cache.trusted('odd.yaml', false);
    const fresh = parseYamlText('odd.yaml', odd);
    expect(reused?.parsed.docs).toEqual(fresh.docs);
    expect(Object.is((reused?.parsed.docs[0] as { extra: { zero: number } }).extra.zero, -0)).toBe(true);
    expect(reused?.parsed.errors).toEqual(fresh.errors);
    expect(cache.trusted('other.yaml', false)).toBeUndefined();
  });
});
