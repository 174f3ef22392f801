/**
 * Usage: node dist/bench/generate-cli.js <dir> <files> [seed]
 *
 * Writes a synthetic hybrid Flux + Argo CD GitOps repo of about <files> YAML files
 * into <dir>, then prints a summary and the planted breakages (one per line).
 */
import { performance } from 'node:perf_hooks';
import { generateRepo } from './generate-repo.js';

function usage(message?: string): never {
  if (message) process.stderr.write(`generate-cli: ${message}\n`);
  process.stderr.write('usage: node dist/bench/generate-cli.js <dir> <files> [seed]\n');
  process.exit(2);
}

// Exit quietly when piped into `head` and the reader goes away.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const [dir, filesArg, seedArg] = process.argv.slice(2);
if (!dir || !filesArg) usage();
const files = Number(filesArg);
if (!Number.isInteger(files) || files < 1) usage(`<files> must be a positive integer, got "${filesArg}"`);
const seed = seedArg === undefined ? 1 : Number(seedArg);
if (!Number.isInteger(seed)) usage(`[seed] must be an integer, got "${seedArg}"`);

const start = performance.now();
const result = generateRepo(dir, { files, seed });
const ms = performance.now() - start;

process.stdout.write(
  `wrote ${result.files} files (${(result.bytes / 1024 / 1024).toFixed(2)} MiB) to ${dir} in ${ms.toFixed(0)} ms ` +
    `(seed ${seed}, ${result.breakages.length} planted breakages)\n`,
);
for (const b of result.breakages) process.stdout.write(`  ${b.kind}\t${b.file}\t${b.target}\n`);
