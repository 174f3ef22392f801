// What the CLI bundle (build-cli.mjs) and the GitHub Action bundle (build-action.mjs) are built with
// alike: one ES module per entry point for Node 20 and later, the package version baked in.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

export const bundleOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS packages inside an ES module bundle still call require() for Node built-ins (and the
  // CLI's lazy-packages.ts requires `yaml` and `ajv` from node_modules through it).
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  define: { __OMNI_LINT_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
};

/** Inputs that must never reach what users run: tests and dev tooling. */
export const DEV_ONLY_INPUT = /\.test\.ts$|^src\/(testing|dev)\//;
