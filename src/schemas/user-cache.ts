import os from 'node:os';
import path from 'node:path';

/**
 * Where compiled schema validators are kept between runs when --cache is not given: the user's
 * cache folder, as Go keeps its build cache and pip its wheels. Compiling a CRD's schema costs
 * 20-100 ms, and a Flux repository carries its CRDs (gotk-components.yaml), so without this every
 * run paid for them again. Files are named by a hash of the schema, ajv's version and its options:
 * a changed CRD is a new file, never a stale one.
 *
 * OMNI_LINT_SCHEMA_CACHE names another folder, or turns the cache off with `off` (or `0`).
 * Undefined when off or when there is no home folder to put it in.
 */
export function schemaCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = safeHomedir()): string | undefined {
  const setting = env.OMNI_LINT_SCHEMA_CACHE?.trim();
  if (setting === 'off' || setting === '0') return undefined;
  if (setting) return path.resolve(setting);
  const base = userCacheBase(env, platform, home);
  return base === undefined ? undefined : path.join(base, 'omni-lint', 'schemas');
}

/** The platform's per-user cache folder (XDG on Linux and the BSDs). */
function userCacheBase(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  if (platform === 'win32') return env.LOCALAPPDATA || (home ? path.join(home, 'AppData', 'Local') : undefined);
  if (platform === 'darwin') return home ? path.join(home, 'Library', 'Caches') : undefined;
  // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  return home ? path.join(home, '.cache') : undefined;
}

function safeHomedir(): string {
  try {
    return os.homedir();
  } catch {
    return '';
  }
}
