#!/usr/bin/env node
import { statSync } from 'node:fs';
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code between runs (in the OS temp folder): about 20 ms
// off every run. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

const { runCli } = await import(entry());

// A reader that stops early (`omni-lint | head`) closes the pipe: that is not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
});

/**
 * The one-file bundle that `npm run build` writes (scripts/build-cli.mjs) starts in a tenth of the
 * time of the compiled modules. A bundle older than the modules is stale (tsc alone was run since),
 * so the modules win then.
 */
function entry() {
  const bundle = new URL('../dist/bundle/omni-lint.js', import.meta.url);
  const modules = new URL('../dist/src/cli/main.js', import.meta.url);
  try {
    return statSync(bundle).mtimeMs >= statSync(modules).mtimeMs ? bundle.href : modules.href;
  } catch {
    return modules.href;
  }
}
