import type { Rule } from './types.js';

const SEVERITY = { type: 'string', enum: ['off', 'info', 'warn', 'warning', 'error'] };

/**
 * The JSON Schema of `.omni-lint.yaml`, built from rule metadata so that editors with
 * yaml-language-server complete every rule id and option, and config errors name the bad key.
 */
export function configSchema(rules: readonly Rule[]): Record<string, unknown> {
  const ruleProps: Record<string, unknown> = {};
  for (const r of rules) {
    const options = r.meta.schema ?? { type: 'object', properties: {}, additionalProperties: false };
    ruleProps[r.id] = {
      description: `${r.meta.description} Default: ${r.meta.recommended ? r.meta.severity : 'off'}.`,
      oneOf: [SEVERITY, { type: 'array', prefixItems: [SEVERITY, options], items: false, minItems: 1 }],
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/omni-lint/omni-lint/blob/main/schemas/omni-lint-config.schema.json',
    title: 'omni-lint configuration (.omni-lint.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file, for editors.' },
      rules: {
        type: 'object',
        description: 'Severity (off, info, warning, error) of each rule, or [severity, options].',
        properties: ruleProps,
        additionalProperties: false,
      },
      ignore: { type: 'array', items: { type: 'string' }, description: 'Globs of files omni-lint never reads, relative to the linted folder.' },
      layout: {
        description: 'Whether the layout rules run: true, false, or auto (only where both applications/ and flux/ exist).',
        enum: [true, false, 'auto'],
      },
      repository: {
        type: 'object',
        description: 'Which Git repository this checkout is, for deciding which Flux and Argo CD paths live here.',
        additionalProperties: false,
        properties: {
          urls: { type: 'array', items: { type: 'string' }, description: 'URLs of this repository, besides its git remotes.' },
          branch: { type: 'string', description: 'The branch this checkout stands for (default: the current git branch).' },
        },
      },
      externalResources: {
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z]+/([a-z0-9.-]*/)?[A-Za-z0-9.${}_-]+$' },
        description: 'Objects that exist in the cluster but not in this repository, as Kind/namespace/name or Kind/name.',
      },
      ownership: {
        type: 'object',
        additionalProperties: false,
        description: 'What to keep when a Helm release is owned by both Flux and Argo CD.',
        properties: {
          prefer: { enum: ['flux', 'argo'], description: 'Keep the Flux HelmRelease (flux, the default) or the Argo CD Application (argo).' },
          flamingo: { type: 'boolean', description: 'With prefer: flux, replace the Argo CD Application by a Flamingo Application that shows the HelmRelease.' },
        },
      },
      limits: {
        type: 'object',
        additionalProperties: false,
        description: 'Files past these limits are skipped and reported (file-skipped).',
        properties: {
          maxFileBytes: { type: 'integer', minimum: 1, description: 'Largest file read, in bytes (default 8 MiB).' },
          maxDocuments: { type: 'integer', minimum: 1, description: 'Most YAML documents read from one file (default 10000).' },
        },
      },
    },
  };
}
