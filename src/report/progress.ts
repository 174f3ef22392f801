import type { LintProgress } from '../engine/run.js';

/** Where progress goes: standard error, or a fake stream in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressSettings {
  env: NodeJS.ProcessEnv;
  /** Dim the line with ANSI codes; false for --no-color and NO_COLOR (then no escape codes at all). */
  color: boolean;
  /** True when the report goes to a terminal or a file, not down a pipe. */
  outputVisible: boolean;
  /** Milliseconds before the first line: short runs show nothing. */
  delayMs?: number;
  /** Minimum milliseconds between two updates. */
  intervalMs?: number;
  now?: () => number;
}

/** CI services set CI (GitHub Actions, GitLab, CircleCI, Buildkite, ...); progress would only clutter their logs. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Progress is for a person watching a terminal: never in CI, never when the report is piped, never on a dumb terminal. */
export function progressWanted(stream: ProgressStream, settings: ProgressSettings): boolean {
  return stream.isTTY === true && settings.outputVisible && !isCi(settings.env) && settings.env.TERM !== 'dumb';
}

/**
 * One status line on standard error ("omni-lint: reading files 120/450"), redrawn in place at most
 * every `intervalMs` within a phase, first drawn after `delayMs`, and erased by `done()` before
 * anything else is printed.
 */
export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private lastDraw = -Infinity;
  private shownWidth = 0;
  private shown: string | undefined;
  private phase: LintProgress['phase'] | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly settings: ProgressSettings,
  ) {
    this.now = settings.now ?? (() => Date.now());
    this.delayMs = settings.delayMs ?? 250;
    this.intervalMs = settings.intervalMs ?? 100;
    this.started = this.now();
  }

  /** Records where the run is; draws only when the throttle allows it. Cheap enough to call per file. */
  update(event: LintProgress): void {
    const t = this.now();
    // A new phase is drawn at once, so a slow graph build never sits under "reading files 450/450".
    if (t - this.started < this.delayMs || (event.phase === this.phase && t - this.lastDraw < this.intervalMs)) return;
    this.phase = event.phase;
    const text = describe(event);
    const line = text.length > 78 ? `${text.slice(0, 77)}…` : text;
    if (line === this.shown) return;
    this.lastDraw = t;
    const pad = this.settings.color ? '' : ' '.repeat(Math.max(0, this.shownWidth - line.length));
    this.stream.write(this.settings.color ? `\r\x1b[2K\x1b[2m${line}\x1b[22m` : `\r${line}${pad}`);
    this.shown = line;
    this.shownWidth = line.length;
  }

  /** Erases the line, if one was drawn. */
  done(): void {
    if (this.shownWidth === 0) return;
    this.stream.write(this.settings.color ? '\r\x1b[2K' : `\r${' '.repeat(this.shownWidth)}\r`);
    this.shownWidth = 0;
    this.shown = undefined;
  }
}

function describe(e: LintProgress): string {
  switch (e.phase) {
    case 'read':
      return `omni-lint: reading files ${e.done}/${e.total}`;
    case 'graph':
      return 'omni-lint: building the graph';
    case 'rules':
      return `omni-lint: running rules ${e.done}/${e.total}${e.rule ? ` (${e.rule})` : ''}`;
  }
}

/** A Progress when a person is watching, else undefined (callers then pass no callback at all). */
export function createProgress(stream: ProgressStream, settings: ProgressSettings): Progress | undefined {
  return progressWanted(stream, settings) ? new Progress(stream, settings) : undefined;
}
