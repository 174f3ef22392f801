import { describe, expect, it } from 'vitest';
import { cyclicComponents, shortestCycle } from './cycles.js';

const graphOf = (edges: Record<string, string[]>) => (n: string): string[] => edges[n] ?? [];

describe('cyclicComponents', () => {
  it('finds each cycle once and ignores acyclic parts', () => {
    const succ = graphOf({ a: ['b'], b: ['c'], c: ['a', 'd'], d: [], e: ['e'], f: ['a'] });
    const found = cyclicComponents(['a', 'b', 'c', 'd', 'e', 'f'], succ).map((c) => [...c].sort());
    expect(found).toEqual([['a', 'b', 'c'], ['e']]);
  });
  it('handles a long chain without recursion', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
    const succ = (x: string): string[] => {
      const i = Number(x.slice(1));
      return [i + 1 < n ? `n${i + 1}` : 'n0'];
    };
    const found = cyclicComponents(nodes, succ);
    expect(found).toHaveLength(1);
    expect(found[0]).toHaveLength(n);
  });
});

describe('shortestCycle', () => {
  it('returns the shortest way back to the start', () => {
    const succ = graphOf({ a: ['b', 'x'], b: ['c'], c: ['a'], x: ['a'] });
    expect(shortestCycle('a', ['a', 'b', 'c', 'x'], succ)).toEqual(['a', 'x']);
    expect(shortestCycle('b', ['a', 'b', 'c', 'x'], succ)).toEqual(['b', 'c', 'a']);
  });
  it('handles a self-loop', () => {
    expect(shortestCycle('a', ['a'], graphOf({ a: ['a'] }))).toEqual(['a']);
  });
});
