import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { schemaCacheDir } from './user-cache.js';

describe('schemaCacheDir', () => {
  it("uses the platform's per-user cache folder", () => {
    expect(schemaCacheDir({}, 'linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'omni-lint', 'schemas'));
    expect(schemaCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe(path.join('/var/cache/ada', 'omni-lint', 'schemas'));
    expect(schemaCacheDir({}, 'darwin', '/Users/ada')).toBe(path.join('/Users/ada', 'Library', 'Caches', 'omni-lint', 'schemas'));
    expect(schemaCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toBe(path.join('C:\\Users\\ada\\AppData\\Local', 'omni-lint', 'schemas'));
  });

  it('ignores a relative XDG_CACHE_HOME, as the XDG spec says', () => {
    expect(schemaCacheDir({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'omni-lint', 'schemas'));
  });

  it('follows OMNI_LINT_SCHEMA_CACHE: a folder, or off', () => {
    expect(schemaCacheDir({ OMNI_LINT_SCHEMA_CACHE: '/tmp/schemas' }, 'linux', '/home/ada')).toBe(path.resolve('/tmp/schemas'));
    expect(schemaCacheDir({ OMNI_LINT_SCHEMA_CACHE: 'off' }, 'linux', '/home/ada')).toBeUndefined();
    expect(schemaCacheDir({ OMNI_LINT_SCHEMA_CACHE: '0' }, 'linux', '/home/ada')).toBeUndefined();
  });

  it('is off when there is no home folder', () => {
    expect(schemaCacheDir({}, 'linux', '')).toBeUndefined();
    expect(schemaCacheDir({}, 'darwin', '')).toBeUndefined();
  });
});

describe('the CLI without --cache', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fixture = path.join(projectRoot(), 'fixtures', 'schema-valid', 'invalid-repo-crd', 'input');

  function lint(env: NodeJS.ProcessEnv): string {
    let stdout = '';
    runCli([fixture, '--format', 'json'], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: projectRoot(), env, isTty: false });
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; message: string; line: number }[] }).findings;
    return JSON.stringify(findings.filter((f) => f.ruleId === 'schema-valid'));
  }

  it("keeps a repository CRD's compiled validator for the next run, which finds the same problems", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-user-cache-'));
    temps.push(dir);
    const cold = lint({ OMNI_LINT_SCHEMA_CACHE: dir });
    expect(JSON.parse(cold)).not.toEqual([]);
    const kept = readdirSync(dir);
    expect(kept.filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    expect(kept.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(lint({ OMNI_LINT_SCHEMA_CACHE: dir })).toBe(cold);
    expect(readdirSync(dir)).toEqual(kept);
  });

  it('writes nothing when OMNI_LINT_SCHEMA_CACHE is off', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-user-cache-home-'));
    temps.push(home);
    lint({ OMNI_LINT_SCHEMA_CACHE: 'off', XDG_CACHE_HOME: home, HOME: home });
    expect(readdirSync(home)).toEqual([]);
  });
});
