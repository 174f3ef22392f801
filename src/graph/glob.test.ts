import { describe, expect, it } from 'vitest';
import { argoDirsMatchAny, argoFilesMatchAny, doublestarMatcher, gitPathspecMatcher, goPathPattern } from './glob.js';

describe('goPathPattern (Go path.Match, ApplicationSet directories)', () => {
  it('keeps * and ? inside one folder name', () => {
    expect(goPathPattern('apps/*')!.test('apps/web')).toBe(true);
    expect(goPathPattern('apps/*')!.test('apps/web/overlays')).toBe(false);
    expect(goPathPattern('apps/?eb')!.test('apps/web')).toBe(true);
    expect(goPathPattern('a?b')!.test('a/b')).toBe(false);
  });

  it('has no ** and no {a,b}', () => {
    expect(goPathPattern('envs/**/prod')!.test('envs/team/eu/prod')).toBe(false);
    expect(goPathPattern('envs/**/prod')!.test('envs/team/prod')).toBe(true);
    expect(goPathPattern('apps/{web,api}')!.test('apps/web')).toBe(false);
    expect(goPathPattern('apps/{web,api}')!.test('apps/{web,api}')).toBe(true);
  });

  it('reads character classes, ranges, negation and escapes', () => {
    expect(goPathPattern('apps/[a-c]*')!.test('apps/bar')).toBe(true);
    expect(goPathPattern('apps/[^a]')!.test('apps/b')).toBe(true);
    expect(goPathPattern('apps/[^a]')!.test('apps/a')).toBe(false);
    expect(goPathPattern('a\\*')!.test('a*')).toBe(true);
    expect(goPathPattern('a\\*')!.test('ab')).toBe(false);
    expect(goPathPattern('x[z-a]')!.test('xq')).toBe(false);
  });

  it('treats regex metacharacters literally', () => {
    expect(goPathPattern('a.b')!.test('aXb')).toBe(false);
    expect(goPathPattern('a-b/(c)')!.test('a-b/(c)')).toBe(true);
  });

  it('rejects malformed patterns as Go does', () => {
    expect(goPathPattern('apps/[web')).toBeUndefined();
    expect(goPathPattern('[]a]')).toBeUndefined();
    expect(goPathPattern('apps\\')).toBeUndefined();
  });
});

describe('argoDirsMatchAny', () => {
  it('skips the root and folders starting with a dot, and never matches ./', () => {
    const dirs = ['', 'apps', 'apps/web', '.ci', '.ci/jobs'];
    expect(argoDirsMatchAny('apps/*', dirs)).toBe(true);
    expect(argoDirsMatchAny('.ci/*', dirs)).toBe(false);
    expect(argoDirsMatchAny('./apps/*', dirs)).toBe(false);
    expect(argoDirsMatchAny('*', [''])).toBe(false);
    expect(argoDirsMatchAny('apps/[', dirs)).toBeUndefined();
  });
});

describe('ApplicationSet files patterns', () => {
  it('git ls-files: * spans folders, a plain path names a folder, case matters', () => {
    expect(gitPathspecMatcher('a/*.yaml')('a/b/c/z.yaml')).toBe(true);
    expect(gitPathspecMatcher('a/b')('a/b/y.yaml')).toBe(true);
    expect(gitPathspecMatcher('a/**/x.yaml')('a/x.yaml')).toBe(false);
    expect(gitPathspecMatcher('A/x.yaml')('a/x.yaml')).toBe(false);
    expect(gitPathspecMatcher('./a/x.yaml')('a/x.yaml')).toBe(true);
    expect(gitPathspecMatcher('a/[bc]/y.yaml')('a/b/y.yaml')).toBe(true);
  });

  it('doublestar: ** spans zero or more folders, {a,b} alternatives, * stays in a segment', () => {
    expect(doublestarMatcher('a/**/x.yaml')('a/x.yaml')).toBe(true);
    expect(doublestarMatcher('a/{x,y}.yaml')('a/y.yaml')).toBe(true);
    expect(doublestarMatcher('a/*.yaml')('a/b/z.yaml')).toBe(false);
    expect(doublestarMatcher('!a')('a')).toBe(false);
  });

  it('matches when either would list a file', () => {
    expect(argoFilesMatchAny('clusters/*/config.json', ['clusters/eu/west/config.json'])).toBe(true);
    expect(argoFilesMatchAny('clusters/**/config.json', ['clusters/config.json'])).toBe(true);
    expect(argoFilesMatchAny('clusters/*/config.yaml', ['clusters/eu/config.json'])).toBe(false);
  });
});
