import type { ErrorObject } from 'ajv/dist/2020.js';
import { ajv2020Lib } from '../lazy-packages.js';
import type { Rule } from './types.js';
import { configSchema } from './config-schema.js';
import { ConfigError } from './config.js';

/** Validates a parsed config against the schema built from the rules; throws a ConfigError naming each bad key. */
export function validateConfig(raw: unknown, rules: readonly Rule[], source: string): void {
  const { Ajv2020 } = ajv2020Lib();
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(configSchema(rules));
  if (validate(raw)) return;
  const errors = validate.errors ?? [];
  // A value that is neither branch of a oneOf fails both; keep the deepest errors, which say what to change.
  const deepest = errors.filter(
    (e) => e.keyword === 'additionalProperties' || !errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`)),
  );
  const messages = [...new Set(deepest.map(describe))].filter(Boolean);
  throw new ConfigError(`${source} is not a valid omni-lint config:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the top level';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return where === 'rules'
        ? `unknown rule "${key}" under rules (run omni-lint --list-rules for the ids)`
        : `unknown key "${key}" in ${where}`;
    }
    case 'type':
    case 'enum':
      if (/^rules\.[^.]+$/.test(where)) return `${where} must be off, info, warn, warning or error, or [severity, { options }]`;
      if (e.keyword === 'type') return `${where} ${e.message ?? 'has the wrong type'}`;
      return `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf':
    case 'if':
      return '';
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}
