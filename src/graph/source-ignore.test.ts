import { describe, expect, it } from 'vitest';
import { rootPattern, SourceIgnore } from './source-ignore.js';
import type { Resource } from './types.js';

const file = (dir: string, patterns: string[]) => ({ dir, file: '.sourceignore', patterns });

describe('rootPattern', () => {
  it('keeps root patterns anchored or floating as written', () => {
    expect(rootPattern('', '/*')).toBe('/*');
    expect(rootPattern('', '!/apps/')).toBe('!/apps/');
    expect(rootPattern('', 'docs/')).toBe('docs/');
    expect(rootPattern('', 'a/b')).toBe('/a/b');
  });
  it('scopes nested patterns to their folder', () => {
    expect(rootPattern('apps', '/tmp')).toBe('apps/tmp');
    expect(rootPattern('apps', 'a/b')).toBe('apps/a/b');
    expect(rootPattern('apps', '*.md')).toBe('apps/**/*.md');
    expect(rootPattern('apps', '!keep/')).toBe('!apps/**/keep/');
  });
});

describe('SourceIgnore', () => {
  it('honours "exclude all, include some" at the root only', () => {
    const ig = new SourceIgnore([file('', ['/*', '!/apps/', '!/clusters/'])]);
    expect(ig.excludedBy('apps/production', undefined)).toBeUndefined();
    expect(ig.excludedBy('clusters/a/b', undefined)).toBeUndefined();
    expect(ig.excludedBy('docs', undefined)).toBe('.sourceignore');
    expect(ig.excludedBy('', undefined)).toBeUndefined();
  });
  it('names the nested file that excludes a folder', () => {
    const ig = new SourceIgnore([file('apps', ['staging/']), file('', ['docs/'])]);
    expect(ig.excludedBy('apps/staging', undefined)).toBe('apps/.sourceignore');
    expect(ig.excludedBy('staging', undefined)).toBeUndefined();
    expect(ig.excludedBy('x/docs', undefined)).toBe('.sourceignore');
  });
  it('lets GitRepository spec.ignore re-include or exclude', () => {
    const source = { id: 's#0', kind: 'GitRepository', name: 'flux-system', body: { spec: { ignore: '!/docs/\n/tmp/' } } } as unknown as Resource;
    const ig = new SourceIgnore([file('', ['/docs/'])]);
    expect(ig.excludedBy('docs', source)).toBeUndefined();
    expect(ig.excludedBy('tmp', source)).toBe('spec.ignore of GitRepository "flux-system"');
    expect(ig.excludedBy('docs', undefined)).toBe('.sourceignore');
  });
});
