import { describe, expect, it } from 'vitest';
import { addedLines, parseGitDiff } from './diff-lines.js';
import { buildReview, fenceFor, lineReplacement } from './review.js';
import type { Finding } from '../engine/types.js';

describe('addedLines', () => {
  it('numbers added lines on the new side, skipping removed lines and no-newline markers', () => {
    const patch = '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,2 +11,2 @@\n x\n-y\n+Y\n\\ No newline at end of file';
    expect([...addedLines(patch)]).toEqual([
      [2, 'B'],
      [3, 'C'],
      [12, 'Y'],
    ]);
  });
});

describe('parseGitDiff', () => {
  it('reads new, renamed, deleted and quoted paths', () => {
    const diff = [
      'diff --git a/new.yaml b/new.yaml',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.yaml',
      '@@ -0,0 +1,2 @@',
      '+kind: A',
      '+name: a',
      'diff --git a/old.yaml b/moved.yaml',
      'similarity index 100%',
      'rename from old.yaml',
      'rename to moved.yaml',
      'diff --git a/gone.yaml b/gone.yaml',
      'deleted file mode 100644',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-kind: B',
      'diff --git "a/caf\\303\\251 x.yaml" "b/caf\\303\\251 x.yaml"',
      '--- "a/caf\\303\\251 x.yaml"',
      '+++ "b/caf\\303\\251 x.yaml"',
      '@@ -3,0 +4 @@',
      '+added: true',
      '',
    ].join('\n');
    const changes = parseGitDiff(diff);
    expect([...changes.files]).toEqual(['new.yaml', 'moved.yaml', 'café x.yaml']);
    expect([...changes.removed]).toEqual(['old.yaml', 'gone.yaml']);
    expect([...changes.added.get('new.yaml')!]).toEqual([
      [1, 'kind: A'],
      [2, 'name: a'],
    ]);
    expect([...changes.added.get('moved.yaml')!]).toEqual([]);
    expect([...changes.added.get('café x.yaml')!]).toEqual([[4, 'added: true']]);
  });
});

describe('lineReplacement', () => {
  it('replaces the changed run of lines', () => {
    expect(lineReplacement('a\nb\nc\n', 'a\nB\nB2\nc\n')).toEqual({ start: 2, end: 2, lines: ['B', 'B2'] });
  });
  it('anchors an insertion on the line above it, or below it at the top', () => {
    expect(lineReplacement('a\nc\n', 'a\nb\nc\n')).toEqual({ start: 1, end: 1, lines: ['a', 'b'] });
    expect(lineReplacement('b\n', 'a\nb\n')).toEqual({ start: 1, end: 1, lines: ['a', 'b'] });
  });
  it('suggests nothing for a deletion, so GitHub deletes the lines', () => {
    expect(lineReplacement('a\nb\nc\n', 'a\nc\n')).toEqual({ start: 2, end: 2, lines: [] });
  });
  it('spans every change when there are several', () => {
    expect(lineReplacement('a\nb\nc\nd\n', 'A\nb\nc\nD\n')).toEqual({ start: 1, end: 4, lines: ['A', 'b', 'c', 'D'] });
  });
  it('returns nothing when the lines are the same', () => {
    expect(lineReplacement('a\n', 'a\n')).toBeUndefined();
  });
});

describe('fenceFor', () => {
  it('outgrows backtick runs in the text', () => {
    expect(fenceFor('plain')).toBe('```');
    expect(fenceFor('has ```` four')).toBe('`````');
  });
});

const finding = (file: string, line: number, severity: Finding['severity'] = 'warning'): Finding => ({
  ruleId: 'kustomize-no-deprecated-fields',
  messageId: 'deprecated',
  severity,
  message: `problem at ${line}.`,
  file,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  fixable: true,
});

describe('buildReview', () => {
  const before = 'kind: Kustomization\nbases:\n  - ../base\n';
  const after = 'kind: Kustomization\nresources:\n  - ../base\n';

  it('gives overlapping fixes one suggestion and turns the other into a diff', () => {
    const added = new Map([['k.yaml', new Map([[2, 'bases:'], [3, '  - ../base']])]]);
    const draft = buildReview({
      findings: [
        { finding: finding('k.yaml', 2), change: { before, after, kind: 'fix' } },
        { finding: finding('k.yaml', 2), change: { before, after, kind: 'fix' } },
      ],
      added,
      fileText: () => before,
      maxComments: 10,
      mode: 'review',
    });
    expect(draft.comments).toHaveLength(2);
    expect(draft.suggestions).toBe(1);
    expect(draft.comments[0]!.body).toContain('```suggestion\nresources:\n```');
    expect(draft.comments[1]!.body).toContain('```diff\n--- a/k.yaml\n+++ b/k.yaml');
  });

  it('comments on no line whose linted text differs from the pull request head', () => {
    const added = new Map([['k.yaml', new Map([[2, 'bases:  # changed on the base branch']])]]);
    const draft = buildReview({ findings: [{ finding: finding('k.yaml', 2) }], added, fileText: () => before, maxComments: 10, mode: 'review' });
    expect(draft.comments).toEqual([]);
    expect(draft.offDiff).toBe(1);
    expect(draft.body).toContain('| ⚠️ | `k.yaml:2` |');
  });

  it('keeps errors first when the cap is reached', () => {
    const added = new Map([['k.yaml', new Map([[1, 'a'], [2, 'b'], [3, 'c']])]]);
    const draft = buildReview({
      findings: [{ finding: finding('k.yaml', 1) }, { finding: finding('k.yaml', 2) }, { finding: finding('k.yaml', 3, 'error') }],
      added,
      fileText: () => 'a\nb\nc\n',
      maxComments: 2,
      mode: 'review',
    });
    expect(draft.comments.map((c) => c.line)).toEqual([1, 3]);
    expect(draft.leftOut).toBe(1);
  });
});
