#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and what it imports) into dist/bundle/omni-lint.js, which
// bin/omni-lint.js runs. Node resolves, reads and links about a hundred ES modules one by one, which
// costs about 90 ms of every run (on Node 20; 40 ms on 24); one file loads in a few. `yaml` and `ajv`
// stay outside: most runs never load them (src/lazy-packages.ts). The parse worker is bundled
// beside it, where src/load/parse-pool.ts looks for it.
//
//   node scripts/build-cli.mjs      (part of npm run build)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const result = await build({
  absWorkingDir: root,
  entryPoints: { 'omni-lint': 'src/cli/main.ts', 'parse-worker': 'src/load/parse-worker.ts' },
  outdir: path.join(root, 'dist', 'bundle'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['yaml', 'ajv', 'ajv/*'],
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins, and
  // lazy-packages.ts requires `yaml` and `ajv` from node_modules through it.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  define: { __OMNI_LINT_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
});

// Tests and dev tooling must never reach what users run.
const offending = Object.keys(result.metafile.inputs).filter((input) => /\.test\.ts$|^src\/(testing|dev)\//.test(input));
if (offending.length > 0) {
  console.error(`build-cli: dev-only code reached the bundle:\n  ${offending.join('\n  ')}`);
  process.exit(1);
}
