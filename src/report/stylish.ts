import type { Finding } from '../engine/types.js';

export interface StylishOptions {
  color: boolean;
}

const SEVERITY_LABEL = { error: 'error', warning: 'warning', info: 'info' } as const;

/** ESLint's "stylish" layout: findings grouped by file, then a summary line. */
export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  const c = colors(options.color);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(c.underline(file || '(repository)'));
    for (const f of list) {
      const sev = f.severity === 'error' ? c.red(SEVERITY_LABEL.error) : f.severity === 'warning' ? c.yellow(SEVERITY_LABEL.warning) : c.blue(SEVERITY_LABEL.info);
      out.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(8))} ${sev.padEnd(options.color ? 16 : 7)}  ${f.message}  ${c.dim(f.ruleId)}`);
    }
    out.push('');
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  const fixable = findings.filter((f) => f.fixable).length;
  if (findings.length === 0) return '';
  const summary = `${errors + warnings + infos} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`;
  out.push(errors > 0 ? c.red(c.bold(`✖ ${summary}`)) : c.yellow(c.bold(`⚠ ${summary}`)));
  if (fixable > 0) out.push(`  ${fixable} of them can be fixed with the \`--fix\` option.`);
  return `${out.join('\n')}\n`;
}

function colors(on: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}
