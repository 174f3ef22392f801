import { FixError } from './yaml-edit.js';

/**
 * An in-memory overlay over the repository: new contents per file (`null` = deleted), plus the
 * ordered list of what happened, each tagged with the unit (finding) that asked for it.
 */
export interface FileChange {
  path: string;
  before: string | undefined;
  after: string | null;
}

export interface ChangeRecord {
  kind: 'create' | 'edit' | 'move' | 'delete';
  path: string;
  to?: string;
  unit: string;
}

export class ChangeSet {
  private readonly overlay = new Map<string, string | null>();
  readonly records: ChangeRecord[] = [];

  /**
   * `guard` says why a path must never be written or deleted (a file omni-lint did not read: binary,
   * not UTF-8, over a limit), or undefined when it may be; such a write fails the unit that tried it.
   */
  constructor(
    private readonly readBase: (path: string) => string | undefined,
    readonly guard?: (path: string) => string | undefined,
  ) {}

  read(path: string): string | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? undefined;
    return this.readBase(path);
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined;
  }

  write(path: string, text: string): void {
    this.check(path);
    this.overlay.set(path, text);
  }

  remove(path: string): void {
    this.check(path);
    this.overlay.set(path, null);
  }

  private check(path: string): void {
    const why = this.guard?.(path);
    if (why !== undefined) throw new FixError(`${path} is left as it is: ${why}`);
  }

  record(r: ChangeRecord): void {
    this.records.push(r);
  }

  /** Paths whose content differs from the base, with before and after. */
  changes(): FileChange[] {
    const out: FileChange[] = [];
    for (const [path, after] of this.overlay) {
      const before = this.readBase(path);
      if (before === (after ?? undefined)) continue;
      out.push({ path, before, after });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  touched(): Set<string> {
    return new Set(this.overlay.keys());
  }

  isEmpty(): boolean {
    return this.changes().length === 0;
  }

  /** A reader of the tree as it is now, unaffected by later writes (each pass lowers its units against one). */
  frozenReader(): (path: string) => string | undefined {
    const overlay = new Map(this.overlay);
    return (path) => (overlay.has(path) ? (overlay.get(path) ?? undefined) : this.readBase(path));
  }

  /** Takes over another change set's writes and records (a unit lowered on its own). */
  absorb(other: ChangeSet): void {
    for (const [path, text] of other.overlay) this.overlay.set(path, text);
    this.records.push(...other.records);
  }

  /** A restore point, so a unit that fails half-way leaves no trace. */
  snapshot(): () => void {
    const overlay = new Map(this.overlay);
    const records = this.records.length;
    return () => {
      this.overlay.clear();
      for (const [k, v] of overlay) this.overlay.set(k, v);
      this.records.length = records;
    };
  }

  /** A fingerprint of the overlay, to spot fix cycles. */
  fingerprint(): string {
    return this.changes()
      .map((c) => `${c.path}\u0000${c.after ?? '\u0001'}`)
      .join('\u0002');
  }
}
