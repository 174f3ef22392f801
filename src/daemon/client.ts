import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Io } from '../cli/main.js';
import { DEFAULT_IDLE_MINUTES, encode, LineReader, PROTOCOL_VERSION, type Reply, type Request, type ServerStatus } from './protocol.js';
import { daemonPlace, DaemonUnavailable, type DaemonPlace } from './socket-path.js';

/**
 * The client side of `--daemon`: small on purpose (no YAML, no rules; main.ts is imported for its
 * types only), so that a run costs node's startup, one local connection and the server's work.
 */
export type ClientIo = Required<Io>;

/** How to start a server: the bin to run, and the file whose build the server runs (the CLI bundle). */
export interface Launch {
  bin: string;
  entry: string;
}

/** How long a new server may take to listen: loading the CLI takes a tenth of a second. */
const START_TIMEOUT_MS = 10_000;

export const DAEMON_HELP = `Usage: omni-lint daemon start|stop|restart|status

omni-lint --daemon [options] [path] runs a lint through a resident server, started on first use:
the server keeps the compiled code warm and the parses of files whose bytes did not change, so
repeated runs (pre-commit hooks, editors, watch scripts) skip node's warm-up and the parsing. Each
run still reads every file and gives exactly the output and exit code of a run without it.
OMNI_LINT_DAEMON=1 does the same as --daemon.

  start     Start the server for this omni-lint and node, if it is not running
  stop      Stop it
  restart   Stop it and start a new one
  status    Say whether it runs, since when, how many runs, its memory (exit 1: not running)

The server exits after ${DEFAULT_IDLE_MINUTES} minutes without a run (OMNI_LINT_DAEMON_IDLE_MINUTES), and a rebuilt or
upgraded omni-lint starts its own. Its socket is in a folder only you can enter (OMNI_LINT_DAEMON_DIR,
else omni-lint-UID in the temp folder); its log is beside it.
`;

/**
 * Runs one lint through the server, starting it when none runs. Undefined when the daemon cannot
 * be used here (the reason is written to standard error): the caller then lints in its own process.
 */
export async function runThroughDaemon(argv: string[], io: ClientIo, launch: Launch): Promise<number | undefined> {
  let place: DaemonPlace;
  let conn: net.Socket;
  try {
    place = daemonPlace(launch.entry, io.env);
    conn = await ensureServer(place, launch, io.env);
  } catch (e) {
    if (!(e instanceof DaemonUnavailable)) throw e;
    io.stderr(`omni-lint: the daemon cannot be used (${e.message}); linting in this process.\n`);
    return undefined;
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(io.env)) if (v !== undefined) env[k] = v;
  return new Promise((resolve) => {
    let wrote = false;
    let done = false;
    const finish = (code: number | undefined): void => {
      if (done) return;
      done = true;
      conn.destroy();
      resolve(code);
    };
    const reader = new LineReader<Reply>((reply) => {
      if (reply.type === 'stdout' || reply.type === 'stderr') {
        wrote = true;
        io[reply.type](reply.text);
      } else if (reply.type === 'exit') finish(reply.code);
      else if (reply.type === 'refused') {
        io.stderr(`omni-lint: the daemon refused the run (${reply.reason}); linting in this process.\n`);
        finish(undefined);
      }
    });
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => reader.push(chunk));
    const lost = (): void => {
      if (done) return;
      // The server died mid-run (killed, out of memory). Nothing written yet: run here instead.
      if (!wrote) io.stderr('omni-lint: the daemon stopped before answering; linting in this process.\n');
      else io.stderr('omni-lint: the daemon stopped while answering; the report above is incomplete.\n');
      finish(wrote ? 2 : undefined);
    };
    conn.on('close', lost);
    conn.on('error', lost);
    conn.write(encode({ v: PROTOCOL_VERSION, type: 'run', argv, cwd: io.cwd, env, isTty: io.isTty, stderrIsTty: io.stderrIsTty }));
  });
}

/** `omni-lint daemon start|stop|restart|status`. */
export async function daemonCommand(args: string[], io: ClientIo, launch: Launch): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(DAEMON_HELP);
    return command === undefined ? 2 : 0;
  }
  if (rest.length > 0 || !['start', 'stop', 'restart', 'status'].includes(command)) {
    io.stderr(`omni-lint: unknown daemon command "${args.join(' ')}". Use start, stop, restart or status.\n`);
    return 2;
  }
  let place: DaemonPlace;
  try {
    place = daemonPlace(launch.entry, io.env);
  } catch (e) {
    if (!(e instanceof DaemonUnavailable)) throw e;
    io.stderr(`omni-lint: the daemon cannot be used here: ${e.message}.\n`);
    return 2;
  }
  if (command === 'stop' || command === 'restart') {
    const stopped = await stop(place);
    if (command === 'stop') {
      io.stdout(stopped ? `omni-lint daemon: stopped (pid ${stopped.pid}).\n` : 'omni-lint daemon: not running.\n');
      return 0;
    }
  }
  if (command === 'start' || command === 'restart') {
    try {
      (await ensureServer(place, launch, io.env)).destroy();
    } catch (e) {
      if (!(e instanceof DaemonUnavailable)) throw e;
      io.stderr(`omni-lint: the daemon did not start: ${e.message}.\n`);
      return 2;
    }
  }
  const status = await ask(place, 'status');
  if (status?.type !== 'status') {
    io.stdout('omni-lint daemon: not running. `omni-lint --daemon` starts it.\n');
    return 1;
  }
  io.stdout(describe(status.status, place));
  return 0;
}

function describe(s: ServerStatus, place: DaemonPlace): string {
  const minutes = Math.round((Date.now() - Date.parse(s.startedAt)) / 60_000);
  const lines = [
    `omni-lint daemon: running (pid ${s.pid}, node ${s.node}, up ${minutes} min, ${s.runs} run${s.runs === 1 ? '' : 's'}, ${s.warmUps} warm-up${s.warmUps === 1 ? '' : 's'}, ${s.rssMiB} MiB; exits after ${s.idleExitMinutes} min without a run)`,
    `  socket: ${place.socket}`,
  ];
  if (place.dir) lines.push(`  log: ${logFile(place)}`);
  if (s.roots.length > 0) lines.push(`  parses kept for: ${s.roots.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Sends a control request; undefined when no server answers. */
async function ask(place: DaemonPlace, type: 'status' | 'stop'): Promise<Reply | undefined> {
  const conn = await connect(place.socket);
  if (!conn) return undefined;
  return new Promise((resolve) => {
    conn.setEncoding('utf8');
    const reader = new LineReader<Reply>((reply) => {
      conn.destroy();
      resolve(reply);
    });
    conn.on('data', (chunk: string) => reader.push(chunk));
    conn.on('close', () => resolve(undefined));
    conn.on('error', () => resolve(undefined));
    conn.write(encode({ v: PROTOCOL_VERSION, type } satisfies Request));
  });
}

/** Stops the server and waits until it no longer listens; its status when one was running. */
async function stop(place: DaemonPlace): Promise<ServerStatus | undefined> {
  const status = await ask(place, 'status');
  if (status?.type !== 'status') return undefined;
  await ask(place, 'stop');
  for (let waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
    const conn = await connect(place.socket);
    if (!conn) break;
    conn.destroy();
    await sleep(20);
  }
  return status.status;
}

/** A connection to a running server, starting one first when none answers. */
async function ensureServer(place: DaemonPlace, launch: Launch, env: NodeJS.ProcessEnv): Promise<net.Socket> {
  const live = await connect(place.socket);
  if (live) return live;
  startServer(place, launch, env);
  for (let waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
    await sleep(20);
    const conn = await connect(place.socket);
    if (conn) return conn;
  }
  throw new DaemonUnavailable(`the server did not start within ${START_TIMEOUT_MS / 1000} s${place.dir ? `; see ${logFile(place)}` : ''}`);
}

function startServer(place: DaemonPlace, launch: Launch, env: NodeJS.ProcessEnv): void {
  const log = place.dir ? openSync(logFile(place), 'a', 0o600) : 'ignore';
  try {
    const child = spawn(process.execPath, [...serverFlags(), launch.bin, 'daemon', 'serve', '--socket', place.socket, '--build', place.build], {
      detached: true,
      stdio: ['ignore', log, log],
      cwd: place.dir ?? os.tmpdir(),
      env,
      windowsHide: true,
    });
    child.on('error', () => undefined); // reported as a start timeout
    child.unref();
  } finally {
    if (typeof log === 'number') closeSync(log);
  }
}

/**
 * A server keeps the last run's garbage until the next collection. Node 22 and later size the young
 * generation by the heap, and a smaller one keeps that in check: after six runs on 10k files, Node
 * 24's server held 265-375 MiB instead of 480, and at 50k 1.1 GiB instead of 1.4, no slower. Node
 * 20's default is already small: halving it there made runs slower (10k files, median of 15 runs
 * 0.64 s against 0.57 s) for 280 against 220-330 MiB.
 */
function serverFlags(): string[] {
  return Number(process.versions.node.split('.')[0]) >= 22 ? ['--max-semi-space-size=8'] : [];
}

function logFile(place: DaemonPlace): string {
  return path.join(place.dir ?? os.tmpdir(), `${place.build}.log`);
}

/** A connection, or undefined when nothing listens there (no socket file, or a dead server's). */
function connect(socket: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const conn = net.connect(socket);
    conn.once('connect', () => {
      conn.removeAllListeners('error');
      resolve(conn);
    });
    conn.once('error', () => resolve(undefined));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
