import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRepo, Rng } from '../../bench/generate-repo.js';
import { rules } from '../../rules/index.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { removeTree } from '../testing/fs-tree.js';
import { lintWithCache } from './lint-cached.js';

/**
 * The --cache reuses the parse of every file whose size and mtime it has seen, without reading it.
 * Whatever a user does between two runs, a --cache run must report what a run without it reports:
 * checked over seeded sequences of edits to a generated repository, with planted breakages so that
 * there are findings of many rules to compare.
 */
const options = { config: defaultConfig(), rules };
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

const shown = (findings: readonly Finding[]) => findings.map(({ ruleId, file, line, column, endLine, endColumn, message, severity }) => ({ ruleId, file, line, column, endLine, endColumn, message, severity }));

function yamlFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('.git'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

type Edit = (dir: string, rng: Rng, findings: readonly Finding[]) => string;

/** Each edit changes the tree as a user might between two runs, and says what it did. */
const EDITS: Edit[] = [
  (dir, rng) => {
    const f = rng.pick(yamlFiles(dir));
    appendFileSync(path.join(dir, f), '\n# a comment\n');
    return `comment appended to ${f}`;
  },
  (dir, rng) => {
    // Another file's content: objects move, names collide, references break or resolve.
    const files = yamlFiles(dir);
    const [to, from] = [rng.pick(files), rng.pick(files)];
    writeFileSync(path.join(dir, to), readFileSync(path.join(dir, from)));
    return `${to} overwritten with ${from}`;
  },
  (dir, rng) => {
    const f = rng.pick(yamlFiles(dir));
    rmSync(path.join(dir, f));
    return `${f} deleted`;
  },
  (dir, rng) => {
    const from = rng.pick(yamlFiles(dir));
    const to = `added/${rng.int(0, 1e6)}.yaml`;
    mkdirSync(path.join(dir, 'added'), { recursive: true });
    writeFileSync(path.join(dir, to), readFileSync(path.join(dir, from), 'utf8').replace(/^( {2}name: )(\S+)$/m, '$1$2-copy'));
    return `${to} added from ${from}`;
  },
  (dir, rng, findings) => {
    // A suppression in a file that has findings: it silences them, or is itself reported as unused.
    if (findings.length === 0) return 'no finding to suppress';
    const f = rng.pick(findings);
    const file = path.join(dir, f.file);
    writeFileSync(file, `# omni-lint-disable-file ${f.ruleId} -- checked by hand\n${readFileSync(file, 'utf8')}`);
    return `${f.ruleId} suppressed in ${f.file}`;
  },
  (dir, rng) => {
    const top = rng.pick(readdirSync(dir).filter((d) => !d.startsWith('.') && !d.includes('.')));
    appendFileSync(path.join(dir, '.gitignore'), `${top}/\n`);
    return `${top}/ ignored`;
  },
  () => 'nothing',
];

describe('--cache across edits', () => {
  it.each([1, 2, 3, 4])('reports what a run without the cache reports after every edit (seed %i)', (seed) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-edits-'));
    const cacheFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'omni-lint-cache-edits-cache-')), 'cache');
    temps.push(dir, path.dirname(cacheFile));
    generateRepo(dir, { files: 250, seed, breakageRate: 0.05 });
    const rng = new Rng(seed);
    let findings = lintWithCache(dir, options, cacheFile, '1').findings;
    const kinds = new Set<string>();
    for (let step = 0; step < 16; step++) {
      const did = rng.pick(EDITS)(dir, rng, findings);
      const cached = lintWithCache(dir, options, cacheFile, '1');
      const plain = lintDirectory(dir, options);
      expect(shown(cached.findings), `after step ${step}: ${did}`).toEqual(shown(plain.findings));
      if (did === 'nothing') expect(cached.cache).toBe('hit');
      findings = plain.findings;
      kinds.add(did.split(' ')[1]!);
    }
    expect(kinds.size).toBeGreaterThan(3);
  });
});
