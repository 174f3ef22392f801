#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and what it imports) into dist/bundle/omni-lint.js, which
// bin/omni-lint.js runs. Node resolves, reads and links about a hundred ES modules one by one, which
// costs about 90 ms of every run (on Node 20; 40 ms on 24); one file loads in a few. `yaml` and `ajv`
// stay outside: most runs never load them (src/lazy-packages.ts). The parse worker is bundled
// beside it, where src/load/parse-pool.ts looks for it.
//
//   node scripts/build-cli.mjs      (part of npm run build)
import path from 'node:path';
import { build } from 'esbuild';
import { bundleOptions, DEV_ONLY_INPUT, root } from './esbuild-options.mjs';

const result = await build({
  ...bundleOptions,
  entryPoints: { 'omni-lint': 'src/cli/main.ts', 'daemon-client': 'src/daemon/client.ts', 'parse-worker': 'src/load/parse-worker.ts' },
  outdir: path.join(root, 'dist', 'bundle'),
  external: ['yaml', 'ajv', 'ajv/*'],
});

const offending = Object.keys(result.metafile.inputs).filter((input) => DEV_ONLY_INPUT.test(input));
if (offending.length > 0) {
  console.error(`build-cli: dev-only code reached the bundle:\n  ${offending.join('\n  ')}`);
  process.exit(1);
}
