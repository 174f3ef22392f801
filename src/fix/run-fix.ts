import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQuery } from '../graph/query.js';
import type { Graph } from '../graph/types.js';
import { lintRepo, type FindingWithFix, type LintOptions, type LintResult } from '../engine/run.js';
import type { RuleType } from '../engine/types.js';
import { loadRepo } from '../load/load-repo.js';
import type { Repo, SkipReason } from '../load/types.js';
import { FixBuilder } from './builder.js';
import { ChangeSet, type ChangeRecord } from './change-set.js';
import { lowerUnit } from './lower.js';
import { overlayRepo } from './overlay-repo.js';
import { applyEdits, FixError, type TextEdit } from './yaml-edit.js';

export const MAX_PASSES = 10;

export interface FixOptions extends LintOptions {
  /** Which kinds of fix to apply: 'problem' and 'layout' fixes, and 'suggestion' (fixes that change what is deployed). */
  fixTypes: ReadonlySet<RuleType>;
  /** Fix only the findings this accepts (e.g. those in staged files, for --staged); every finding when absent. */
  only?: (finding: FindingWithFix) => boolean;
}

export interface SkippedUnit {
  ruleId: string;
  file: string;
  line: number;
  reason: string;
}

export interface FixPlan {
  /** The overlay holding every accepted change. */
  changeSet: ChangeSet;
  /** What was done, in order, per unit. */
  records: ChangeRecord[];
  /** Fixes that could not be applied, and why. */
  skipped: SkippedUnit[];
  passes: number;
  /** How many fixes (units) were applied over all passes. */
  applied: number;
  before: LintResult;
  after: LintResult;
  /** True when the loop stopped on a cycle rather than on a fixed point. */
  cycle: boolean;
}

interface Unit {
  key: string;
  finding: FindingWithFix;
  apply: (b: FixBuilder) => void;
}

/**
 * Plans every fix in memory: lint, apply the units that do not conflict, re-lint the overlay, and
 * repeat (at most 10 passes) until nothing changes. Each pass is verified before it is kept; a pass
 * that fails verification is retried one unit at a time so one bad fix cannot block the others.
 * `linted`: a full lint of `root` with these options' config and rules that the caller already ran
 * (the action reports it before planning); the plan then starts from it instead of linting again.
 * It is only read.
 */
export function planFixes(root: string, options: FixOptions, linted?: LintResult): FixPlan {
  const base = linted?.graph.repo ?? loadRepo(root, { ignore: options.config.ignore, ...options.config.limits });
  const absRoot = base.root;
  const readBase = (p: string): string | undefined => {
    const cached = base.yaml.get(p);
    if (cached && !cached.skipped) return cached.text;
    if (!base.files.has(p)) return undefined;
    try {
      return readFileSync(path.join(absRoot, p), 'utf8');
    } catch {
      return undefined;
    }
  };
  const cs = new ChangeSet(readBase, untouchable(base));
  const before = linted ?? lintRepo(base, options);
  const skipped: SkippedUnit[] = [];
  const fingerprints: string[] = [cs.fingerprint()];
  let current = before;
  let passes = 0;
  let cycle = false;
  let appliedTotal = 0;
  const ruleTypes = new Map(options.rules.map((r) => [r.id, r.meta.type] as const));

  while (passes < MAX_PASSES) {
    const units = collectUnits(options.only ? current.findings.filter(options.only) : current.findings, options.fixTypes, ruleTypes);
    if (units.length === 0) break;
    passes++;
    const restorePass = cs.snapshot();
    let applied = applyUnits(units, new GraphQuery(current.graph), cs, skipped, true);
    if (applied > 0) {
      const problem = verify(base, cs, before, options);
      if (problem) {
        // Retry one unit at a time, keeping only those that verify on their own.
        restorePass();
        applied = 0;
        const query = new GraphQuery(current.graph);
        for (const unit of units) {
          const restore = cs.snapshot();
          if (applyUnits([unit], query, cs, skipped, false) === 0) continue;
          const why = verify(base, cs, before, options);
          if (why) {
            restore();
            skipped.push(skip(unit, why));
          } else applied++;
        }
      }
    }
    if (applied === 0) break;
    const fp = cs.fingerprint();
    if (fp === fingerprints[fingerprints.length - 1]) {
      // The fixes left the tree as it was: a fixed point, not progress. Drop their empty records.
      restorePass();
      break;
    }
    appliedTotal += applied;
    current = lintRepo(overlayRepo(base, cs), options);
    if (fingerprints.includes(fp)) {
      // Back to a tree an earlier pass produced: the fixes undo each other.
      cycle = true;
      break;
    }
    fingerprints.push(fp);
  }
  // A unit skipped in one pass may have been fixed in a later one; report only what remains.
  const remaining = new Set(current.findings.map((f) => `${f.ruleId}:${f.file}`));
  const stillSkipped = dedupeSkipped(skipped).filter((s) => remaining.has(`${s.ruleId}:${s.file}`));
  return { changeSet: cs, records: [...cs.records], skipped: stillSkipped, passes, applied: appliedTotal, before, after: current, cycle };
}

/**
 * Why a file must never be written: the loader did not read it (its bytes would be lost in a
 * round trip through text), or it is not UTF-8 text. Undefined for files a fix may change.
 */
function untouchable(base: Repo): (p: string) => string | undefined {
  const notUtf8 = new Map<string, boolean>();
  return (p) => {
    const skipped = base.yaml.get(p)?.skipped;
    if (skipped) return `omni-lint did not read it (${SKIP_WORDS[skipped.kind]})`;
    if (base.yaml.has(p) || !base.files.has(p)) return undefined;
    if (!notUtf8.has(p)) {
      let bad = false;
      try {
        bad = !isUtf8(readFileSync(path.join(base.root, p)));
      } catch {
        // unreadable now: the commit will say so
      }
      notUtf8.set(p, bad);
    }
    return notUtf8.get(p) ? 'it is not UTF-8 text, and rewriting it would change its bytes' : undefined;
  };
}

const SKIP_WORDS: Record<SkipReason['kind'], string> = {
  binary: 'it holds binary data',
  'not-utf8': 'it is not UTF-8 text',
  'too-large': 'it is over limits.maxFileBytes',
  'too-many-documents': 'it has more documents than limits.maxDocuments',
  template: 'it is a template',
  'symlink-outside-root': 'it is a symlink out of the repository',
  'symlink-broken': 'it is a symlink that leads nowhere',
  unreadable: 'it could not be read',
};

function collectUnits(findings: readonly FindingWithFix[], fixTypes: ReadonlySet<RuleType>, ruleTypes: Map<string, RuleType>): Unit[] {
  const units: Unit[] = [];
  for (const f of findings) {
    const type = ruleTypes.get(f.ruleId);
    if (!type) continue;
    const key = `${f.ruleId}:${f.file}:${f.line}:${f.column}`;
    if (f.fix && fixTypes.has(type)) units.push({ key, finding: f, apply: f.fix });
    else if (f.suggest && fixTypes.has('suggestion')) units.push({ key, finding: f, apply: f.suggest });
  }
  return units;
}

/** Applies units whose files no earlier unit of this pass touched; returns how many were applied. */
function applyUnits(units: readonly Unit[], query: GraphQuery, cs: ChangeSet, skipped: SkippedUnit[], deferConflicts: boolean): number {
  // Every unit is lowered against the tree as the pass found it, which is the tree the graph (and its
  // YAML paths) describes. As in ESLint, edits of different units to one file are merged when their
  // ranges do not overlap; a unit that overlaps, or touches a file another unit creates, moves or
  // deletes, waits for the next pass.
  const passStart = cs.frozenReader();
  const regions = new Map<string, TextEdit[]>();
  const whole = new Map<string, string | null>();
  let applied = 0;
  for (const unit of units) {
    const builder = new FixBuilder();
    const scratch = new ChangeSet(passStart, cs.guard);
    try {
      unit.apply(builder);
      lowerUnit(builder.operations, query, scratch, unit.key);
    } catch (e) {
      if (!deferConflicts || !builderFiles(builder).some((p) => regions.has(p) || whole.has(p))) {
        skipped.push(skip(unit, e instanceof FixError ? e.message : `the fix crashed: ${(e as Error).message}`));
      }
      continue;
    }
    const mine = new Map<string, TextEdit>();
    const mineWhole = new Map<string, string | null>();
    for (const change of scratch.changes()) {
      if (change.before !== undefined && change.after !== null) mine.set(change.path, changedRegion(change.before, change.after));
      else mineWhole.set(change.path, change.after);
    }
    const conflicts =
      [...mineWhole.keys()].some((p) => regions.has(p) || whole.has(p)) ||
      [...mine].some(([p, edit]) => whole.has(p) || (regions.get(p) ?? []).some((other) => overlaps(edit, other)));
    if (conflicts) continue;
    for (const [p, edit] of mine) regions.set(p, [...(regions.get(p) ?? []), edit]);
    for (const [p, text] of mineWhole) whole.set(p, text);
    cs.records.push(...scratch.records);
    applied++;
  }
  for (const [p, edits] of regions) cs.write(p, applyEdits(passStart(p)!, edits));
  for (const [p, text] of whole) {
    if (text === null) cs.remove(p);
    else cs.write(p, text);
  }
  return applied;
}

/** The one range of `before` that differs from `after`, and what replaces it. */
function changedRegion(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  // Whole lines, so two units never split one line between them.
  const lineStart = before.lastIndexOf('\n', start - 1) + 1;
  const endIdx = before.length - tail;
  const nl = before.indexOf('\n', Math.max(endIdx - 1, lineStart));
  const lineEnd = endIdx === lineStart && tail > 0 && before[endIdx - 1] === '\n' ? endIdx : nl < 0 ? before.length : nl + 1;
  const afterEnd = after.length - (before.length - lineEnd);
  return { start: lineStart, end: lineEnd, text: after.slice(lineStart, afterEnd) };
}

/** Touching ranges count as overlapping: two insertions at one place would have no defined order. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Files a unit's operations name directly, to tell a conflict from a real failure. */
function builderFiles(b: FixBuilder): string[] {
  return b.operations.flatMap((op) => {
    if ('target' in op) return [op.target.file];
    if (op.op === 'move-file' || op.op === 'relocate') return [op.from, op.to];
    return [op.file];
  });
}

/** Returns why the overlay is not safe to write, or undefined when it is. */
function verify(base: Repo, cs: ChangeSet, before: LintResult, options: FixOptions): string | undefined {
  const repo = overlayRepo(base, cs);
  for (const change of cs.changes()) {
    if (change.after === null) continue;
    const file = repo.yaml.get(change.path);
    if (file && file.errors.length > 0) return `${change.path} would not parse after the fix (${file.errors[0]!.message})`;
  }
  const after = lintRepo(repo, options);
  const problemRules = new Set(options.rules.filter((r) => r.meta.type === 'problem').map((r) => r.id));
  const count = (r: LintResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of r.findings) if (problemRules.has(f.ruleId) || f.ruleId === 'internal-error') m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
    return m;
  };
  const was = count(before);
  for (const [rule, n] of count(after)) {
    if (n > (was.get(rule) ?? 0)) {
      const old = new Set(before.findings.filter((f) => f.ruleId === rule).map((f) => f.message));
      const added = after.findings.find((f) => f.ruleId === rule && !old.has(f.message));
      return `it would add a ${rule} problem${added ? ` in ${added.file} ("${added.message.split('. ')[0]}")` : ''}`;
    }
  }
  if (!options.fixTypes.has('suggestion')) {
    const lost = missingDeployed(before.graph, after.graph) ?? missingRendered(before.graph, after.graph);
    if (lost) return `${lost} would no longer be deployed`;
  }
  const broken = newlyBroken(before.graph, after.graph);
  if (broken !== undefined) return `kustomize build of ${broken || '.'} would fail (an object listed twice, or a file it cannot read)`;
  return undefined;
}

/** The first kustomize folder that builds before and would not after (it still exists, or moved nowhere). */
function newlyBroken(before: Graph, after: Graph): string | undefined {
  const was = new GraphQuery(before).renderer;
  const now = new GraphQuery(after).renderer;
  for (const k of after.kustomizeFiles) {
    if (!was.kustomization(k.dir) || was.renderKustomizeDir(k.dir).broken) continue;
    if (now.renderKustomizeDir(k.dir).broken) return k.dir;
  }
  return undefined;
}

/**
 * The first object that some kustomize folder renders before and none after, whether or not anything
 * deploys that folder: a move into a folder whose build fails loses the object there too.
 */
function missingRendered(before: Graph, after: Graph): string | undefined {
  const key = (k: string, ns: string | undefined, n: string): string => `${k} ${ns ?? ''}/${n}`;
  const items = (g: Graph): Set<string> => {
    const r = new GraphQuery(g).renderer;
    const out = new Set<string>();
    for (const k of g.kustomizeFiles) {
      const set = r.renderKustomizeDir(k.dir);
      if (!set.broken) for (const it of set.items) out.add(key(it.kind, it.namespace, it.name));
    }
    return out;
  };
  const now = items(after);
  for (const k of items(before)) if (!now.has(k)) return k;
  return undefined;
}

/**
 * The first object deployed before and not after, as `Kind namespace/name`. A deployer whose build
 * fails (a kustomization names a missing file) deploys nothing, so moving an object into it loses it.
 */
function missingDeployed(before: Graph, after: Graph): string | undefined {
  const key = (k: string, ns: string | undefined, n: string): string => `${k} ${ns ?? ''}/${n}`;
  const afterSet = new Set<string>();
  for (const d of new GraphQuery(after).deployers()) {
    if (!d.renders.broken) for (const it of d.renders.items) afterSet.add(key(it.kind, it.namespace, it.name));
  }
  for (const d of new GraphQuery(before).deployers()) {
    if (d.renders.broken) continue;
    for (const it of d.renders.items) if (!afterSet.has(key(it.kind, it.namespace, it.name))) return key(it.kind, it.namespace, it.name);
  }
  return undefined;
}

function skip(unit: Unit, reason: string): SkippedUnit {
  return { ruleId: unit.finding.ruleId, file: unit.finding.file, line: unit.finding.line, reason };
}

function dedupeSkipped(list: SkippedUnit[]): SkippedUnit[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = `${s.ruleId}:${s.file}:${s.line}:${s.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
