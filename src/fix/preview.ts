import { GraphQuery } from '../graph/query.js';
import type { FindingWithFix, LintResult } from '../engine/run.js';
import { FixBuilder } from './builder.js';
import { ChangeSet, type FileChange } from './change-set.js';
import { lowerUnit } from './lower.js';

/**
 * The file changes one finding's fix would make, computed in a scratch overlay; undefined when it
 * has no fix or the fix cannot be lowered. Used for SARIF `fixes` and review suggestions.
 */
export function previewFix(result: LintResult, finding: FindingWithFix, query = new GraphQuery(result.graph)): { changes: FileChange[]; moves: boolean } | undefined {
  if (!finding.fix) return undefined;
  const cs = new ChangeSet((p) => result.graph.repo.yaml.get(p)?.text);
  const builder = new FixBuilder();
  try {
    finding.fix(builder);
    lowerUnit(builder.operations, query, cs, 'preview');
  } catch {
    return undefined;
  }
  return { changes: cs.changes(), moves: cs.records.some((r) => r.kind === 'move' || r.kind === 'delete') };
}
