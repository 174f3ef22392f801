import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../rules/index.js';
import { loadConfig, type Config } from '../engine/config.js';
import { validateConfig } from '../engine/validate-config.js';
import { UsageError } from './args.js';

/** A folder given on the command line, checked, with its config loaded and validated against the rules. */
export function openRoot(given: string, configFlag: string | undefined, cwd: string): { root: string; config: Config } {
  const root = path.resolve(cwd, given);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${given} is not a folder. Give the root of a GitOps repository.`);
  const { config } = loadConfig(root, configFlag ? path.resolve(cwd, configFlag) : undefined, (raw, source) =>
    validateConfig(raw, rules, path.relative(cwd, source) || source),
  );
  return { root, config };
}
