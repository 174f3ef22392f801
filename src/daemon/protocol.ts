/**
 * What the omni-lint client and its resident server say to each other over a local socket: one JSON
 * object per line, each way. Kept to plain data so that either side can be any later build's: a
 * server answers only requests of its own protocol version, and a client that meets another simply
 * starts its own server (the socket's name holds the build, see socket-path.ts).
 */
export const PROTOCOL_VERSION = 1;

/** Minutes without a run after which a server exits (OMNI_LINT_DAEMON_IDLE_MINUTES sets another). */
export const DEFAULT_IDLE_MINUTES = 15;

/** A lint run, as the command line would have run it: its arguments and its surroundings. */
export interface RunRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'run';
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  isTty: boolean;
  stderrIsTty: boolean;
}

export interface ControlRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'status' | 'stop';
}

export type Request = RunRequest | ControlRequest;

export interface ServerStatus {
  pid: number;
  node: string;
  build: string;
  startedAt: string;
  runs: number;
  /** Repeats of a run it made on its own to warm up (src/daemon/server.ts). */
  warmUps: number;
  /** Repositories whose parses it keeps, most recent first. */
  roots: string[];
  rssMiB: number;
  idleExitMinutes: number;
}

/** Output as the run writes it, then its exit code; or a control request's answer. */
export type Reply =
  | { type: 'stdout'; text: string }
  | { type: 'stderr'; text: string }
  | { type: 'exit'; code: number }
  | { type: 'status'; status: ServerStatus }
  | { type: 'stopping' }
  | { type: 'refused'; reason: string };

export function encode(message: Request | Reply): string {
  return `${JSON.stringify(message)}\n`;
}

/**
 * Splits a byte stream into the JSON messages it carries. Chunks may end mid-line (and mid
 * character: the caller sets the stream's encoding to utf8, which holds a split character back).
 */
export class LineReader<T> {
  private pending = '';

  constructor(private readonly onMessage: (message: T) => void) {}

  push(chunk: string): void {
    this.pending += chunk;
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      if (line.trim() !== '') this.onMessage(JSON.parse(line) as T);
    }
  }
}
