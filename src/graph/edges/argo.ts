import { isArgoApplication, isArgoApplicationSet } from '../kinds.js';
import { arr, get, getStr, isObj, type Obj } from '../read.js';
import type { Origin, Resource } from '../types.js';
import { at, type EdgeSink } from './sink.js';

/** References of Argo CD Applications and ApplicationSets (argoproj.io/v1alpha1). */
export function extractArgoEdges(r: Resource, sink: EdgeSink): void {
  if (isArgoApplication(r)) extractApplication(r, sink);
  else if (isArgoApplicationSet(r)) extractApplicationSet(r, sink);
}

function origin(r: Resource): Omit<Origin, 'path'> {
  return { file: r.file, doc: r.doc, resource: r };
}

export function isFlamingoApp(r: Resource): boolean {
  return arr(get(r.body, 'spec', 'syncPolicy', 'syncOptions')).includes('FluxSubsystem=true');
}

interface SourceAt {
  source: Obj;
  path: (string | number)[];
}

export function applicationSources(r: Resource): SourceAt[] {
  const out: SourceAt[] = [];
  const single = get(r.body, 'spec', 'source');
  if (isObj(single)) out.push({ source: single, path: ['spec', 'source'] });
  arr(get(r.body, 'spec', 'sources')).forEach((s, i) => {
    if (isObj(s)) out.push({ source: s, path: ['spec', 'sources', i] });
  });
  return out;
}

function extractApplication(r: Resource, sink: EdgeSink): void {
  const o = origin(r);
  const sources = applicationSources(r);
  const refs = new Map<string, Obj>();
  for (const { source } of sources) {
    const ref = getStr(source, 'ref');
    if (ref) refs.set(ref, source);
  }
  for (const { source, path } of sources) {
    const repoURL = getStr(source, 'repoURL');
    const revision = getStr(source, 'targetRevision');
    const srcPath = getStr(source, 'path');
    if (repoURL && srcPath !== undefined && !getStr(source, 'chart')) {
      const e = sink.path('argo-source-path', at(o, [...path, 'path']), '', srcPath, 'dir');
      e.repo = revision ? { url: repoURL, revision } : { url: repoURL };
    }
    arr(get(source, 'helm', 'valueFiles')).forEach((v, i) => {
      const raw = getStr(v);
      if (!raw) return;
      const valuePath = [...path, 'helm', 'valueFiles', i];
      const m = /^\$([^/]+)\/(.*)$/.exec(raw);
      if (m) {
        const refSource = refs.get(m[1]!);
        if (!refSource) return;
        const url = getStr(refSource, 'repoURL');
        if (!url) return;
        const e = sink.path('argo-value-file', at(o, valuePath), '', m[2]!, 'file');
        const rev = getStr(refSource, 'targetRevision');
        e.repo = rev ? { url, revision: rev } : { url };
      } else if (repoURL && srcPath !== undefined && !getStr(source, 'chart')) {
        // Plain value files are relative to the chart folder of the same source.
        const e = sink.path('argo-value-file', at(o, valuePath), srcPath.replace(/^\.\/?/, ''), raw, 'file');
        e.repo = revision ? { url: repoURL, revision } : { url: repoURL };
      }
    });
  }
  const project = getStr(r.body, 'spec', 'project');
  if (project && project !== 'default' && !project.includes('{{')) {
    sink.add('argo-project', at(o, ['spec', 'project']), { type: 'resource', kinds: ['AppProject'], name: project, namespace: r.namespace });
  }
  if (isFlamingoApp(r)) {
    const isHelm = sources.length > 0 && !!getStr(sources[0]!.source, 'chart');
    const labels = get(r.body, 'metadata', 'labels');
    const workload = getStr(labels, 'flamingo/workload-name') ?? r.name;
    const namespace = getStr(r.body, 'spec', 'destination', 'namespace');
    sink.add('flamingo-workload', at(o, ['spec', 'syncPolicy', 'syncOptions']), {
      type: 'resource',
      kinds: [isHelm ? 'HelmRelease' : 'Kustomization'],
      name: workload,
      ...(namespace ? { namespace } : {}),
    });
  }
}

function extractApplicationSet(r: Resource, sink: EdgeSink): void {
  const o = origin(r);
  const visit = (gen: unknown, path: (string | number)[]): void => {
    if (!isObj(gen)) return;
    const git = gen.git;
    if (isObj(git)) {
      const url = getStr(git, 'repoURL');
      const revision = getStr(git, 'revision');
      for (const field of ['directories', 'files'] as const) {
        arr(git[field]).forEach((d, i) => {
          const pattern = getStr(d, 'path');
          if (!pattern || !url || get(d, 'exclude') === true) return;
          const e = sink.add('argo-generator-path', at(o, [...path, 'git', field, i, 'path']), {
            type: 'glob',
            raw: pattern,
            pattern: field === 'directories' ? `dir:${pattern}` : `file:${pattern}`,
          });
          e.repo = revision ? { url, revision } : { url };
        });
      }
    }
    for (const nested of ['matrix', 'merge'] as const) {
      arr(get(gen, nested, 'generators')).forEach((g, i) => visit(g, [...path, nested, 'generators', i]));
    }
  };
  arr(get(r.body, 'spec', 'generators')).forEach((g, i) => visit(g, ['spec', 'generators', i]));
}
