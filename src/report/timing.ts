import type { LintStats } from '../engine/run.js';

/**
 * ESLint's TIMING: `TIMING=1` shows the ten slowest rules, `TIMING=all` every rule, `TIMING=N` the N
 * slowest. Undefined when the variable asks for nothing.
 */
export function timingLimit(value: string | undefined): number | undefined {
  const v = value?.trim().toLowerCase();
  if (!v || v === '0' || v === 'false') return undefined;
  if (v === 'all') return Infinity;
  const n = Number(v);
  return Number.isInteger(n) && n > 1 ? n : 10;
}

/** The slowest rules and the time per phase, as a table for people (standard error). */
export function formatTiming(stats: Pick<LintStats, 'phases' | 'durationMs' | 'ruleMs'>, limit: number): string {
  const { phases } = stats;
  const ms = (n: number): string => n.toFixed(1);
  const summary = `Phases: load ${ms(phases.load)} ms, graph ${ms(phases.graph)} ms, rules ${ms(phases.rules)} ms, report ${ms(phases.report)} ms; whole lint ${ms(stats.durationMs)} ms.\n`;
  if (!stats.ruleMs) return `No rule ran: the --cache held this run's findings; the whole lint took ${ms(stats.durationMs)} ms.\n`;
  const rows = Object.entries(stats.ruleMs).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = rows.reduce((sum, [, t]) => sum + t, 0);
  const shown = rows.slice(0, limit);
  const width = Math.max('Rule'.length, ...shown.map(([id]) => id.length));
  const times = shown.map(([, t]) => ms(t));
  const timeWidth = Math.max('Time (ms)'.length, ...times.map((t) => t.length));
  const lines = [
    `${'Rule'.padEnd(width)} | ${'Time (ms)'.padStart(timeWidth)} | Relative`,
    `${':'.padEnd(width + 1, '-')}|${'-'.repeat(timeWidth + 1)}:|${'-'.repeat(8)}:`,
    ...shown.map(([id, t], i) => `${id.padEnd(width)} | ${times[i]!.padStart(timeWidth)} | ${`${(total > 0 ? (100 * t) / total : 0).toFixed(1)}%`.padStart(8)}`),
  ];
  return `${lines.join('\n')}\n${summary}`;
}
