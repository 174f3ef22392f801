import type { Finding } from '../engine/types.js';
import type { LintStats } from '../engine/run.js';

/** The stable JSON shape: fields may be added, never renamed. */
export interface JsonReport {
  version: 1;
  findings: Array<Pick<Finding, 'ruleId' | 'severity' | 'message' | 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'fixable'>>;
  stats: { files: number; documents: number; resources: number; durationMs: number };
}

export function toJsonReport(findings: readonly Finding[], stats: LintStats): JsonReport {
  return {
    version: 1,
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      fixable: f.fixable,
    })),
    stats: { files: stats.files, documents: stats.documents, resources: stats.resources, durationMs: Math.round(stats.durationMs) },
  };
}

export function formatJson(findings: readonly Finding[], stats: LintStats): string {
  return `${JSON.stringify(toJsonReport(findings, stats), null, 2)}\n`;
}
