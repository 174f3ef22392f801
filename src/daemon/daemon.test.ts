// Runs the built CLI (bin/omni-lint.js) with --daemon, as a pre-commit hook or an editor would:
// each test gets its own socket folder (OMNI_LINT_DAEMON_DIR), hence its own server.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../dev/gen.js';

const ROOT = projectRoot();
const BIN = path.join(ROOT, 'bin', 'omni-lint.js');
const EXAMPLE = path.join(ROOT, 'fixtures', 'omni-gitops');
const built = existsSync(path.join(ROOT, 'dist', 'src', 'daemon', 'client.js'));
if (!built) console.log('daemon.test.ts: dist/ is not built (npm run build), so the daemon tests are skipped.');
const posix = process.platform !== 'win32';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) {
    omni(dir, ['daemon', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A private socket folder for one test's server. */
function socketDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-'));
  dirs.push(dir);
  return dir;
}

function omni(dir: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const { NODE_OPTIONS: _, OMNI_LINT_DAEMON: __, ...env } = process.env;
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...env, NO_COLOR: '1', OMNI_LINT_DAEMON_DIR: dir, OMNI_LINT_DAEMON_IDLE_MINUTES: '2', ...options.env },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function pidOf(dir: string): number | undefined {
  const m = /\(pid (\d+),/.exec(omni(dir, ['daemon', 'status']).stdout);
  return m ? Number(m[1]) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!built || !posix)('omni-lint --daemon', () => {
  it('prints what a run without it prints, with its exit code, and serves later runs from one server', () => {
    const dir = socketDir();
    const plain = omni(dir, [EXAMPLE]);
    expect(plain.status).toBe(1);
    expect(omni(dir, ['daemon', 'status']).status).toBe(1); // nothing started it yet
    for (const args of [[EXAMPLE, '--daemon'], ['--daemon', EXAMPLE], [EXAMPLE, '--daemon']]) {
      const run = omni(dir, args);
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual(plain);
    }
    const withEnv = omni(dir, [EXAMPLE], { env: { OMNI_LINT_DAEMON: '1' } });
    expect(withEnv.stdout).toBe(plain.stdout);
    const status = omni(dir, ['daemon', 'status']);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/running \(pid \d+, node v\d+[^,]*, up \d+ min, 4 runs, \d+ warm-ups?, \d+ MiB; exits after 2 min without a run\)/);
    expect(status.stdout).toContain(`parses kept for: ${EXAMPLE}`);
    // A usage error and --version answer as they would alone.
    expect(omni(dir, ['--daemon', '--no-such-option'])).toMatchObject({ status: 2, stderr: omni(dir, ['--no-such-option']).stderr });
  });

  it('runs in the client’s folder with the client’s environment, and sees every edit', () => {
    const dir = socketDir();
    const repo = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-repo-'));
    dirs.push(repo);
    cpSync(EXAMPLE, repo, { recursive: true });
    const here = (args: string[], env: Record<string, string> = {}) => omni(dir, ['--daemon', ...args], { cwd: repo, env });
    const first = here(['--format', 'json']);
    const count = (JSON.parse(first.stdout) as { findings: unknown[] }).findings.length;
    // TIMING is read from the client's environment, and `.` is the client's folder.
    expect(here(['.', '--format', 'json'], { TIMING: '1' }).stderr).toMatch(/^Phases: load .* whole lint/m);
    writeFileSync(path.join(repo, 'apps', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n');
    const broken = here(['--format', 'json']);
    expect((JSON.parse(broken.stdout) as { findings: { ruleId: string; file: string }[] }).findings).toContainEqual(
      expect.objectContaining({ ruleId: 'yaml-syntax', file: 'apps/broken.yaml' }),
    );
    rmSync(path.join(repo, 'apps', 'broken.yaml'));
    expect((JSON.parse(here(['--format', 'json']).stdout) as { findings: unknown[] }).findings).toHaveLength(count);
    // --output-file is relative to the client's folder too.
    expect(here(['--format', 'json', '--output-file', 'report.json']).stdout).toBe('');
    expect(existsSync(path.join(repo, 'report.json'))).toBe(true);
  });

  it('replaces a server that was killed, and stop stops it', async () => {
    const dir = socketDir();
    expect(omni(dir, ['daemon', 'start']).stdout).toMatch(/^omni-lint daemon: running/);
    const pid = pidOf(dir)!;
    process.kill(pid, 'SIGKILL');
    await sleep(200);
    // Its socket file is still there; nothing answers on it.
    expect(readdirSync(dir).some((f) => f.endsWith('.sock'))).toBe(true);
    const run = omni(dir, ['--daemon', EXAMPLE]);
    expect(run.stdout).toBe(omni(dir, [EXAMPLE]).stdout);
    const next = pidOf(dir)!;
    expect(next).not.toBe(pid);
    expect(omni(dir, ['daemon', 'stop']).stdout).toBe(`omni-lint daemon: stopped (pid ${next}).\n`);
    expect(omni(dir, ['daemon', 'status'])).toMatchObject({ status: 1, stdout: expect.stringContaining('not running') });
    expect(omni(dir, ['daemon', 'stop']).stdout).toBe('omni-lint daemon: not running.\n');
  });

  it('lints in its own process when the server dies before answering', async () => {
    const dir = socketDir();
    omni(dir, ['daemon', 'start']);
    const socket = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.sock'))!);
    omni(dir, ['daemon', 'stop']);
    // Something that accepts the connection and drops it, as a server that crashed mid-run does.
    const fake = net.createServer((conn) => conn.destroy());
    await new Promise<void>((resolve) => fake.listen(socket, resolve));
    try {
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // Asynchronously: the fake server answers on this process's event loop.
        import('node:child_process').then(({ execFile }) => {
          const { NODE_OPTIONS: _, ...env } = process.env;
          execFile(process.execPath, [BIN, '--daemon', EXAMPLE], { env: { ...env, NO_COLOR: '1', OMNI_LINT_DAEMON_DIR: dir } }, (error, stdout, stderr) =>
            resolve({ status: error ? (error.code as number) : 0, stdout, stderr }),
          );
        });
      });
      expect(run.stderr).toBe('omni-lint: the daemon stopped before answering; linting in this process.\n');
      expect(run.status).toBe(1);
      expect(run.stdout).toBe(omni(dir, [EXAMPLE]).stdout);
    } finally {
      fake.close();
    }
  });

  it('refuses a socket folder that other users can enter, and lints in its own process', () => {
    const dir = socketDir();
    chmodSync(dir, 0o777);
    const run = omni(dir, ['--daemon', EXAMPLE]);
    expect(run.stderr).toBe(`omni-lint: the daemon cannot be used (${dir} can be entered by other users (mode 777); make it 700); linting in this process.\n`);
    expect(run.stdout).toBe(omni(dir, [EXAMPLE]).stdout);
    expect(readdirSync(dir)).toEqual([]);
    // Any command falls back the same way, `graph` included (whose options do not include --daemon).
    const graph = omni(dir, ['graph', '--daemon', EXAMPLE]);
    expect(graph.stdout).toBe(omni(dir, ['graph', EXAMPLE]).stdout);
    expect(graph.status).toBe(0);
    expect(omni(dir, ['daemon', 'status'])).toMatchObject({ status: 2, stderr: expect.stringContaining('can be entered by other users') });
  });

  it('exits on its own after its idle time', async () => {
    const dir = socketDir();
    omni(dir, ['--daemon', EXAMPLE], { env: { OMNI_LINT_DAEMON_IDLE_MINUTES: '0.01' } });
    const pid = pidOf(dir);
    expect(pid).toBeDefined();
    for (let waited = 0; waited < 10_000 && pidOf(dir) !== undefined; waited += 250) await sleep(250);
    expect(omni(dir, ['daemon', 'status']).status).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.sock'))).toEqual([]);
  });

  it('repeats a read-only run to warm up while idle, never one that writes', async () => {
    const dir = socketDir();
    const repo = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-daemon-warm-'));
    dirs.push(repo);
    cpSync(EXAMPLE, repo, { recursive: true });
    const warmUps = () => Number(/, (\d+) warm-ups?,/.exec(omni(dir, ['daemon', 'status']).stdout)?.[1]);
    // --fix writes; a repeat would be a second --fix. --output-file writes too.
    omni(dir, ['--daemon', repo, '--fix', '--allow-dirty']);
    omni(dir, ['--daemon', repo, '--output-file', path.join(repo, 'out.txt')]);
    await sleep(1500);
    expect(warmUps()).toBe(0);
    const files = readdirSync(repo, { recursive: true }).length;
    omni(dir, ['--daemon', repo, '--format', 'json']);
    for (let waited = 0; waited < 10_000 && warmUps() < 3; waited += 250) await sleep(250);
    expect(warmUps()).toBe(3);
    expect(readdirSync(repo, { recursive: true })).toHaveLength(files);
  });

  it('explains its commands', () => {
    const dir = socketDir();
    expect(omni(dir, ['daemon', '--help']).stdout).toMatch(/^Usage: omni-lint daemon start\|stop\|restart\|status/);
    expect(omni(dir, ['daemon', 'launch'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown daemon command "launch"') });
  });
});
