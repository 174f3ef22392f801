import picomatch from 'picomatch';

/**
 * The pattern languages Argo CD's ApplicationSet git generator uses, so that "matches nothing"
 * means what Argo CD would conclude:
 * - `directories[].path` goes through Go's `path.Match` against every folder of the repository
 *   except the root and folders whose name starts with "." (repo-server GetGitDirectories):
 *   `*` and `?` never cross `/`, there is no `**` and no `{a,b}`.
 * - `files[].path` goes through `git ls-files -- <pattern>` (the default), where `*` crosses `/`
 *   and a plain path also names everything below it, or through doublestar when the controller
 *   runs with `--enable-new-git-file-globbing`, where `*` stays inside one segment and `**` spans
 *   folders. A file pattern matches when either would list something.
 */

/** Go `path.Match` as a RegExp, or undefined when Go would return ErrBadPattern. */
export function goPathPattern(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      re += escapeRe(pattern[++i]!);
    } else if (c === '[') {
      const cls = goClass(pattern, i + 1);
      if (!cls) return undefined;
      re += cls.re;
      i = cls.end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

/** A Go character class starting after `[`; `end` is the index of its `]`. */
function goClass(p: string, start: number): { re: string; end: number } | undefined {
  let i = start;
  let negated = false;
  if (p[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: string[] = [];
  let count = 0;
  for (;;) {
    if (i >= p.length) return undefined;
    if (p[i] === ']' && count > 0) break;
    const lo = classChar(p, i);
    if (!lo) return undefined;
    i = lo.next;
    let hi = lo;
    if (p[i] === '-') {
      const h = classChar(p, i + 1);
      if (!h) return undefined;
      hi = h;
      i = h.next;
    }
    count++;
    // Go compares code points; an inverted range matches nothing (JS would throw on it).
    if (lo.ch.codePointAt(0)! <= hi.ch.codePointAt(0)!) ranges.push(`${escapeClass(lo.ch)}-${escapeClass(hi.ch)}`);
  }
  const body = ranges.join('');
  if (body === '') return { re: negated ? '[\\s\\S]' : '(?!)', end: i };
  return { re: `[${negated ? '^' : ''}${body}]`, end: i };
}

function classChar(p: string, i: number): { ch: string; next: number } | undefined {
  if (i >= p.length || p[i] === '-' || p[i] === ']') return undefined;
  if (p[i] === '\\') {
    if (i + 1 >= p.length) return undefined;
    const ch = String.fromCodePoint(p.codePointAt(i + 1)!);
    return { ch, next: i + 1 + ch.length };
  }
  const ch = String.fromCodePoint(p.codePointAt(i)!);
  return { ch, next: i + ch.length };
}

/** Folders Argo CD's directory generator offers to its patterns. */
export function isArgoCandidateDir(dir: string): boolean {
  return dir !== '' && !dir.split('/').some((seg) => seg.startsWith('.'));
}

/** `git ls-files -- <pattern>` (no pathspec magic): fnmatch without FNM_PATHNAME, or a path prefix. */
export function gitPathspecMatcher(pattern: string): (file: string) => boolean {
  const clean = pattern.replace(/^(\.\/)+/, '');
  if (!/[*?[]/.test(clean)) {
    const prefix = clean.replace(/\/+$/, '');
    return (file) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`);
  }
  let re = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '\\' && i + 1 < clean.length) re += escapeRe(clean[++i]!);
    else if (c === '[') {
      const close = clean.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        const inner = clean.slice(i + 1, close);
        const neg = inner.startsWith('!') || inner.startsWith('^');
        const body = (neg ? inner.slice(1) : inner).replace(/[\\\]^]/g, (m) => `\\${m}`);
        re += `[${neg ? '^' : ''}${body}]`;
        i = close;
      }
    } else re += escapeRe(c);
  }
  try {
    const rx = new RegExp(`^${re}$`, 'u');
    return (file) => rx.test(file);
  } catch {
    return () => false;
  }
}

/** doublestar (Go), as `--enable-new-git-file-globbing` uses it, relative to the repository root. */
export function doublestarMatcher(pattern: string): (file: string) => boolean {
  const clean = pattern.replace(/^(\.\/)+/, '');
  return picomatch(clean, { dot: true, nonegate: true, noextglob: true });
}

/** Whether an Argo CD git files generator pattern lists at least one of `files`. */
export function argoFilesMatchAny(pattern: string, files: Iterable<string>): boolean {
  const git = gitPathspecMatcher(pattern);
  const star = doublestarMatcher(pattern);
  for (const f of files) if (git(f) || star(f)) return true;
  return false;
}

/** Whether an Argo CD git directories generator pattern matches a folder; undefined for a bad pattern. */
export function argoDirsMatchAny(pattern: string, dirs: Iterable<string>): boolean | undefined {
  const rx = goPathPattern(pattern);
  if (!rx) return undefined;
  for (const d of dirs) if (isArgoCandidateDir(d) && rx.test(d)) return true;
  return false;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\\\]^-]/g, '\\$&');
}
