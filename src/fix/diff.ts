import { createTwoFilesPatch } from 'diff';
import type { ChangeRecord, FileChange } from './change-set.js';

/** The dry run's output: a unified diff per changed file, then the moves, creations and deletions. */
export function formatFixPlan(changes: readonly FileChange[], records: readonly ChangeRecord[]): string {
  const moves = records.filter((r) => r.kind === 'move');
  const movedTo = new Set(moves.map((m) => m.to));
  const movedFrom = new Set(moves.map((m) => m.path));
  const out: string[] = [];
  const byPath = new Map(changes.map((c) => [c.path, c] as const));
  for (const c of changes) {
    if (movedTo.has(c.path) || movedFrom.has(c.path)) {
      // A file moved and edited: show the edit too, from its old name to its new one.
      const move = moves.find((m) => m.to === c.path);
      const before = move ? byPath.get(move.path)?.before : undefined;
      if (move && before !== undefined && c.after !== null && c.after !== before) {
        out.push(createTwoFilesPatch(`a/${move.path}`, `b/${c.path}`, before, c.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
      }
      continue;
    }
    const from = c.before === undefined ? '/dev/null' : `a/${c.path}`;
    const to = c.after === null ? '/dev/null' : `b/${c.path}`;
    out.push(createTwoFilesPatch(from, to, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
  }
  const lines: string[] = [];
  for (const m of moves) lines.push(`  move    ${m.path} -> ${m.to}`);
  for (const r of records) {
    if (r.kind === 'create' && !movedTo.has(r.path)) lines.push(`  create  ${r.path}`);
    if (r.kind === 'delete' && !movedFrom.has(r.path)) lines.push(`  delete  ${r.path}`);
  }
  if (lines.length > 0) out.push(`Files:\n${lines.join('\n')}\n`);
  return out.join('\n');
}
