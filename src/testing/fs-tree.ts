import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

/**
 * A fixtures/_load case laid out in `base`: input/ copied to `base/repo`, then its setup.json applied
 * (files written to `base/outside`, symlinks made, `<outside>` in their targets standing for that folder).
 */
export function prepareLoadCase(caseDir: string, base: string): { repo: string; outside: string } {
  const repo = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  cpSync(path.join(caseDir, 'input'), repo, { recursive: true, verbatimSymlinks: true });
  mkdirSync(outside);
  const setupFile = path.join(caseDir, 'setup.json');
  const setup = existsSync(setupFile) ? (JSON.parse(readFileSync(setupFile, 'utf8')) as { symlinks?: Record<string, string>; outside?: Record<string, string> }) : {};
  for (const [file, text] of Object.entries(setup.outside ?? {})) {
    mkdirSync(path.dirname(path.join(outside, file)), { recursive: true });
    writeFileSync(path.join(outside, file), text);
  }
  for (const [link, target] of Object.entries(setup.symlinks ?? {})) {
    mkdirSync(path.dirname(path.join(repo, link)), { recursive: true });
    symlinkSync(target.replace('<outside>', outside), path.join(repo, link));
  }
  return { repo, outside };
}
