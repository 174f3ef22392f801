import { describe, expect, it } from 'vitest';
import type { ChangeRecord, FileChange } from './change-set.js';
import { formatFixPlan } from './diff.js';

describe('formatFixPlan', () => {
  it('prints a diff per edited file, then the moves, creations and deletions', () => {
    const changes: FileChange[] = [
      { path: 'a.yaml', before: 'a: 1\n', after: null },
      { path: 'b/a.yaml', before: undefined, after: 'a: 1\n' },
      { path: 'k.yaml', before: 'resources:\n  - a.yaml\n', after: 'resources:\n  - b/a.yaml\n' },
      { path: 'new.yaml', before: undefined, after: 'n: 1\n' },
      { path: 'old.yaml', before: 'o: 1\n', after: null },
    ];
    const records: ChangeRecord[] = [
      { kind: 'edit', path: 'k.yaml', unit: 'u1' },
      { kind: 'move', path: 'a.yaml', to: 'b/a.yaml', unit: 'u1' },
      { kind: 'create', path: 'new.yaml', unit: 'u2' },
      { kind: 'delete', path: 'old.yaml', unit: 'u3' },
    ];
    const out = formatFixPlan(changes, records);
    expect(out).toContain('--- a/k.yaml\n+++ b/k.yaml\n@@ -1,2 +1,2 @@\n resources:\n-  - a.yaml\n+  - b/a.yaml\n');
    expect(out).toContain('--- /dev/null\n+++ b/new.yaml\n');
    expect(out).toContain('--- a/old.yaml\n+++ /dev/null\n');
    // A plain move is a line in the list, not a diff of two whole files.
    expect(out).not.toContain('a/a.yaml');
    expect(out.endsWith('Files:\n  move    a.yaml -> b/a.yaml\n  create  new.yaml\n  delete  old.yaml\n')).toBe(true);
  });

  it('shows the edit of a file that was moved and changed, from its old name to its new one', () => {
    const changes: FileChange[] = [
      { path: 'a.yaml', before: 'name: a\nx: 1\n', after: null },
      { path: 'b/a.yaml', before: undefined, after: 'name: a\nx: 2\n' },
    ];
    const records: ChangeRecord[] = [
      { kind: 'move', path: 'a.yaml', to: 'b/a.yaml', unit: 'u1' },
      { kind: 'edit', path: 'b/a.yaml', unit: 'u2' },
    ];
    const out = formatFixPlan(changes, records);
    expect(out).toContain('--- a/a.yaml\n+++ b/b/a.yaml\n@@ -1,2 +1,2 @@\n name: a\n-x: 1\n+x: 2\n');
    expect(out).toContain('Files:\n  move    a.yaml -> b/a.yaml\n');
  });
});
