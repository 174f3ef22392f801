import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { generateRepo } from '../../bench/generate-repo.js';
import { projectRoot } from '../dev/gen.js';
import { defaultConfig, mergeConfig } from '../engine/config.js';
import { lintDirectory } from '../engine/run.js';
import { prepareLoadCase } from '../testing/fs-tree.js';
import { DEFAULT_MAX_DOCUMENTS, DEFAULT_MAX_FILE_BYTES, loadRepo, readYamlFile } from './load-repo.js';
import { AUTO_WORKER_THRESHOLD, lastRun, parseAll, workerScript, workersFor, type BatchResult, type ParseJob, type WorkerInput } from './parse-pool.js';
import type { LoadOptions, Repo } from './types.js';

/**
 * Worker threads must read every file exactly as the main thread does. Vitest runs the TypeScript
 * sources, which have no parse-worker.js beside them, so the worker is bundled from source first:
 * these tests never run a stale dist/.
 */
const temps: string[] = [];
const temp = (tag: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `omni-lint-pool-${tag}-`));
  temps.push(dir);
  return dir;
};
const defaultScript = workerScript.url;
let bundled: URL;

beforeAll(() => {
  const out = path.join(temp('worker'), 'parse-worker.mjs');
  buildSync({ entryPoints: [path.join(projectRoot(), 'src/load/parse-worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error',
    // The bundled CommonJS packages require node builtins, which an ES module has no `require` for.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  bundled = pathToFileURL(out);
  workerScript.url = bundled;
});
afterAll(() => {
  workerScript.url = defaultScript;
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** Everything loadRepo returns but git info, as plain data in the map's order. */
function snapshot(repo: Repo): unknown {
  return {
    yaml: [...repo.yaml].map(([key, f]) => [key, { path: f.path, text: f.text, docs: f.docs, errors: f.errors, skipped: f.skipped, template: f.template, templateError: f.templateError }]),
    files: [...repo.files],
    dirs: [...repo.dirs],
    ignoreFiles: repo.ignoreFiles,
    links: repo.links && [...repo.links],
  };
}

const fixturesDir = path.join(projectRoot(), 'fixtures', '_load');
const cases = readdirSync(fixturesDir).filter((c) => existsSync(path.join(fixturesDir, c, 'input'))).sort();

/** A fixture's input/ as load-fixtures.test.ts prepares it (setup.json's symlinks and outside files), and its limits. */
function prepare(c: string): { root: string; limits: LoadOptions } {
  const caseDir = path.join(fixturesDir, c);
  const { repo: root } = prepareLoadCase(caseDir, temp('fixture'));
  const configFile = path.join(caseDir, 'config.json');
  const limits = mergeConfig(existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {}).limits;
  return { root, limits };
}

/** Runs one worker alone (the main thread claims nothing), so it reads every job; its results in order. */
async function workerAlone(root: string, jobs: ParseJob[], limits: LoadOptions): Promise<unknown[]> {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const settings = { root, maxBytes: limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, maxDocs: limits.maxDocuments ?? DEFAULT_MAX_DOCUMENTS };
  const workerData: WorkerInput = { settings, jobs, state: state.buffer as SharedArrayBuffer, port: port2, batch: 2 };
  const worker = new Worker(bundled, { workerData, transferList: [port2] });
  const [code] = (await once(worker, 'exit')) as [number];
  expect(code).toBe(0);
  const out: unknown[] = [];
  for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
    const result = m.message as BatchResult;
    expect(result.error).toBeUndefined();
    out[result.start] ??= [];
    result.files!.forEach((f, i) => (out[result.start + i] = f));
  }
  port1.close();
  return out;
}

describe('workersFor', () => {
  const spare = Math.max(1, os.availableParallelism() - 1);
  it("starts none below the 'auto' threshold, one per spare core from it on", () => {
    expect(workersFor('auto', AUTO_WORKER_THRESHOLD - 1)).toBe(0);
    expect(workersFor('auto', AUTO_WORKER_THRESHOLD)).toBe(spare);
  });
  it('takes a number whatever the size, 0 as off, never more than the spare cores', () => {
    expect(workersFor(0, 1_000_000)).toBe(0);
    expect(workersFor(1, 3)).toBe(1);
    expect(workersFor(64, 3)).toBe(spare);
  });
});

describe('fixtures/_load read on worker threads', () => {
  for (const c of cases) {
    it(`${c}: loadRepo gives the same Repo with workers as without`, () => {
      const { root, limits } = prepare(c);
      const without = snapshot(loadRepo(root, { ...limits, workers: 0 }));
      const withWorkers = snapshot(loadRepo(root, { ...limits, workers: 2 }));
      expect(lastRun.workers).toBeGreaterThan(0);
      expect(withWorkers).toEqual(without);
    });

    it(`${c}: a worker reads each file as the main thread does, chart template or not`, async () => {
      const { root, limits } = prepare(c);
      const paths = [...loadRepo(root, { ...limits, workers: 0 }).yaml.values()].filter((f) => !f.skipped?.kind.startsWith('symlink')).map((f) => f.path);
      const jobs = paths.flatMap((p) => [false, true].map((chartTemplate) => ({ path: p, chartTemplate })));
      const maxBytes = limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
      const maxDocs = limits.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
      const onMain = jobs.map((j) => readYamlFile(root, j.path, maxBytes, maxDocs, j.chartTemplate));
      expect(await workerAlone(root, jobs, limits)).toEqual(onMain);
    });
  }
});

describe('hostile input read on a worker thread', () => {
  it('nesting 10,000 deep, __proto__ keys and shared aliases come back as the main thread reads them', async () => {
    const root = temp('hostile');
    const n = 10_000;
    const files: Record<string, string> = {
      'block-seq.yaml': `a: 1\n---\n${'- '.repeat(n)}x\n---\nb: 2\n`,
      'flow-map.yaml': `x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
      'block-map.yaml': `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`,
      'proto.yaml': '__proto__: {polluted: true}\nconstructor: 1\n',
      'aliases.yaml': 'base: &b {x: [1, 2]}\nuse: [*b, *b]\n',
      'numbers.yaml': 'a: .nan\nb: -.inf\nc: -0.0\nd: 0x1F\n',
    };
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(root, f), text);
    const jobs = Object.keys(files).map((p) => ({ path: p, chartTemplate: false }));
    const onMain = jobs.map((j) => readYamlFile(root, j.path, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_DOCUMENTS, false));
    const fromWorker = await workerAlone(root, jobs, {});
    expect(fromWorker).toEqual(onMain);
    expect(Object.getPrototypeOf((fromWorker[3] as { docs: object[] }).docs[0])).toBe(Object.prototype);
  });
});

/**
 * Runs `check` until a worker has read some of the files: on a busy machine a worker can start after
 * the main thread has read them all, which is right but proves nothing.
 */
function untilWorkersShare(check: () => void): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    check();
    if (lastRun.fromWorkers > 0) return;
  }
  expect(lastRun.fromWorkers).toBeGreaterThan(0);
}

describe('a generated repository', () => {
  let root: string;
  beforeAll(() => {
    root = temp('gen');
    generateRepo(root, { files: 2000, seed: 7 });
  });

  it('loads the same with workers as without, the workers taking a share', () => {
    const without = snapshot(loadRepo(root, { workers: 0 }));
    untilWorkersShare(() => expect(snapshot(loadRepo(root, { workers: 2 }))).toEqual(without));
  });

  it('lints to the same findings with OMNI_LINT_WORKERS=2 as with 0', () => {
    const saved = process.env.OMNI_LINT_WORKERS;
    const lint = (workers: string): string => {
      process.env.OMNI_LINT_WORKERS = workers;
      return JSON.stringify(lintDirectory(root, { config: defaultConfig(), rules }).findings);
    };
    try {
      Object.assign(lastRun, { workers: 0, fromWorkers: 0 });
      const without = lint('0');
      expect(lastRun.fromWorkers).toBe(0);
      untilWorkersShare(() => expect(lint('2')).toBe(without));
      expect(JSON.parse(without).length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.OMNI_LINT_WORKERS;
      else process.env.OMNI_LINT_WORKERS = saved;
    }
  });

  // What users run: the CLI's bundle (after npm run build) and the GitHub Action's committed one.
  const shipped = [path.join(projectRoot(), 'dist', 'bundle', 'parse-worker.js'), path.join(projectRoot(), 'dist-action', 'parse-worker.js')];
  for (const worker of shipped) {
    it.skipIf(!existsSync(worker))(`${path.relative(projectRoot(), worker)} loads the same as the main thread`, () => {
      const without = snapshot(loadRepo(root, { workers: 0 }));
      workerScript.url = pathToFileURL(worker);
      try {
        untilWorkersShare(() => expect(snapshot(loadRepo(root, { workers: 2 }))).toEqual(without));
      } finally {
        workerScript.url = bundled;
      }
    });
  }

  it('reports progress up to the total', () => {
    const seen: [number, number][] = [];
    loadRepo(root, { workers: 2, onProgress: (done, total) => seen.push([done, total]) });
    const total = seen[0]![1];
    expect(seen[seen.length - 1]).toEqual([total, total]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true);
  });
});

describe('workers that fail', () => {
  const jobsIn = (root: string): ParseJob[] =>
    [...loadRepo(root, { workers: 0 }).yaml.keys()].map((p) => ({ path: p, chartTemplate: false }));
  const read = (root: string) => (j: ParseJob) => readYamlFile(root, j.path, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_DOCUMENTS, false);
  let root: string;
  beforeAll(() => {
    root = temp('fail');
    generateRepo(root, { files: 300, seed: 3 });
  });

  it('a worker that cannot start costs nothing: the main thread reads every file', () => {
    workerScript.url = pathToFileURL(path.join(root, 'no-such-worker.js'));
    try {
      const jobs = jobsIn(root);
      const settings = { root, maxBytes: DEFAULT_MAX_FILE_BYTES, maxDocs: DEFAULT_MAX_DOCUMENTS };
      expect(parseAll(jobs, settings, 2, read(root))).toEqual(jobs.map(read(root)));
      expect(lastRun.fromWorkers).toBe(0);
    } finally {
      workerScript.url = bundled;
    }
  });

  it('a worker that dies holding a batch is waited for, not forever: its files are read on the main thread', () => {
    // Claims a batch, then exits without posting it.
    const dying = path.join(root, 'dying-worker.mjs');
    writeFileSync(dying, "import { workerData } from 'node:worker_threads';\nAtomics.add(new Int32Array(workerData.state), 0, workerData.batch);\nprocess.exit(1);\n");
    workerScript.url = pathToFileURL(dying);
    try {
      const jobs = jobsIn(root);
      const settings = { root, maxBytes: DEFAULT_MAX_FILE_BYTES, maxDocs: DEFAULT_MAX_DOCUMENTS };
      // The main thread is slowed so that the worker surely claims its batch before the work runs out.
      const slow = (j: ParseJob) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        return read(root)(j);
      };
      const t0 = Date.now();
      expect(parseAll(jobs, settings, 1, slow)).toEqual(jobs.map(read(root)));
      expect(lastRun.stalled).toBe(true);
      expect(Date.now() - t0).toBeLessThan(15_000);
    } finally {
      workerScript.url = bundled;
    }
  }, 20_000);
});
