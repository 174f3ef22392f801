import type { Finding } from '../engine/types.js';
import { formatMarkdown } from '../report/markdown.js';
import { fenceFor, type FixPlanSummary } from './review.js';

/** GitHub aborts a job summary past 1024 KiB per step; stay well below. */
export const MAX_SUMMARY_CHARS = 900_000;

export interface SummaryInput {
  findings: readonly Finding[];
  fileUrl?: (file: string, line: number) => string;
  /** Set on pull requests with changed-only: how many files the pull request changes. */
  changedFiles?: number;
  diagram?: string;
  plan?: FixPlanSummary;
  /** A line about the posted review, or why none was posted. */
  review?: string;
  footer: string;
}

/** The job summary: counts and a table of findings, the apps the pull request touches, and the fix diff. */
export function buildSummary(input: SummaryInput): string {
  const tail: string[] = [];
  if (input.changedFiles !== undefined) {
    tail.push(`Only findings in the ${input.changedFiles} file${input.changedFiles === 1 ? '' : 's'} this pull request changes are reported (input \`changed-only\`).`);
  }
  if (input.review) tail.push(input.review);
  if (input.diagram) {
    tail.push(
      '',
      '### Apps this pull request touches',
      '',
      input.diagram.trimEnd(),
    );
  }
  if (input.plan?.diff && input.plan.diff.length > MAX_SUMMARY_CHARS / 2) {
    tail.push('', '_The diff of what `npx omni-lint --fix` would change is too long for a job summary: run `npx omni-lint --fix-dry-run`._');
  } else if (input.plan?.diff) {
    const fence = fenceFor(input.plan.diff);
    tail.push('', '<details><summary>What <code>npx omni-lint --fix</code> would change</summary>', '', `${fence}diff`, input.plan.diff.trimEnd(), fence, '', '</details>');
  }
  tail.push('', `<sub>${input.footer}</sub>`, '');
  const rest = tail.join('\n');
  let table = formatMarkdown(input.findings, input.fileUrl ? { fileUrl: input.fileUrl } : {});
  if (table.length + rest.length > MAX_SUMMARY_CHARS) {
    let keep = input.findings.length;
    while (keep > 0 && table.length + rest.length > MAX_SUMMARY_CHARS) {
      keep = Math.floor(keep * 0.8);
      table = formatMarkdown(input.findings.slice(0, keep), input.fileUrl ? { fileUrl: input.fileUrl } : {});
    }
    table += `\n…and ${input.findings.length - keep} more findings, too many for a job summary: see the SARIF report.\n`;
  }
  return `${table}\n${rest}`;
}
