import { rmSync } from 'node:fs';
import net from 'node:net';
import { runCli, type Io, type Resident } from '../cli/main.js';
import type { SchemaRegistry } from '../schemas/registry.js';
import { DaemonParseMemory } from './parse-memory.js';
import { DEFAULT_IDLE_MINUTES, encode, LineReader, PROTOCOL_VERSION, type Reply, type Request, type RunRequest, type ServerStatus } from './protocol.js';

export interface ServeOptions {
  socket: string;
  build: string;
  /** Minutes without a request after which the server exits and frees its memory. */
  idleMinutes: number;
  /** Called once the server listens (tests); a server started by a client has nobody to tell. */
  onListening?: () => void;
}

/**
 * V8 needs a few runs to optimise the code a lint runs (10k files: 1.3 s, then 0.8, 0.6, 0.5 s). A
 * new server repeats its first read-only run this many times, output discarded, once it has been
 * idle for WARM_UP_DELAY_MS: in the pause between two commits or saves, not on a caller's time.
 */
const WARM_UP_RUNS = 3;
const WARM_UP_DELAY_MS = 500;
/** Options after which a run writes files: never repeated for warm-up. */
const WRITES = new Set(['--fix', '--output-file', '-o', '--cache', '--cache-location']);
/** Past this much memory the server exits after answering; the next run starts a fresh one. */
const MAX_RSS = 2 * 1024 ** 3;

/**
 * The resident server: runs the CLI for each client, one run at a time (a run is synchronous, so
 * runs queue on their own), keeping the compiled code warm and the parses of unchanged files. A
 * run sees the client's folder and environment, and gets exactly the output and exit code the
 * client would have produced alone.
 */
export function serveDaemon(options: ServeOptions): Promise<void> {
  const parses = new DaemonParseMemory();
  const resident: Resident = { parses, schemas: new Map<string, SchemaRegistry>() };
  const started = new Date();
  const ownEnv = { ...process.env };
  let runs = 0;
  let warmUps = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let warmUpTimer: NodeJS.Timeout | undefined;

  return new Promise((resolve, reject) => {
    const server = net.createServer((conn) => {
      conn.setEncoding('utf8');
      conn.on('error', () => conn.destroy()); // a client that went away mid-answer
      let answered = false;
      const reader = new LineReader<Request>((request) => {
        if (answered) return;
        answered = true;
        answer(conn, request);
      });
      conn.on('data', (chunk: string) => {
        try {
          reader.push(chunk);
        } catch {
          conn.end(encode({ type: 'refused', reason: 'unreadable request' }));
        }
      });
    });

    const shutdown = (): void => {
      clearTimeout(idleTimer);
      clearTimeout(warmUpTimer);
      server.close(() => resolve());
      // Active connections keep close() waiting; they have been answered by then.
      server.unref();
    };
    const armIdle = (): void => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(shutdown, options.idleMinutes * 60_000);
      idleTimer.unref();
    };

    function answer(conn: net.Socket, request: Request): void {
      const send = (reply: Reply): void => {
        if (!conn.destroyed) conn.write(encode(reply));
      };
      if (request.v !== PROTOCOL_VERSION) {
        conn.end(encode({ type: 'refused', reason: `protocol ${String(request.v)}, this server speaks ${PROTOCOL_VERSION}` }));
        return;
      }
      if (request.type !== 'run') {
        if (request.type === 'status') conn.end(encode({ type: 'status', status: status() }));
        else {
          conn.end(encode({ type: 'stopping' }));
          shutdown();
        }
        return;
      }
      clearTimeout(warmUpTimer);
      const code = run(request, send);
      runs++;
      conn.end(encode({ type: 'exit', code }));
      if (process.memoryUsage.rss() > MAX_RSS) shutdown();
      else {
        armIdle();
        scheduleWarmUp(request);
      }
    }

    function scheduleWarmUp(request: RunRequest): void {
      const readOnly = request.argv[0] !== 'graph' && !request.argv.some((a) => WRITES.has(a.split('=')[0]!));
      if (warmUps >= WARM_UP_RUNS || !readOnly) return;
      warmUpTimer = setTimeout(() => {
        warmUps++;
        run(request, () => undefined);
        scheduleWarmUp(request);
      }, WARM_UP_DELAY_MS);
      warmUpTimer.unref();
    }

    function run(request: RunRequest, send: (reply: Reply) => void): number {
      const io: Io = {
        stdout: (text) => send({ type: 'stdout', text }),
        stderr: (text) => send({ type: 'stderr', text }),
        cwd: request.cwd,
        env: request.env,
        isTty: request.isTty,
        // Output reaches the client only after the run: a progress line would arrive all at once.
        stderrIsTty: false,
      };
      try {
        // The client's folder and environment, for the code that reads them directly (git, workers).
        process.chdir(request.cwd);
        replaceEnv(request.env);
        return runCli(request.argv, io, resident);
      } catch (e) {
        io.stderr(`omni-lint: ${(e as Error).message}\n`);
        return 2;
      } finally {
        replaceEnv(ownEnv);
      }
    }

    function status(): ServerStatus {
      return {
        pid: process.pid,
        node: process.version,
        build: options.build,
        startedAt: started.toISOString(),
        runs,
        warmUps,
        roots: parses.roots(),
        rssMiB: Math.round(process.memoryUsage.rss() / 1024 ** 2),
        idleExitMinutes: options.idleMinutes,
      };
    }

    server.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE') return reject(e);
      // A socket file is there: a live server (another client started it first) or a dead one's.
      const probe = net.connect(options.socket);
      probe.on('connect', () => {
        probe.destroy();
        resolve(); // someone else serves this build
      });
      probe.on('error', () => {
        if (process.platform !== 'win32') rmSync(options.socket, { force: true });
        server.listen(options.socket);
      });
    });
    server.on('listening', () => {
      armIdle();
      options.onListening?.();
    });
    server.listen(options.socket);
  });
}

function replaceEnv(env: Record<string, string | undefined>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}

/** `omni-lint daemon serve --socket PATH --build ID`, as a client starts it (runs in the foreground). */
export function serveDaemonCli(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const socket = value('--socket');
  if (!socket) throw new Error('omni-lint daemon serve needs --socket PATH');
  const idle = Number(env.OMNI_LINT_DAEMON_IDLE_MINUTES);
  return serveDaemon({ socket, build: value('--build') ?? 'unknown', idleMinutes: idle > 0 ? idle : DEFAULT_IDLE_MINUTES });
}
