import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Copies a fixture tree to a fresh temp folder, outside any git repository, and returns its path. */
export function copyFixture(dir: string): string {
  const target = mkdtempSync(path.join(os.tmpdir(), 'omni-lint-fixture-'));
  cpSync(dir, target, { recursive: true, verbatimSymlinks: true });
  return target;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` as repo-relative path → content, for whole-tree comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out[path.relative(dir, full).replace(/\\/g, '/')] = readFileSync(full, 'utf8');
    }
  };
  visit(dir);
  return out;
}

/** Paths (relative to `dir`, `/`-separated, sorted) of the files under `dir`; symlinks are not followed. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  visit('');
  return out.sort();
}

/** Folders under `dir` ('' for `dir` itself) that hold a kustomization.yaml, as `kubectl kustomize` takes them. */
export function kustomizeFolders(dir: string): string[] {
  return filesUnder(dir)
    .filter((f) => path.posix.basename(f) === 'kustomization.yaml')
    .map((f) => (f.includes('/') ? path.posix.dirname(f) : ''));
}
