/**
 * Lines of a file's new version that a pull request adds, with their text. Inline review comments
 * go only on these lines, as reviewdog's default `added` filter does: GitHub accepts comments on any
 * line of a diff hunk, but a finding on an unchanged context line is not this pull request's doing.
 */
export type AddedLines = Map<number, string>;

/** What a pull request changes: every path it touches (new paths for renames), and the lines it adds. */
export interface PullRequestChanges {
  /** Repository-relative paths of added, modified, renamed and copied files. */
  files: Set<string>;
  /** Repository-relative paths of deleted files, and the old names of renamed ones. */
  removed: Set<string>;
  /** Added lines per file; absent when GitHub sends no patch (binary or very large diffs). */
  added: Map<string, AddedLines>;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** Parses the hunks of one file's unified diff (the `patch` field of GitHub's pull request files API). */
export function addedLines(patch: string): AddedLines {
  const out: AddedLines = new Map();
  let line = 0;
  let inHunk = false;
  for (const text of patch.split('\n')) {
    const h = HUNK.exec(text);
    if (h) {
      line = Number(h[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (text.startsWith('+')) out.set(line++, text.slice(1).replace(/\r$/, ''));
    else if (text.startsWith(' ')) line++;
    else if (text.startsWith('-') || text.startsWith('\\')) continue;
    else if (text.startsWith('diff ')) inHunk = false;
  }
  return out;
}

/** Parses `git diff` output (any number of files) into the same shape as the files API gives. */
export function parseGitDiff(text: string): PullRequestChanges {
  const changes: PullRequestChanges = { files: new Set(), removed: new Set(), added: new Map() };
  const sections = text.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  for (const section of sections) {
    const hunkAt = section.search(/^@@ /m);
    const header = hunkAt < 0 ? section : section.slice(0, hunkAt);
    // A file with content changes has ---/+++ lines (/dev/null for a new or deleted file); a pure
    // rename has rename from/to; a mode change has neither and names the file in `diff --git`.
    const hasPatch = /^\+\+\+ /m.test(header);
    const oldPath = hasPatch ? headerPath(header, /^--- (.*)$/m, 'a/') : (headerPath(header, /^rename from (.*)$/m, '') ?? gitLinePath(header));
    const newPath = hasPatch ? headerPath(header, /^\+\+\+ (.*)$/m, 'b/') : (headerPath(header, /^rename to (.*)$/m, '') ?? gitLinePath(header));
    if (newPath === undefined) {
      if (oldPath !== undefined) changes.removed.add(oldPath);
      continue;
    }
    if (oldPath !== undefined && oldPath !== newPath) changes.removed.add(oldPath);
    changes.files.add(newPath);
    changes.added.set(newPath, hunkAt < 0 ? new Map() : addedLines(section.slice(hunkAt)));
  }
  return changes;
}

/** A path from a `---`/`+++`/`rename` header; undefined for /dev/null or a missing header. */
function headerPath(header: string, pattern: RegExp, prefix: string): string | undefined {
  const m = pattern.exec(header);
  if (!m) return undefined;
  let p = unquote(m[1]!.replace(/\t$/, ''));
  if (p === '/dev/null') return undefined;
  if (prefix && p.startsWith(prefix)) p = p.slice(prefix.length);
  return p;
}

/** A mode-only change has no ---/+++ lines: take the path from `diff --git a/x b/x`. */
function gitLinePath(header: string): string | undefined {
  const m = /^diff --git a\/(.*) b\/(.*)$/m.exec(header);
  return m && m[1] === m[2] ? m[2] : undefined;
}

/** git quotes paths with unusual bytes C-style ("a\tb", octal escapes for UTF-8). */
function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
