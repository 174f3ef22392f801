import path from 'node:path';

const REMOTE_RE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git::|hg::|s3::|gcs::|ssh:|file:|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i;

/** Kustomize treats these as remote targets, never as local paths. */
export function isRemoteRef(raw: string): boolean {
  return REMOTE_RE.test(raw) || /\?ref=/.test(raw);
}

/** Values such as `{{path}}` or `${CLUSTER}` that only exist after templating. */
export function isTemplated(raw: string): boolean {
  return raw.includes('{{') || raw.includes('${') || raw.includes('$(');
}

/** Whether `p` is a normal repo-relative path: segments that are neither empty, `.` nor `..`, no `\\`. */
function isNormal(p: string, from = 0, to = p.length): boolean {
  let segment = from;
  for (let i = from; i <= to; i++) {
    const c = i === to ? 0x2f : p.charCodeAt(i);
    if (c === 0x5c) return false; // a backslash, read as /
    if (c !== 0x2f) continue;
    const n = i - segment;
    if (n === 0 || (p.charCodeAt(segment) === 0x2e && (n === 1 || (n === 2 && p.charCodeAt(segment + 1) === 0x2e)))) return false;
    segment = i + 1;
  }
  return true;
}

/**
 * resolveInRepo for the references nearly all are: leading `./` and `../`, then a normal path, from a
 * normal folder. Gives resolveInRepo's answer (paths.test.ts checks), or null for anything else
 * (an absolute reference among them: its empty first segment is not normal).
 */
function resolvePlain(baseDir: string, raw: string): string | undefined | null {
  if (baseDir !== '' && !isNormal(baseDir)) return null;
  let start = 0;
  let up = 0;
  for (;;) {
    if (raw.charCodeAt(start) !== 0x2e) break;
    if (raw.charCodeAt(start + 1) === 0x2f) start += 2; // ./
    else if (raw.charCodeAt(start + 1) === 0x2e && (raw.charCodeAt(start + 2) === 0x2f || start + 2 === raw.length)) {
      up++; // ../ or a final ..
      start = Math.min(start + 3, raw.length);
    } else break;
  }
  let end = raw.length;
  while (end > start && raw.charCodeAt(end - 1) === 0x2f) end--;
  if (start === 0 && end === 0) return null; // '' itself
  if (end > start && !isNormal(raw, start, end)) return null;
  let base = baseDir;
  for (; up > 0; up--) {
    if (base === '') return undefined; // climbs out of the repository
    const slash = base.lastIndexOf('/');
    base = slash < 0 ? '' : base.slice(0, slash);
  }
  const rest = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  return rest === '' ? base : base === '' ? rest : `${base}/${rest}`;
}

/**
 * Joins a reference to its base folder and normalises it to a repo-relative path, or returns
 * undefined when the result climbs out of the repository root.
 */
export function resolveInRepo(baseDir: string, raw: string): string | undefined {
  // Most references (`deployment.yaml`, `./apps/prod`, `../../base`) need no general normalising.
  const plain = resolvePlain(baseDir, raw);
  if (plain !== null) return plain;
  const cleaned = raw.replace(/\\/g, '/');
  const joined = cleaned.startsWith('/') ? cleaned.slice(1) : path.posix.join(baseDir || '.', cleaned);
  const normal = path.posix.normalize(joined).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' ? '' : normal;
}

/**
 * The path `p` reaches once symlinks inside the repository are followed (`links`: link → target,
 * repo-relative; a link may be `p` itself or one of its folders). Each hop lands on a real path;
 * the hop count is bounded, so links that point at each other cannot loop.
 */
export function throughLinks(links: ReadonlyMap<string, string>, p: string): string {
  for (let hops = 0; hops <= links.size; hops++) {
    let next: string | undefined;
    for (let q = p; ; q = dirOf(q)) {
      const target = links.get(q);
      if (target !== undefined) {
        const rest = p.slice(q.length);
        next = target === '' ? rest.replace(/^\//, '') : target + rest;
        break;
      }
      if (q === '') break;
    }
    if (next === undefined || next === p) return p;
    p = next;
  }
  return p;
}

export function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** A folder as messages name it: the repository root has no path of its own. */
export function folderName(dir: string): string {
  return dir === '' ? 'the repository root' : dir;
}

export function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** The kustomize file names, in the order kustomize looks for them. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** The kustomization file kustomize would read in `dir`, among those `exists` says are there. */
export function kustomizationIn(dir: string, exists: (file: string) => boolean): string | undefined {
  return KUSTOMIZATION_NAMES.map((n) => joinPath(dir, n)).find(exists);
}

export function isKustomizationFile(file: string): boolean {
  const b = baseName(file);
  return (KUSTOMIZATION_NAMES as readonly string[]).includes(b);
}

/** Relative path from one folder to a file or folder, as a kustomization.yaml would list it. */
export function relativeRef(fromDir: string, to: string): string {
  const rel = path.posix.relative(fromDir || '.', to || '.');
  return rel === '' ? '.' : rel;
}
