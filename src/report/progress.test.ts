import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runCli } from '../cli/main.js';
import { projectRoot } from '../dev/gen.js';
import { defaultConfig } from '../engine/config.js';
import { lintDirectory, type LintProgress } from '../engine/run.js';
import { copyFixture, removeTree } from '../testing/fs-tree.js';
import { createProgress, isCi, Progress, progressWanted, type ProgressSettings } from './progress.js';

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (t: string) => writes.push(t) } };
}

function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const settings = (over: Partial<ProgressSettings> = {}): ProgressSettings => ({ env: {}, color: false, outputVisible: true, ...over });

describe('progress on standard error', () => {
  it('is drawn only for a person at a terminal: not piped, not in CI, not on a dumb terminal', () => {
    expect(progressWanted({ isTTY: true, write: () => 0 }, settings())).toBe(true);
    expect(progressWanted({ isTTY: false, write: () => 0 }, settings())).toBe(false);
    expect(progressWanted({ write: () => 0 }, settings())).toBe(false);
    expect(progressWanted({ isTTY: true, write: () => 0 }, settings({ env: { CI: 'true' } }))).toBe(false);
    expect(progressWanted({ isTTY: true, write: () => 0 }, settings({ env: { TERM: 'dumb' } }))).toBe(false);
    // The report goes down a pipe (omni-lint --format json | jq): keep the terminal clean too.
    expect(progressWanted({ isTTY: true, write: () => 0 }, settings({ outputVisible: false }))).toBe(false);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({})).toBe(false);
  });

  it('waits before the first line, throttles updates within a phase, draws a new phase at once and erases itself', () => {
    const { writes, stream } = fakeStream(true);
    const c = clock();
    const p = new Progress(stream, settings({ now: c.now, delayMs: 200, intervalMs: 100 }));
    p.update({ phase: 'read', done: 1, total: 100 });
    expect(writes).toEqual([]); // a short run shows nothing
    c.advance(250);
    p.update({ phase: 'read', done: 2, total: 100 });
    c.advance(10);
    p.update({ phase: 'read', done: 3, total: 100 }); // throttled
    p.update({ phase: 'graph' }); // a new phase: drawn at once
    c.advance(10);
    p.update({ phase: 'rules', done: 0, total: 17, rule: 'yaml-syntax' });
    c.advance(5);
    p.update({ phase: 'rules', done: 1, total: 17, rule: 'kustomize-ref-exists' }); // throttled
    p.done();
    expect(writes).toEqual([
      '\romni-lint: reading files 2/100',
      '\romni-lint: building the graph ',
      '\romni-lint: running rules 0/17 (yaml-syntax)',
      `\r${' '.repeat('omni-lint: running rules 0/17 (yaml-syntax)'.length)}\r`,
    ]);
    p.done(); // nothing left to erase
    expect(writes).toHaveLength(4);
  });

  it('uses no escape codes without color (NO_COLOR, --no-color), and dims the line with color', () => {
    for (const color of [false, true]) {
      const { writes, stream } = fakeStream(true);
      const p = new Progress(stream, settings({ color, delayMs: 0, intervalMs: 0 }));
      p.update({ phase: 'graph' });
      p.done();
      expect(writes.join('').includes('\x1b')).toBe(color);
      if (color) expect(writes).toEqual(['\r\x1b[2K\x1b[2momni-lint: building the graph\x1b[22m', '\r\x1b[2K']);
    }
  });

  it('follows a real run: files read, the graph, the rules', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    temps.push(dir);
    const events: LintProgress[] = [];
    lintDirectory(dir, { config: defaultConfig(), rules, onProgress: (e) => events.push(e) });
    const reads = events.filter((e) => e.phase === 'read');
    expect(reads.length).toBeGreaterThan(40);
    expect(reads[reads.length - 1]).toEqual({ phase: 'read', done: reads.length, total: reads.length });
    expect(events.filter((e) => e.phase === 'graph')).toHaveLength(1);
    const ruleEvents = events.filter((e) => e.phase === 'rules');
    expect(ruleEvents.length).toBeGreaterThan(5);
    expect(events.map((e) => e.phase).join(' ')).toMatch(/^(read )+graph (rules ?)+$/);

    // Through createProgress with a fake terminal: lines appear; not on a pipe, not in CI.
    for (const [isTTY, env, shown] of [
      [true, {}, true],
      [false, {}, false],
      [true, { CI: 'true' }, false],
    ] as const) {
      const { writes, stream } = fakeStream(isTTY);
      const progress = createProgress(stream, settings({ env, delayMs: 0, intervalMs: 0 }));
      expect(progress !== undefined).toBe(shown);
      lintDirectory(dir, { config: defaultConfig(), rules, ...(progress ? { onProgress: progress.update.bind(progress) } : {}) });
      progress?.done();
      expect(writes.some((w) => w.includes('reading files'))).toBe(shown);
      expect(writes.some((w) => w.includes('running rules'))).toBe(shown);
      if (shown) expect(writes[writes.length - 1]).toMatch(/^\r +\r$/);
    }
  });

  it('leaves no trace on standard error in a CLI run on a terminal', () => {
    const dir = copyFixture(path.join(projectRoot(), 'fixtures', 'omni-gitops'));
    temps.push(dir);
    let stderr = '';
    const code = runCli([dir], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: dir, env: {}, isTty: true, stderrIsTty: true });
    expect(code).toBe(1);
    // Usually empty (the run is shorter than the delay); on a slow machine, lines that are erased at the end.
    expect(stderr).not.toContain('\n');
    expect(stderr === '' || stderr.endsWith('\r\x1b[2K')).toBe(true);
  });
});
