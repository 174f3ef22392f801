import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isObj } from '../graph/read.js';
import { yamlLib } from '../lazy-packages.js';
import type { Severity } from './types.js';

export type RuleSetting = Severity | 'off' | [Severity | 'off', Record<string, unknown>?];

/** The parsed `.omni-lint.yaml`. Every key is optional. */
export interface Config {
  rules: Record<string, RuleSetting>;
  /** Globs of files never linted. */
  ignore: string[];
  /** Whether the layout rules run; 'auto' runs them where the repo has both applications/ and flux/. */
  layout: boolean | 'auto';
  repository: { urls: string[]; branch?: string };
  /** Objects that exist in the cluster but not in this repo (`Kind/namespace/name`). */
  externalResources: string[];
  ownership: { prefer: 'flux' | 'argo'; flamingo: boolean };
  limits: { maxFileBytes?: number; maxDocuments?: number };
}

export const CONFIG_FILE_NAMES = ['.omni-lint.yaml', '.omni-lint.yml'];

export function defaultConfig(): Config {
  return {
    rules: {},
    ignore: [],
    layout: 'auto',
    repository: { urls: [] },
    externalResources: [],
    ownership: { prefer: 'flux', flamingo: false },
    limits: {},
  };
}

export class ConfigError extends Error {}

/**
 * Finds and reads the config file; `explicit` (from --config) must exist. With `validate`, the
 * raw file is first checked against the schema built from rule metadata.
 */
export function loadConfig(root: string, explicit?: string, validate?: (raw: unknown, source: string) => void): { config: Config; file?: string } {
  const file = explicit ? path.resolve(explicit) : CONFIG_FILE_NAMES.map((n) => path.join(root, n)).find((f) => existsSync(f));
  if (!file) return { config: defaultConfig() };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read config file ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = yamlLib().parse(text);
  } catch (e) {
    throw new ConfigError(`Config file ${file} is not valid YAML: ${(e as Error).message}`);
  }
  validate?.(raw ?? {}, file);
  return { config: mergeConfig(raw ?? {}, file), file };
}

/** Merges a raw config over the defaults, checking the shape of every key it reads. */
export function mergeConfig(raw: unknown, source = 'config'): Config {
  const config = defaultConfig();
  if (!isObj(raw)) throw new ConfigError(`${source}: the config must be a mapping of keys to values.`);
  const known = new Set(['$schema', 'rules', 'ignore', 'layout', 'repository', 'externalResources', 'ownership', 'limits']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new ConfigError(`${source}: unknown key "${key}". Known keys: ${[...known].filter((k) => k !== '$schema').join(', ')}.`);
  }
  if (raw.rules !== undefined) {
    if (!isObj(raw.rules)) throw new ConfigError(`${source}: "rules" must map rule ids to off, info, warning or error.`);
    config.rules = raw.rules as Record<string, RuleSetting>;
  }
  if (raw.ignore !== undefined) config.ignore = stringList(raw.ignore, 'ignore', source);
  if (raw.layout !== undefined) {
    if (raw.layout !== true && raw.layout !== false && raw.layout !== 'auto') throw new ConfigError(`${source}: "layout" must be true, false or auto.`);
    config.layout = raw.layout;
  }
  if (raw.repository !== undefined) {
    if (!isObj(raw.repository)) throw new ConfigError(`${source}: "repository" must be a mapping with urls and branch.`);
    if (raw.repository.urls !== undefined) config.repository.urls = stringList(raw.repository.urls, 'repository.urls', source);
    if (typeof raw.repository.branch === 'string') config.repository.branch = raw.repository.branch;
  }
  if (raw.externalResources !== undefined) config.externalResources = stringList(raw.externalResources, 'externalResources', source);
  if (raw.ownership !== undefined) {
    if (!isObj(raw.ownership)) throw new ConfigError(`${source}: "ownership" must be a mapping with prefer and flamingo.`);
    const prefer = raw.ownership.prefer;
    if (prefer !== undefined && prefer !== 'flux' && prefer !== 'argo') throw new ConfigError(`${source}: "ownership.prefer" must be flux or argo.`);
    if (prefer) config.ownership.prefer = prefer;
    if (typeof raw.ownership.flamingo === 'boolean') config.ownership.flamingo = raw.ownership.flamingo;
  }
  if (raw.limits !== undefined) {
    if (!isObj(raw.limits)) throw new ConfigError(`${source}: "limits" must be a mapping.`);
    for (const k of ['maxFileBytes', 'maxDocuments'] as const) {
      const v = raw.limits[k];
      if (v === undefined) continue;
      if (typeof v !== 'number' || v <= 0) throw new ConfigError(`${source}: "limits.${k}" must be a positive number.`);
      config.limits[k] = v;
    }
  }
  return config;
}

function stringList(v: unknown, key: string, source: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${source}: "${key}" must be a list of strings.`);
  return v as string[];
}
