import { describe, expect, it } from 'vitest';
import { isExactVersion, parseDuration } from './versions.js';

describe('isExactVersion', () => {
  it('accepts one release only', () => {
    for (const v of ['1.2.3', 'v1.2.3', '=1.2.3', '1.2.3-rc.1', '1.2.3+build.5']) expect(isExactVersion(v), v).toBe(true);
    for (const v of ['1.2', '1.x', '1.2.*', '*', '>=1.0.0', '^1.2.3', '~1.2.3', '1.2.3 || 2.0.0', 'latest', '']) expect(isExactVersion(v), v).toBe(false);
  });
});

describe('parseDuration', () => {
  it('reads Go durations', () => {
    expect(parseDuration('1m0s')).toBe(60_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('${INTERVAL}')).toBeUndefined();
    expect(parseDuration('5 minutes')).toBeUndefined();
  });
});
