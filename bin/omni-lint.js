#!/usr/bin/env node
import { statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later keep V8's compiled code between runs (in the OS temp folder): about 20 ms
// off every run. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();

const argv = process.argv.slice(2);
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
};

// A reader that stops early (`omni-lint | head`) closes the pipe: that is not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

if (argv[0] === 'daemon' && argv[1] === 'serve') {
  const { serveDaemonCli } = await import(entry('omni-lint', 'cli/main'));
  await serveDaemonCli(argv.slice(2), process.env);
  process.exit(0);
} else if (argv[0] === 'daemon') {
  const { daemonCommand } = await import(entry('daemon-client', 'daemon/client'));
  process.exitCode = await daemonCommand(argv.slice(1), io, launch());
} else if (wantsDaemon()) {
  // The client is a small module of its own: the server holds the CLI, warm.
  const { runThroughDaemon } = await import(entry('daemon-client', 'daemon/client'));
  const rest = argv.filter((a) => a !== '--daemon');
  const code = await runThroughDaemon(rest, io, launch());
  process.exitCode = code ?? (await runHere(rest));
} else {
  process.exitCode = await runHere(argv);
}

async function runHere(args) {
  const { runCli } = await import(entry('omni-lint', 'cli/main'));
  return runCli(args, io);
}

/** `--daemon` among the options (not after `--`), or OMNI_LINT_DAEMON=1. */
function wantsDaemon() {
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).includes('--daemon')) return true;
  const setting = process.env.OMNI_LINT_DAEMON?.trim().toLowerCase();
  return setting === '1' || setting === 'true';
}

/** What a client needs to start a server: this bin, and the build the server will run. */
function launch() {
  return { bin: fileURLToPath(import.meta.url), entry: fileURLToPath(entry('omni-lint', 'cli/main')) };
}

/**
 * The one-file bundles that `npm run build` writes (scripts/build-cli.mjs) start in a tenth of the
 * time of the compiled modules. A bundle older than the modules is stale (tsc alone was run since),
 * so the modules win then.
 */
function entry(bundleName, moduleName) {
  const bundle = new URL(`../dist/bundle/${bundleName}.js`, import.meta.url);
  const modules = new URL(`../dist/src/${moduleName}.js`, import.meta.url);
  try {
    return statSync(bundle).mtimeMs >= statSync(modules).mtimeMs ? bundle : modules;
  } catch {
    return modules;
  }
}
