import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { YamlFile } from './types.js';

/**
 * Reads and parses YAML files on worker threads while the caller stays synchronous: loadRepo, and
 * everything above it, never becomes async. The main thread takes its share of the work and blocks
 * on Atomics.wait only when nothing is left for it to claim.
 *
 * Work is claimed in batches from a shared counter rather than split up front: a worker that starts
 * late (each one loads its modules and warms its own JIT) or never starts just claims less, and the
 * main thread picks up the rest, so a failed worker costs nothing but its startup.
 */

/** One file to read and parse. */
export interface ParseJob {
  path: string;
  /** Under a Helm chart's templates/: read as text, never parsed. */
  chartTemplate: boolean;
}

/** What a worker needs to read a file exactly as the main thread would. */
export interface ParseSettings {
  root: string;
  maxBytes: number;
  maxDocs: number;
}

export type ReadFile = (job: ParseJob) => YamlFile;

/**
 * Below this many YAML files, 'auto' parses on the main thread: a worker's startup, its own JIT
 * warm-up and copying its results back cost more than it saves. Measured on 2 cores: see the
 * commit that added it.
 */
export const AUTO_WORKER_THRESHOLD = 20_000;

/**
 * How many worker threads to start for `files` YAML files. A number is used whatever the size (0 is
 * off), 'auto' only from AUTO_WORKER_THRESHOLD on; never more than one per spare core, but at least
 * one when asked, so that even a one-core machine can be made to run (and test) the worker path.
 */
export function workersFor(setting: number | 'auto', files: number): number {
  const spare = Math.max(1, os.availableParallelism() - 1);
  if (setting === 'auto') return files >= AUTO_WORKER_THRESHOLD ? spare : 0;
  return Math.min(Math.max(0, Math.floor(setting)), spare);
}

/**
 * Most files per claim: small enough to balance the threads, large enough that messages cost little.
 * A small tree is cut finer, so that every thread gets a share.
 */
const MAX_BATCH = 128;
/** How long the main thread sleeps between looks at its ports; it is woken early by every batch. */
const WAIT_MS = 50;
/**
 * With nothing left to claim, the main thread waits this long for a batch before parsing what is
 * still missing itself: a worker that crashed is never reported to a thread blocked in Atomics.wait.
 * A worker still busy with a huge file only costs a duplicate parse, never a wrong result.
 */
const STALL_MS = 3_000;

/** Int32 slots shared with the workers. */
export const NEXT = 0; // index of the next unclaimed job
export const POSTED = 1; // batches posted back, bumped (and notified) after each post

/** What a worker posts back: the results of the batch from `start` on, or why it could not read them. */
export interface BatchResult {
  start: number;
  files?: YamlFile[];
  error?: string;
}

/** Data a worker starts with. */
export interface WorkerInput {
  settings: ParseSettings;
  jobs: ParseJob[];
  state: SharedArrayBuffer;
  port: MessagePort;
  batch: number;
}

/** Overridable by tests, which run TypeScript sources that have no parse-worker.js beside them. */
export const workerScript: { url: URL } = { url: new URL('./parse-worker.js', import.meta.url) };

/** What the last parseAll did, for tests: a worker path that silently fell back would pass them all. */
export const lastRun = { workers: 0, fromWorkers: 0, stalled: false };

/**
 * Reads every job, in order, with `workers` worker threads besides the main thread; `readFile` is the
 * main thread's way to read one (the same function the workers call). `onProgress` gets how many are done.
 */
export function parseAll(jobs: ParseJob[], settings: ParseSettings, workers: number, readFile: ReadFile, onProgress?: (done: number) => void): YamlFile[] {
  const results: (YamlFile | undefined)[] = new Array(jobs.length);
  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const batch = Math.min(MAX_BATCH, Math.max(1, Math.ceil(jobs.length / ((workers + 1) * 8))));
  const started = startWorkers(workers, { settings, jobs, state: state.buffer as SharedArrayBuffer, batch });
  Object.assign(lastRun, { workers: started.length, fromWorkers: 0, stalled: false });
  let done = 0;
  /** Reads, on this thread, whatever of the batch from `start` no one has read yet. */
  const readHere = (start: number): void => {
    for (let i = start; i < Math.min(start + batch, jobs.length); i++) {
      if (results[i] !== undefined) continue;
      results[i] = readFile(jobs[i]!);
      done++;
    }
  };
  const drain = (): void => {
    for (const { port } of started) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const result = m.message as BatchResult;
        if (result.files === undefined) {
          // The worker could not read this batch (it says why in `error`): the main thread does.
          readHere(result.start);
          continue;
        }
        result.files.forEach((f, i) => {
          if (results[result.start + i] !== undefined) return;
          results[result.start + i] = f;
          done++;
          lastRun.fromWorkers++;
        });
      }
    }
  };
  try {
    let idleSince = Date.now();
    while (done < jobs.length) {
      const posted = Atomics.load(state, POSTED);
      drain();
      const start = Atomics.load(state, NEXT) < jobs.length ? Atomics.add(state, NEXT, batch) : jobs.length;
      if (start < jobs.length) {
        readHere(start);
        onProgress?.(done);
        idleSince = Date.now();
        continue;
      }
      if (done === jobs.length) break;
      // Everything is claimed: wait for the workers, then read what they still owe.
      if (Atomics.wait(state, POSTED, posted, WAIT_MS) !== 'timed-out') idleSince = Date.now();
      else if (Date.now() - idleSince > STALL_MS) {
        drain();
        lastRun.stalled = true;
        break;
      }
      onProgress?.(done);
    }
  } finally {
    for (const w of started) {
      w.port.close();
      void w.worker.terminate();
    }
  }
  for (let i = 0; i < jobs.length; i++) results[i] ??= readFile(jobs[i]!);
  onProgress?.(jobs.length);
  return results as YamlFile[];
}

function startWorkers(n: number, input: Omit<WorkerInput, 'port'>): { worker: Worker; port: MessagePort }[] {
  const started: { worker: Worker; port: MessagePort }[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const { port1, port2 } = new MessageChannel();
      const workerData: WorkerInput = { ...input, port: port2 };
      const worker = new Worker(workerScript.url, { workerData, transferList: [port2] });
      // A worker that fails to load reports it as an 'error' event, which would otherwise crash the
      // process; it has then claimed nothing, and the main thread reads its share.
      worker.on('error', () => {});
      // Never keeps the process alive, even if terminate() is slow to land.
      worker.unref();
      started.push({ worker, port: port1 });
    } catch {
      break;
    }
  }
  return started;
}
