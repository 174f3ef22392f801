import type { Finding } from '../engine/types.js';
import { ruleDocsUrl } from './docs-url.js';

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

/** A summary for a pull-request comment or a job summary: counts, then one table row per finding. */
export function formatMarkdown(findings: readonly Finding[], options: { fileUrl?: (file: string, line: number) => string } = {}): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  const lines = ['## omni-lint', ''];
  if (findings.length === 0) {
    lines.push('No problems found.', '');
    return lines.join('\n');
  }
  lines.push(`**${errors}** error${errors === 1 ? '' : 's'}, **${warnings}** warning${warnings === 1 ? '' : 's'}, **${infos}** info.`, '');
  lines.push('| | file | rule | message |', '| --- | --- | --- | --- |');
  for (const f of findings) {
    const where = `${f.file}:${f.line}`;
    const link = options.fileUrl ? `[${where}](${options.fileUrl(f.file, f.line)})` : `\`${where}\``;
    lines.push(`| ${ICON[f.severity]} | ${link} | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${escapeCell(f.message)} |`);
  }
  const fixable = findings.filter((f) => f.fixable).length;
  if (fixable > 0) lines.push('', `${fixable} of them can be fixed with \`npx omni-lint --fix\`.`);
  lines.push('');
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
