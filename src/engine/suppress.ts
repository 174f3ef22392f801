import type { Repo } from '../load/types.js';
import type { FindingWithFix } from './run.js';

const DIRECTIVE_RE = /#\s*omni-lint-disable(-next-line|-file)\s+([\w,\s-]+?)(?:\s+--\s*(.*))?\s*$/;

interface Directive {
  file: string;
  line: number;
  kind: 'next-line' | 'file';
  rules: string[];
  reason: string | undefined;
  used: boolean;
}

/**
 * Honours `# omni-lint-disable-next-line <ids> -- <reason>` and `# omni-lint-disable-file <ids>`.
 * Suppressions live in comments so nothing ships to the cluster. A directive without a reason,
 * naming an unknown rule, or suppressing nothing is reported itself, as ESLint does.
 */
export function applySuppressions(findings: FindingWithFix[], repo: Repo, knownRules: Set<string>): FindingWithFix[] {
  const directives = collectDirectives(repo);
  if (directives.length === 0) return findings;
  const byFile = new Map<string, Directive[]>();
  for (const d of directives) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const kept = findings.filter((f) => {
    for (const d of byFile.get(f.file) ?? []) {
      if (!d.rules.includes(f.ruleId)) continue;
      if (d.kind === 'file' || d.line + 1 === f.line) {
        d.used = true;
        return false;
      }
    }
    return true;
  });
  for (const d of directives) {
    const unknown = d.rules.filter((r) => !knownRules.has(r));
    let message: string | undefined;
    if (unknown.length > 0) message = `The directive names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; run omni-lint --list-rules for the ids.`;
    else if (!d.used) message = `The directive omni-lint-disable-${d.kind} ${d.rules.join(', ')} suppresses nothing here; remove it.`;
    else if (!d.reason) message = `The directive omni-lint-disable-${d.kind} ${d.rules.join(', ')} gives no reason; add one after " -- " so reviewers know why.`;
    if (!message) continue;
    kept.push({
      ruleId: 'suppression-directive',
      messageId: 'directive',
      severity: 'warning',
      message,
      file: d.file,
      line: d.line,
      column: 1,
      endLine: d.line,
      endColumn: 1,
      fixable: false,
    });
  }
  return kept;
}

/** Whether `text` may hold suppression comments; the --cache stores the answer for every file. */
export function hasDirectives(text: string): boolean {
  return text.includes('omni-lint-disable');
}

function collectDirectives(repo: Repo): Directive[] {
  const out: Directive[] = [];
  for (const f of repo.yaml.values()) {
    // A --cache run knows which files it did not read hold no directive: their text stays unread.
    if (f.noDirectives || !hasDirectives(f.text)) continue;
    f.text.split(/\r?\n/).forEach((line, i) => {
      const m = DIRECTIVE_RE.exec(line);
      if (!m) return;
      out.push({
        file: f.path,
        line: i + 1,
        kind: m[1] === '-file' ? 'file' : 'next-line',
        rules: m[2]!.split(/[\s,]+/).filter(Boolean),
        reason: m[3]?.trim() || undefined,
        used: false,
      });
    });
  }
  return out;
}
