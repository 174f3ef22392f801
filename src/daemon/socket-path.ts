import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROTOCOL_VERSION } from './protocol.js';

/** Why the daemon cannot be used here; the client then lints in its own process. */
export class DaemonUnavailable extends Error {}

export interface DaemonPlace {
  /** What the client connects to: a Unix socket file, or a Windows named pipe. */
  socket: string;
  /** The folder holding the socket (POSIX), private to this user. */
  dir?: string;
  build: string;
}

/**
 * One server per user, per omni-lint build and per node binary: a rebuilt or upgraded omni-lint (or
 * another node) gets its own server rather than talking to one that runs old code, and the old one
 * ends on its idle timer. `entry` is the file the server runs (the CLI bundle).
 */
export function buildId(entry: string): string {
  let stamp = 'missing';
  try {
    const st = statSync(entry);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    // an entry we cannot stat still gets a stable id; the server will fail to start and the client falls back
  }
  return createHash('sha1').update(JSON.stringify([PROTOCOL_VERSION, entry, stamp, process.execPath, process.version])).digest('hex').slice(0, 16);
}

/**
 * Where the server for this build listens. On POSIX a socket in a folder only this user can enter,
 * which is what keeps other users out (connecting needs search permission on the folder):
 * OMNI_LINT_DAEMON_DIR, or omni-lint-UID under the temp folder. A folder that exists but is not
 * ours, or that others can enter, is refused rather than trusted.
 */
export function daemonPlace(entry: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DaemonPlace {
  const build = buildId(entry);
  if (platform === 'win32') {
    const user = createHash('sha1').update(`${os.userInfo().username}:${env.OMNI_LINT_DAEMON_DIR ?? ''}`).digest('hex').slice(0, 12);
    return { socket: `\\\\.\\pipe\\omni-lint-${user}-${build}`, build };
  }
  const uid = process.getuid?.() ?? 0;
  const dir = env.OMNI_LINT_DAEMON_DIR?.trim() ? path.resolve(env.OMNI_LINT_DAEMON_DIR) : path.join(os.tmpdir(), `omni-lint-${uid}`);
  privateDir(dir, uid);
  return { socket: path.join(dir, `${build}.sock`), dir, build };
}

function privateDir(dir: string, uid: number): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new DaemonUnavailable(`cannot create ${dir}: ${(e as Error).message}`);
  }
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new DaemonUnavailable(`${dir} is not a folder`);
  if (st.uid !== uid) throw new DaemonUnavailable(`${dir} belongs to another user (uid ${st.uid})`);
  if ((st.mode & 0o077) !== 0) throw new DaemonUnavailable(`${dir} can be entered by other users (mode ${(st.mode & 0o777).toString(8)}); make it 700`);
}
