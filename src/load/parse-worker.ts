/**
 * A parse-pool worker: claims batches of files from the shared counter, reads each with the same
 * function the main thread uses, and posts the plain results back. Runs to the end synchronously and
 * exits; the main thread never has to tell it to stop.
 */
import { workerData } from 'node:worker_threads';
import { readYamlFile } from './load-repo.js';
import { NEXT, POSTED, type BatchResult, type WorkerInput } from './parse-pool.js';

const { settings, jobs, state: buffer, port, batch } = workerData as WorkerInput;
const state = new Int32Array(buffer);
const { root, maxBytes, maxDocs } = settings;

for (let start = Atomics.add(state, NEXT, batch); start < jobs.length; start = Atomics.add(state, NEXT, batch)) {
  let result: BatchResult;
  try {
    const files = jobs.slice(start, start + batch).map((j) => readYamlFile(root, j.path, maxBytes, maxDocs, j.chartTemplate));
    result = { start, files };
  } catch (e) {
    result = { start, error: String((e as Error)?.message ?? e) };
  }
  try {
    port.postMessage(result);
  } catch (e) {
    // Not clonable (it should always be): the main thread reads this batch itself.
    port.postMessage({ start, error: String((e as Error)?.message ?? e) } satisfies BatchResult);
  }
  // Posted before counted, so a main thread woken by the count finds the batch on its port.
  Atomics.add(state, POSTED, 1);
  Atomics.notify(state, POSTED);
}
port.close();
