import { structuredPatch } from 'diff';
import type { Finding, Rule, Severity } from '../engine/types.js';
import type { FileChange } from '../fix/change-set.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
import { HOMEPAGE, ruleDocsUrl } from './docs-url.js';
import { ENGINE_FINDINGS } from '../engine/engine-findings.js';

export interface SarifOptions {
  version: string;
  /** In-file changes per finding (index into findings), for SARIF `fixes`. */
  fixes?: Map<Finding, FileChange[]>;
}

/** A SARIF 2.1.0 log: one run, every rule as a reportingDescriptor (from the same metadata as the docs). */
export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i] as const));
  const extraRules = [...new Set(findings.map((f) => f.ruleId).filter((id) => !ruleIndex.has(id)))];
  const descriptors = [
    ...rules.map((r) => ({
      id: r.id,
      name: r.id.replace(/(^|-)([a-z0-9])/g, (_, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: r.meta.description },
      fullDescription: { text: r.meta.rationale },
      helpUri: ruleDocsUrl(r.id),
      help: { text: `${r.meta.description} ${r.meta.rationale}` },
      defaultConfiguration: { level: LEVEL[r.meta.severity], enabled: r.meta.recommended },
      properties: { tags: [r.meta.type] },
    })),
    // Findings the engine reports itself (internal-error, suppression-directive) get their own descriptors.
    ...extraRules.map((id) => {
      const meta = ENGINE_FINDINGS.find((m) => m.id === id);
      if (!meta) return { id, shortDescription: { text: `omni-lint ${id}.` } };
      return {
        id,
        shortDescription: { text: meta.description },
        fullDescription: { text: meta.rationale },
        helpUri: `${HOMEPAGE}#engine-findings`,
        help: { text: `${meta.description} ${meta.rationale}` },
        defaultConfiguration: { level: LEVEL[meta.severity], enabled: true },
        properties: { tags: ['engine'] },
      };
    }),
  ];
  extraRules.forEach((id, i) => ruleIndex.set(id, rules.length + i));
  const results = findings.map((f) => {
    const changes = options.fixes?.get(f);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file || '.', uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, 1) },
          },
        },
      ],
      ...(changes && changes.length > 0 ? { fixes: [sarifFix(changes)] } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'omni-lint', version: options.version, informationUri: HOMEPAGE, rules: descriptors } },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Line-range replacements from a diff of each changed file. */
function sarifFix(changes: readonly FileChange[]) {
  return {
    description: { text: 'omni-lint --fix' },
    artifactChanges: changes.map((c) => {
      const patch = structuredPatch(c.path, c.path, c.before ?? '', c.after ?? '', undefined, undefined, { context: 0 });
      return {
        artifactLocation: { uri: c.path, uriBaseId: '%SRCROOT%' },
        replacements: patch.hunks.map((h) => {
          const inserted = h.lines.filter((l) => l.startsWith('+')).map((l) => `${l.slice(1)}\n`).join('');
          const region = h.oldLines === 0 ? { startLine: h.oldStart + 1, startColumn: 1, endLine: h.oldStart + 1, endColumn: 1 } : { startLine: h.oldStart, endLine: h.oldStart + h.oldLines - 1 };
          return { deletedRegion: region, ...(inserted ? { insertedContent: { text: inserted } } : {}) };
        }),
      };
    }),
  };
}
