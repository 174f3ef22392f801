import type { YamlPath } from '../load/types.js';
import type { GraphQuery } from '../graph/query.js';
import type { Graph, Resource } from '../graph/types.js';
import type { FixBuilder } from '../fix/builder.js';
import type { Config } from './config.js';
import type { SchemaProvider } from '../schemas/registry.js';

export type Severity = 'error' | 'warning' | 'info';
export type RuleType = 'problem' | 'suggestion' | 'layout';

/** A JSON Schema for a rule's options; each property carries a `description` that becomes docs. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { description: string } & Record<string, unknown>>;
  additionalProperties?: false;
}

export interface RuleMeta<MessageId extends string, Options> {
  type: RuleType;
  /** One imperative sentence ending in a period. */
  description: string;
  /** Why the rule exists: a paragraph for the docs and SARIF help. */
  rationale: string;
  severity: Severity;
  recommended: boolean;
  /** 'edit' changes YAML in place, 'move' moves or creates files; undefined when not fixable. */
  fixable?: 'edit' | 'move';
  hasSuggestions?: boolean;
  schema?: OptionsSchema;
  defaultOptions: Options;
  messages: Record<MessageId, string>;
}

/** Where a finding points: a YAML path inside a resource, or inside a document of a file. */
export type Location =
  | { resource: Resource; path?: YamlPath; /** Point at the key of the path's last segment, not its value (e.g. an unknown field). */ key?: boolean }
  | { file: string; doc?: number; path?: YamlPath; line?: number; column?: number; key?: boolean };

export type FixFunction = (fixer: FixBuilder) => void;

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  at: Location;
  /** Overrides the configured severity for this one finding (e.g. info for paths on other branches). */
  severity?: Severity;
  /** Applied by --fix: must leave what Flux and Argo CD deploy unchanged. */
  fix?: FixFunction;
  /** Applied only with --fix-type suggestion: changes what is deployed. */
  suggest?: FixFunction;
}

export interface RuleContext<MessageId extends string, Options> {
  graph: Graph;
  query: GraphQuery;
  options: Options;
  config: Config;
  /** JSON Schemas by apiVersion and kind (built-in, --schema-location, the repository's CRDs), compiled on first use. */
  schemas?: SchemaProvider;
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string, Options = unknown> {
  id: string;
  meta: RuleMeta<MessageId, Options>;
  check(ctx: RuleContext<MessageId, Options>): void;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** Repo-relative, `/`-separated. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  /** The YAML path the finding points at, when it points inside a document. */
  path?: YamlPath;
  doc?: number;
}
