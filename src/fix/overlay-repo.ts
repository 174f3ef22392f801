import { dirOf } from '../graph/paths.js';
import { isYamlPath } from '../load/load-repo.js';
import { looksTemplated, parseYamlText } from '../load/read-yaml.js';
import type { Repo, YamlFile } from '../load/types.js';
import type { ChangeSet } from './change-set.js';

/** The repository as it would be after the change set: unchanged files are shared, changed ones re-parsed. */
export function overlayRepo(base: Repo, cs: ChangeSet): Repo {
  const yaml = new Map<string, YamlFile>(base.yaml);
  const files = new Set(base.files);
  for (const change of cs.changes()) {
    if (change.after === null) {
      yaml.delete(change.path);
      files.delete(change.path);
      continue;
    }
    files.add(change.path);
    if (isYamlPath(change.path)) {
      const parsed = parseYamlText(change.path, change.after);
      yaml.set(change.path, parsed.errors.length > 0 && looksTemplated(change.after) ? { ...parsed, docs: [], errors: [], template: true } : parsed);
    }
  }
  const dirs = new Set<string>(['']);
  for (const f of files) {
    let d = dirOf(f);
    while (d !== '' && !dirs.has(d)) {
      dirs.add(d);
      d = dirOf(d);
    }
  }
  return { ...base, yaml, files, dirs };
}
