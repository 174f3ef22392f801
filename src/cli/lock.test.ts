import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';
import { acquireLock, LockError, lockPath } from '../fix/lock.js';
import { readTree, removeTree } from '../testing/fs-tree.js';

/**
 * --fix takes a lock per repository. These tests run the real CLI (bin/omni-lint.js, over dist/) in
 * separate processes; the build is refreshed first when a source is newer than it.
 */
const root = projectRoot();
const bin = path.join(root, 'bin', 'omni-lint.js');
const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

function temp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-lock-'));
  temps.push(dir);
  return dir;
}

/** A copy of the example repository: --fix has work to do there (moves, edits, a new file). */
function exampleRepo(): string {
  const dir = path.join(temp(), 'repo');
  cpSync(path.join(root, 'fixtures', 'omni-gitops'), dir, { recursive: true });
  return dir;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : name.endsWith('.ts') ? st.mtimeMs : 0);
  }
  return newest;
}

beforeAll(() => {
  const built = path.join(root, 'dist', 'src', 'cli', 'main.js');
  const sources = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'rules')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  // Type errors elsewhere do not stop tsc from emitting; a missing emit fails the tests below.
  spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'ignore' });
  // bin/omni-lint.js runs the bundle only when it is newer than the modules: rebuild it too.
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
}, 180_000);

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The tree a lone --fix makes of the example repository. */
let fixedTree: Record<string, string> = {};
beforeAll(() => {
  const dir = exampleRepo();
  cli([dir, '--fix']);
  fixedTree = readTree(dir);
}, 180_000);

describe('the --fix lock', () => {
  it('lives in the git directory inside a work tree, else in the root; is exclusive; and is released', () => {
    const plain = temp();
    expect(lockPath(plain)).toBe(path.join(plain, '.omni-lint.lock'));
    const repo = temp();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'sub'));
    expect(lockPath(path.join(repo, 'sub'))).toBe(path.join(repo, '.git', 'omni-lint.lock'));
    const worktree = temp();
    writeFileSync(path.join(worktree, '.git'), `gitdir: ${path.join(repo, '.git', 'worktrees', 'w')}\n`);
    expect(lockPath(worktree)).toBe(path.join(repo, '.git', 'worktrees', 'w', 'omni-lint.lock'));

    const lock = acquireLock(plain);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(() => acquireLock(plain)).toThrow(LockError);
    expect(() => acquireLock(plain)).toThrow(new RegExp(`another omni-lint --fix is running on this repository \\(process ${process.pid} on `));
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    acquireLock(plain).release();
  });

  it('takes over a lock whose process is gone, and one left unreadable long ago, but not a fresh unreadable one or one from another host', () => {
    const dir = temp();
    const file = lockPath(dir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(file, JSON.stringify({ pid: dead, hostname: os.hostname(), started: '2020-01-01T00:00:00.000Z' }));
    acquireLock(dir).release();

    writeFileSync(file, '{"pid": 12');
    expect(() => acquireLock(dir)).toThrow(/a process that did not say which/);
    utimesSync(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    acquireLock(dir).release();

    writeFileSync(file, JSON.stringify({ pid: dead, hostname: 'build-agent-7', started: '2020-01-01T00:00:00.000Z' }));
    expect(() => acquireLock(dir)).toThrow(/process \d+ on build-agent-7/);
  });


  it('is never seen half-written: processes racing for it each get it whole or are told who holds it, and leave no file behind', async () => {
    const dir = temp();
    const lockModule = path.join(root, 'dist', 'src', 'fix', 'lock.js');
    // Each racer takes and releases the lock as fast as it can, and prints every refusal it meets.
    const racer = `
      const { acquireLock } = await import(${JSON.stringify(lockModule)});
      let held = 0; const refusals = [];
      for (let i = 0; i < 300; i++) {
        try { acquireLock(${JSON.stringify(dir)}).release(); held++; } catch (e) { refusals.push(e.message); }
      }
      process.stdout.write(JSON.stringify({ held, refusals }));`;
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', racer], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        return exited(child).then(({ code, stderr }) => ({ code, stderr, ...(JSON.parse(out || '{}') as { held?: number; refusals?: string[] }) }));
      }),
    );
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      // Refused only ever because a named process held it: never because the file named no one.
      for (const message of run.refusals ?? []) expect(message).toMatch(/another omni-lint --fix is running on this repository \(process \d+ on |other processes keep taking/);
    }
    expect(runs.reduce((n, r) => n + (r.held ?? 0), 0)).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
  it('makes a second omni-lint --fix on the same repository fail with exit 2, a clear message and no change, while the first completes', async () => {
    const dir = exampleRepo();
    const before = readTree(dir);
    const lock = lockPath(dir);
    const first = spawn(process.execPath, [bin, dir, '--fix', '--format', 'json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const firstDone = exited(first);
    // The lock file is created, then written: wait for its content too, or a pause between the two
    // (seen under load) leaves a lock that names no process, which the second run reports as such.
    await until('the first process to take the lock', () => {
      try {
        return typeof (JSON.parse(readFileSync(lock, 'utf8')) as { pid?: unknown }).pid === 'number';
      } catch {
        return false;
      }
    });
    // Hold the first one still while it holds the lock, so the second surely meets it.
    first.kill('SIGSTOP');
    expect(existsSync(lock), 'the first --fix finished before it could be paused').toBe(true);
    const second = cli([dir, '--fix']);
    first.kill('SIGCONT');
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `omni-lint: another omni-lint --fix is running on this repository (process ${first.pid} on ${os.hostname()}, since ${
        (JSON.parse(readFileSync(lock, 'utf8')) as { started: string }).started
      }; lock file ${lock}), so this one changed nothing. Wait for it to finish and run again; if no omni-lint is running, delete ${lock}\n`,
    );
    const result = await firstDone;
    expect(result.code, result.stderr).toBe(1);
    // The first one's fixes are all there, nothing of the second one is, and the lock is gone.
    expect(readTree(dir)).toEqual(fixedTree);
    expect(readTree(dir)).not.toEqual(before);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it('leaves the tree as it was or fully fixed, never in between, when --fix is interrupted (SIGINT, SIGTERM)', async () => {
    const original = readTree(exampleRepo());
    const outcomes = new Set<string>();
    for (const [signal, delay] of [['SIGINT', 0], ['SIGTERM', 300], ['SIGINT', 900]] as const) {
      const dir = exampleRepo();
      const child = spawn(process.execPath, [bin, dir, '--fix'], { stdio: ['ignore', 'ignore', 'pipe'] });
      const done = exited(child);
      await until('the lock', () => existsSync(lockPath(dir)) || child.exitCode !== null);
      await new Promise((r) => setTimeout(r, delay));
      child.kill(signal);
      const result = await done;
      // Killed while planning, the process leaves its lock behind: stale, since its pid is gone.
      const { '.omni-lint.lock': staleLock, ...tree } = readTree(dir);
      const state = JSON.stringify(tree) === JSON.stringify(original) ? 'as it was' : JSON.stringify(tree) === JSON.stringify(fixedTree) ? 'fixed' : 'in between';
      expect(state, `${signal} after ${delay} ms (${result.signal ?? result.code}): ${Object.keys(tree).filter((f) => /omni-lint-\d+\.(tmp|bak)$/.test(f)).join(', ')}`).not.toBe('in between');
      outcomes.add(state);
      if (staleLock !== undefined) expect(JSON.parse(staleLock)).toMatchObject({ pid: child.pid });
      // The next --fix takes the stale lock over and finishes the job.
      expect(cli([dir, '--fix']).code).toBe(1);
      expect(readTree(dir)).toEqual(fixedTree);
    }
    // Both outcomes are legitimate; which one happens depends on timing.
    expect(outcomes.size).toBeGreaterThan(0);
  }, 120_000);

  it('holds SIGINT and SIGTERM back while a commit writes, then ends the process as interrupted', () => {
    const dir = temp();
    const lockModule = path.join(root, 'dist', 'src', 'fix', 'lock.js');
    for (const signal of ['SIGINT', 'SIGTERM']) {
      const out = path.join(dir, `${signal}.txt`);
      const script = `
        const { writeFileSync } = await import('node:fs');
        const { withSignalsHeld } = await import(${JSON.stringify(lockModule)});
        withSignalsHeld(() => {
          writeFileSync(${JSON.stringify(out)}, 'first half;');
          process.kill(process.pid, '${signal}');
          const until = Date.now() + 200;
          while (Date.now() < until);
          writeFileSync(${JSON.stringify(out)}, 'first half;second half', { flag: 'w' });
        });
        // Stay alive long enough for the held signal to arrive.
        setTimeout(() => {}, 2000);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(readFileSync(out, 'utf8')).toBe('first half;second half');
      expect(r.signal).toBe(signal);
      expect(r.stderr).toBe(`omni-lint: ${signal} came while --fix was writing; it finished writing first.\n`);
    }
  });
});
