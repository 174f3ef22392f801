import { createTwoFilesPatch } from 'diff';
import type { Finding, Severity } from '../engine/types.js';
import { ruleDocsUrl } from '../report/docs-url.js';
import type { AddedLines } from './diff-lines.js';

/** Marks the reviews this action writes, so a later run finds and replaces them. */
export const REVIEW_MARKER = '<!-- omni-lint-review -->';
/** GitHub refuses review bodies and comments longer than 65,536 characters; keep a margin for the notes we add. */
export const MAX_BODY_CHARS = 65_000;

export const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A finding (file relative to the repository root) and, when its fix stays inside that file, the file before and after. */
export interface ReviewFinding {
  finding: Finding;
  change?: { before: string; after: string; kind: 'fix' | 'suggestion' };
}

/** The `--fix-dry-run` plan for the reported findings, with paths relative to the repository root. */
export interface FixPlanSummary {
  diff: string;
  moves: { from: string; to: string }[];
  creates: string[];
  deletes: string[];
}

export interface ReviewInput {
  findings: readonly ReviewFinding[];
  /** Lines the pull request adds, per repository path. */
  added: ReadonlyMap<string, AddedLines>;
  /** The linted text of a file, to check that an added line is the line that was linted (a merge checkout may differ from the head). */
  fileText: (path: string) => string | undefined;
  plan?: FixPlanSummary;
  maxComments: number;
  /** 'review' comments inline; 'summary' puts everything in the body. */
  mode: 'review' | 'summary';
  fileUrl?: (file: string, line: number) => string;
  /** A last line for the body (version, where the full report is). */
  footer?: string;
  /** Whether the findings are those of the changed files (changed-only) or of the whole repository. */
  scope?: 'changed' | 'all';
}

/** A review comment as POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews takes it. */
export interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface ReviewDraft {
  body: string;
  comments: ReviewComment[];
  /** The body to post instead if GitHub refuses the inline comments: every finding in the table. */
  bodyWithoutComments: string;
  /** Findings that could have had an inline comment but were over `maxComments`. */
  leftOut: number;
  /** Findings on lines the pull request does not add (or in files without a patch). */
  offDiff: number;
  suggestions: number;
}

interface Candidate {
  rf: ReviewFinding;
  /** Lines a ```suggestion replaces, and what with. */
  suggestion?: { start: number; end: number; lines: string[] };
  line: number;
}

/**
 * Builds one review: inline comments on added lines (a ```suggestion where the fix edits lines the
 * pull request added, since GitHub cannot apply suggestions elsewhere), at most `maxComments` of
 * them, errors and one-click fixes first; everything else goes into the body, with the moves and
 * creations `--fix` would make and its dry-run diff.
 */
export function buildReview(input: ReviewInput): ReviewDraft {
  const candidates: Candidate[] = [];
  const offDiff: ReviewFinding[] = [];
  if (input.mode === 'review') {
    for (const rf of input.findings) {
      const c = candidate(rf, input);
      if (c) candidates.push(c);
      else offDiff.push(rf);
    }
  } else for (const rf of input.findings) offDiff.push(rf); // not push(...): 150k findings would overflow the stack
  candidates.sort(
    (a, b) =>
      RANK[a.rf.finding.severity] - RANK[b.rf.finding.severity] ||
      Number(!a.suggestion) - Number(!b.suggestion) ||
      byPlace(a.rf.finding, b.rf.finding),
  );
  const chosen = candidates.slice(0, input.maxComments);
  const leftOut = candidates.slice(input.maxComments).map((c) => c.rf);
  // GitHub applies only one suggestion per line in a batch: a later suggestion on the same lines becomes a diff.
  const taken = new Map<string, [number, number][]>();
  const comments: ReviewComment[] = [];
  let suggestions = 0;
  for (const c of chosen) {
    const file = c.rf.finding.file;
    let suggestion = c.suggestion;
    if (suggestion) {
      const ranges = taken.get(file) ?? [];
      if (ranges.some(([s, e]) => suggestion!.start <= e && s <= suggestion!.end)) suggestion = undefined;
      else taken.set(file, [...ranges, [suggestion.start, suggestion.end]]);
    }
    if (suggestion) suggestions++;
    const anchor = suggestion ?? { start: c.line, end: c.line };
    comments.push({
      path: file,
      body: commentBody(c.rf, suggestion),
      line: anchor.end,
      side: 'RIGHT',
      ...(anchor.start < anchor.end ? { start_line: anchor.start, start_side: 'RIGHT' as const } : {}),
    });
  }
  comments.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  const notInline = [...offDiff, ...leftOut].map((rf) => rf.finding).sort(byPlace);
  const body = reviewBody(input, {
    inline: comments.length,
    suggestions,
    leftOut: leftOut.length,
    offDiff: offDiff.length,
    table: notInline,
  });
  const all = input.findings.map((rf) => rf.finding).sort(byPlace);
  const bodyWithoutComments = reviewBody(input, { inline: 0, suggestions: 0, leftOut: 0, offDiff: all.length, table: all });
  return { body, comments, bodyWithoutComments, leftOut: leftOut.length, offDiff: offDiff.length, suggestions };
}

function candidate(rf: ReviewFinding, input: ReviewInput): Candidate | undefined {
  const f = rf.finding;
  const added = input.added.get(f.file);
  if (!added) return undefined;
  const text = input.fileText(f.file);
  const lines = text === undefined ? undefined : splitLines(text);
  // A line can take a comment when the pull request adds it and it is the line omni-lint read.
  const commentable = (n: number): boolean => added.has(n) && (lines === undefined || stripCr(lines[n - 1]) === added.get(n));
  const replacement = rf.change ? lineReplacement(rf.change.before, rf.change.after) : undefined;
  if (replacement) {
    let ok = true;
    for (let n = replacement.start; n <= replacement.end && ok; n++) ok = commentable(n);
    if (ok) return { rf, suggestion: replacement, line: replacement.end };
  }
  if (commentable(f.line)) return { rf, line: f.line };
  return undefined;
}

/**
 * The smallest run of whole lines of `before` that `after` replaces, and its replacement. An
 * insertion takes the line above it (or below, at the top) so the suggestion has a line to sit on.
 */
export function lineReplacement(before: string, after: string): { start: number; end: number; lines: string[] } | undefined {
  const b = splitLines(before);
  const a = splitLines(after);
  let head = 0;
  while (head < b.length && head < a.length && b[head] === a[head]) head++;
  if (head === b.length && head === a.length) return undefined;
  let tail = 0;
  while (tail < b.length - head && tail < a.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  let start = head + 1;
  let end = b.length - tail;
  if (end < start) {
    if (b.length === 0) return undefined;
    if (end >= 1) start = end;
    else end = start;
  }
  return { start, end, lines: a.slice(start - 1, a.length - (b.length - end)).map((l) => l.replace(/\r$/, '')) };
}

function commentBody(rf: ReviewFinding, suggestion: { lines: string[] } | undefined): string {
  const f = rf.finding;
  const head = `${ICON[f.severity]} **${f.severity}** [${f.ruleId}](${ruleDocsUrl(f.ruleId)}): ${f.message}`;
  if (!rf.change) return head;
  const what = rf.change.kind === 'fix' ? '`npx omni-lint --fix` makes this change' : 'A suggested change (it changes what is deployed, so review it first)';
  if (suggestion) {
    const text = suggestion.lines.join('\n');
    const fence = fenceFor(text);
    const block = `\n\n${what}:\n\n${fence}suggestion\n${text}${text ? '\n' : ''}${fence}`;
    if (head.length + block.length < MAX_BODY_CHARS) return head + block;
  }
  const diff = createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, rf.change.before, rf.change.after, undefined, undefined, { context: 1 })
    .split('\n')
    .filter((l) => !l.startsWith('===='))
    .join('\n')
    .trimEnd();
  const fence = fenceFor(diff);
  const block = `\n\n${what} (it reaches lines this pull request does not change, so it cannot be a suggestion):\n\n${fence}diff\n${diff}\n${fence}`;
  return head.length + block.length < MAX_BODY_CHARS ? head + block : head;
}

interface BodyParts {
  inline: number;
  suggestions: number;
  leftOut: number;
  offDiff: number;
  table: Finding[];
}

function reviewBody(input: ReviewInput, parts: BodyParts): string {
  const findings = input.findings.map((rf) => rf.finding);
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const intro: string[] = [REVIEW_MARKER, '### omni-lint', ''];
  const where = input.scope === 'all' ? 'in this repository' : 'in the files this pull request changes';
  if (findings.length === 0) intro.push(`No problems ${where}.`);
  else {
    intro.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')} and **${count('info')}** info ${where}.`);
    if (parts.inline > 0) {
      const withSuggestion = parts.suggestions > 0 ? ` (${parts.suggestions} with a suggested change you can commit)` : '';
      intro.push(`${plural(parts.inline, 'finding is', 'findings are')} commented inline on the changed lines${withSuggestion}.`);
    }
    if (parts.leftOut > 0) {
      intro.push(
        '',
        `**${parts.leftOut} ${parts.leftOut === 1 ? 'finding was' : 'findings were'} left out of the inline comments:** one review holds at most ${input.maxComments} (input \`max-comments\`), since GitHub refuses or times out on reviews with many more. They are listed below.`,
      );
    }
  }
  const out = intro.join('\n');
  const footer = input.footer ? `\n\n<sub>${input.footer}</sub>\n` : '\n';
  const tableTitle = parts.inline > 0 || parts.leftOut > 0 ? `#### Not commented inline (${parts.table.length})` : '';
  const plan = input.plan && input.plan.diff ? planSection(input.plan) : undefined;
  // Fit GitHub's limit: shorten the diff first, then the table.
  let table = findingsTable(parts.table, input.fileUrl, tableTitle);
  let planText = plan ? plan.full : '';
  const size = (): number => out.length + table.length + planText.length + footer.length;
  if (size() > MAX_BODY_CHARS && plan) planText = plan.short;
  if (size() > MAX_BODY_CHARS) {
    let keep = parts.table.length;
    while (keep > 0 && size() > MAX_BODY_CHARS) {
      keep = Math.floor(keep * 0.8);
      table = findingsTable(parts.table.slice(0, keep), input.fileUrl, tableTitle, parts.table.length - keep);
    }
  }
  return out + table + planText + footer;
}

function findingsTable(findings: readonly Finding[], fileUrl: ReviewInput['fileUrl'], title: string, more = 0): string {
  if (findings.length === 0 && more === 0) return '';
  const rows = ['| | file | rule | message |', '| --- | --- | --- | --- |'];
  for (const f of findings) {
    const where = `${f.file}:${f.line}`;
    const link = fileUrl ? `[${where}](${fileUrl(f.file, f.line)})` : `\`${where}\``;
    rows.push(`| ${ICON[f.severity]} | ${link} | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${escapeCell(f.message)} |`);
  }
  if (more > 0) rows.push('', `…and ${more} more, too many for one review: see the job summary or the SARIF report.`);
  return `\n\n${title ? `${title}\n\n` : ''}${rows.join('\n')}`;
}

function planSection(plan: FixPlanSummary): { full: string; short: string } {
  const ops = [
    ...plan.moves.map((m) => `- move \`${m.from}\` → \`${m.to}\``),
    ...plan.creates.map((p) => `- create \`${p}\``),
    ...plan.deletes.map((p) => `- delete \`${p}\``),
  ];
  const head = ops.length > 0
    ? ['#### Fixes that move or create files', '', 'A suggestion cannot move, create or delete a file. Run `npx omni-lint --fix` to make these changes, and update every reference to them:', '', ...ops]
    : ['#### Fixes', '', 'Run `npx omni-lint --fix` to make these changes.'];
  const fence = fenceFor(plan.diff);
  const details = ['', '<details><summary>The <code>npx omni-lint --fix-dry-run</code> diff</summary>', '', `${fence}diff`, plan.diff.trimEnd(), fence, '', '</details>'];
  return {
    full: `\n\n${[...head, ...details].join('\n')}`,
    short: `\n\n${[...head, '', '_The diff is too long for a review: run `npx omni-lint --fix-dry-run` to see it._'].join('\n')}`,
  };
}

/** A code fence longer than any run of backticks in the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function stripCr(s: string | undefined): string | undefined {
  return s?.replace(/\r$/, '');
}

function byPlace(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `**${n}** ${n === 1 ? one : many}`;
}

export function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
