import type { Finding } from '../engine/types.js';

/** GitHub Actions workflow commands: each finding becomes an annotation on its file and line. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`omni-lint ${f.ruleId}`)}`];
      return `::${command} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}

// Escaping as @actions/core does, so messages with commas, colons or newlines survive.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
