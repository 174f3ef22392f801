import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { projectRoot } from '../dev/gen.js';
import { copyFixture } from '../testing/fs-tree.js';
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

  it('starts afresh when omni-lint, the config or the rule settings change', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-')), 'cache');
    lintWithCache(dir, options, cacheFile, '1');
    expect(lintWithCache(dir, options, cacheFile, '2').cache).toBe('partial');
    const off = lintWithCache(dir, { ...options, ruleOverrides: { 'flux-source-ref-exists': 'off' } }, cacheFile, '2');
    expect(off.cache).toBe('partial');
    expect(off.findings.some((f) => f.ruleId === 'flux-source-ref-exists')).toBe(false);
  });
});
