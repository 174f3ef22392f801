import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rng } from '../../bench/generate-repo.js';

/**
 * Edits a user might make between two runs, for tests that check a fast path (the --cache,
 * pull-request mode) against a plain run after each: seeded, so a failure replays.
 */

/** A finding as the edits see it: which rule, in which file. */
export interface FindingAt {
  ruleId: string;
  file: string;
}

/** Changes the tree under `dir`; returns what it did and the files it touched (repo-relative). */
export type RepoEdit = (dir: string, rng: Rng, findings: readonly FindingAt[]) => { did: string; touched: string[] };

/** The YAML files under `dir`, repo-relative and sorted (.git left out). */
export function yamlFilesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('.git/'))
    .sort();
}

/** A line that names something or points somewhere, as `key: value`. */
const VALUE_LINE = /^(\s*-?\s*)(name|path|namespace|chart|releaseName|url|targetRevision): (\S+)$/;

export const REPO_EDITS: readonly RepoEdit[] = [
  (dir, rng) => {
    const f = rng.pick(yamlFilesIn(dir));
    appendFileSync(path.join(dir, f), '\n# a comment\n');
    return { did: `comment appended to ${f}`, touched: [f] };
  },
  (dir, rng) => {
    // Another file's content: objects move, names collide, references break or resolve.
    const files = yamlFilesIn(dir);
    const [to, from] = [rng.pick(files), rng.pick(files)];
    writeFileSync(path.join(dir, to), readFileSync(path.join(dir, from)));
    return { did: `${to} overwritten with ${from}`, touched: [to] };
  },
  (dir, rng) => {
    const f = rng.pick(yamlFilesIn(dir));
    rmSync(path.join(dir, f));
    return { did: `${f} deleted`, touched: [f] };
  },
  (dir, rng) => {
    // A copy under a new name, beside it or in a new folder: duplicates, or objects nobody deploys.
    const from = rng.pick(yamlFilesIn(dir));
    const to = rng.chance(0.5) ? `${path.posix.dirname(from)}/copy-${rng.int(0, 1e6)}.yaml` : `added-${rng.int(0, 1e6)}/${path.posix.basename(from)}`;
    mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    const text = readFileSync(path.join(dir, from), 'utf8');
    writeFileSync(path.join(dir, to), rng.chance(0.5) ? text.replace(/^( {2}name: )(\S+)$/m, '$1$2-copy') : text);
    return { did: `${to} added from ${from}`, touched: [to] };
  },
  (dir, rng) => {
    // Every object of a file renamed: whatever referenced them now references nothing.
    const f = rng.pick(yamlFilesIn(dir));
    const file = path.join(dir, f);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {2}name: )(\S+)$/gm, '$1renamed-$2'));
    return { did: `objects of ${f} renamed`, touched: [f] };
  },
  (dir, rng) => {
    // One name or reference re-pointed at a value the same key has elsewhere: sources, paths,
    // namespaces and charts that now collide, resolve elsewhere, or stop resolving.
    const files = yamlFilesIn(dir);
    const f = rng.pick(files);
    const file = path.join(dir, f);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.flatMap((l, i) => (VALUE_LINE.test(l) ? [i] : []));
    if (at.length === 0) return { did: `nothing to re-point in ${f}`, touched: [] };
    const i = rng.pick(at);
    const key = VALUE_LINE.exec(lines[i]!)![2]!;
    const donor = readFileSync(path.join(dir, rng.pick(files)), 'utf8')
      .split('\n')
      .map((l) => VALUE_LINE.exec(l))
      .find((m) => m?.[2] === key);
    lines[i] = lines[i]!.replace(VALUE_LINE, `$1$2: ${donor?.[3] ?? 'nowhere'}`);
    writeFileSync(file, lines.join('\n'));
    return { did: `${key} re-pointed in ${f}`, touched: [f] };
  },
  (dir, rng, findings) => {
    // A suppression in a file that has findings: it silences them, or is itself reported as unused.
    if (findings.length === 0) return { did: 'no finding to suppress', touched: [] };
    const f = rng.pick(findings);
    const file = path.join(dir, f.file);
    writeFileSync(file, `# omni-lint-disable-file ${f.ruleId} -- checked by hand\n${readFileSync(file, 'utf8')}`);
    return { did: `${f.ruleId} suppressed in ${f.file}`, touched: [f.file] };
  },
  (dir, rng) => {
    const top = rng.pick(readdirSync(dir).filter((d) => !d.startsWith('.') && !d.includes('.')));
    appendFileSync(path.join(dir, '.gitignore'), `${top}/\n`);
    return { did: `${top}/ ignored in .gitignore`, touched: ['.gitignore'] };
  },
  (dir, rng) => {
    // The config's ignore globs: a folder left out of the lint altogether.
    const top = rng.pick(readdirSync(dir).filter((d) => !d.startsWith('.') && !d.includes('.')));
    const sub = rng.pick(readdirSync(path.join(dir, top)));
    writeFileSync(path.join(dir, '.omni-lint.yaml'), `ignore:\n  - "${top}/${sub}/**"\n`);
    return { did: `${top}/${sub}/ ignored in .omni-lint.yaml`, touched: ['.omni-lint.yaml'] };
  },
];
