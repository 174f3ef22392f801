import type { Finding } from '../engine/types.js';
import { buildDeployTree, unitItems, type DeployUnit } from '../graph/deploy-tree.js';
import { isArgoApplication, isArgoApplicationSet, isFluxKustomization, isHelmRelease } from '../graph/kinds.js';
import type { GraphQuery } from '../graph/query.js';
import { get, getStr } from '../graph/read.js';
import type { Resource } from '../graph/types.js';

/** GitHub renders big flowcharts poorly; past this many apps the diagram keeps the touched ones and says how many it left out. */
export const MAX_NODES = 40;

interface Node {
  resource: Resource;
  unit?: DeployUnit;
  touched: boolean;
  changedFiles: number;
  errors: number;
  warnings: number;
}

/**
 * A Mermaid flowchart of the Flux and Argo CD apps a pull request touches (their manifest changed,
 * or a file they deploy was changed or removed) and the apps that deploy them, up to the roots:
 * Flux Kustomizations and HelmReleases, Argo CD Applications and ApplicationSets. Paths are relative
 * to the linted folder. Undefined when the pull request touches no app.
 */
export function appsDiagram(query: GraphQuery, changed: ReadonlySet<string>, removed: ReadonlySet<string>, findings: readonly Finding[]): string | undefined {
  const tree = buildDeployTree(query.deployers());
  const unitById = new Map(tree.units.map((u) => [u.resource.id, u] as const));
  // Who deploys each app: the units whose render holds its object.
  const parentsOf = new Map<string, DeployUnit[]>();
  for (const u of tree.units) {
    for (const it of unitItems(u)) {
      if (!it.source || it.source.id === u.resource.id) continue;
      const list = parentsOf.get(it.source.id) ?? [];
      if (!list.includes(u)) parentsOf.set(it.source.id, [...list, u]);
    }
  }
  const apps = query.graph.resources.filter((r) => isFluxKustomization(r) || isHelmRelease(r) || isArgoApplication(r) || isArgoApplicationSet(r));
  const nodes = new Map<string, Node>();
  for (const r of apps) {
    const unit = unitById.get(r.id);
    const files = new Set<string>([r.file]);
    for (const part of unit?.parts ?? []) for (const f of part.renders.files) files.add(f);
    let changedFiles = [...files].filter((f) => changed.has(f)).length;
    for (const part of unit?.parts ?? []) {
      changedFiles += [...removed].filter((f) => part.dir === '' || f.startsWith(`${part.dir}/`)).length;
    }
    if (changedFiles === 0) continue;
    const mine = findings.filter((f) => files.has(f.file) && changed.has(f.file));
    nodes.set(r.id, {
      resource: r,
      ...(unit ? { unit } : {}),
      touched: true,
      changedFiles,
      errors: mine.filter((f) => f.severity === 'error').length,
      warnings: mine.filter((f) => f.severity === 'warning').length,
    });
  }
  if (nodes.size === 0) return undefined;
  // Add the apps that deploy them, up to the roots, while there is room.
  const touchedCount = nodes.size;
  const queue = [...nodes.values()].map((n) => n.resource);
  while (queue.length > 0) {
    const r = queue.shift()!;
    for (const p of parentsOf.get(r.id) ?? []) {
      if (nodes.has(p.resource.id) || nodes.size >= MAX_NODES) continue;
      nodes.set(p.resource.id, { resource: p.resource, unit: p, touched: false, changedFiles: 0, errors: 0, warnings: 0 });
      queue.push(p.resource);
    }
  }
  const shown = [...nodes.values()].sort((a, b) => Number(b.touched) - Number(a.touched)).slice(0, MAX_NODES);
  const ids = new Map(shown.map((n, i) => [n.resource.id, `n${i}`] as const));
  const lines = ['```mermaid', 'flowchart LR'];
  for (const [tool, title] of [['flux', 'Flux'], ['argo', 'Argo CD']] as const) {
    const members = shown.filter((n) => toolOf(n.resource) === tool);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${tool}["${title}"]`);
    for (const n of members) lines.push(`    ${ids.get(n.resource.id)}["${escape(label(n))}"]`);
    lines.push('  end');
  }
  const edges = new Set<string>();
  for (const n of shown) {
    const child = ids.get(n.resource.id)!;
    for (const p of parentsOf.get(n.resource.id) ?? []) {
      const parent = ids.get(p.resource.id);
      if (parent) edges.add(`  ${parent} --> ${child}`);
    }
    for (const e of query.edgesFrom(n.resource, 'flux-depends-on')) {
      for (const dep of e.resources ?? []) {
        const target = ids.get(dep.id);
        if (target) edges.add(`  ${child} -. dependsOn .-> ${target}`);
      }
    }
  }
  lines.push(...edges);
  const failing = shown.filter((n) => n.errors > 0).map((n) => ids.get(n.resource.id));
  const touched = shown.filter((n) => n.touched && n.errors === 0).map((n) => ids.get(n.resource.id));
  lines.push('  classDef touched fill:#fff3bf,stroke:#f08c00,color:#000');
  lines.push('  classDef failing fill:#ffe3e3,stroke:#e03131,color:#000');
  if (touched.length > 0) lines.push(`  class ${touched.join(',')} touched`);
  if (failing.length > 0) lines.push(`  class ${failing.join(',')} failing`);
  lines.push('```');
  const dotted = [...edges].some((e) => e.includes('dependsOn'));
  lines.push('', `Yellow: apps whose manifests, or files they deploy, this pull request changes; red: those with errors; plain: the apps that deploy them.${dotted ? ' Dotted arrows are Flux `dependsOn`.' : ''}`);
  const left = touchedCount - shown.filter((n) => n.touched).length;
  if (left > 0) lines.push('', `${left} more touched app${left === 1 ? ' is' : 's are'} left out of the diagram.`);
  return `${lines.join('\n')}\n`;
}

function toolOf(r: Resource): 'flux' | 'argo' {
  return isArgoApplication(r) || isArgoApplicationSet(r) ? 'argo' : 'flux';
}

function label(n: Node): string {
  const r = n.resource;
  const flamingo = isArgoApplication(r) && JSON.stringify(get(r.body, 'spec', 'syncPolicy', 'syncOptions') ?? []).includes('FluxSubsystem=true');
  const title = `${r.kind}${flamingo ? ' (Flamingo)' : ''} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
  let where: string | undefined;
  if (isFluxKustomization(r)) where = getStr(r.body, 'spec', 'path');
  else if (isHelmRelease(r)) {
    const chart = getStr(r.body, 'spec', 'chart', 'spec', 'chart') ?? getStr(r.body, 'spec', 'chartRef', 'name');
    where = chart ? `chart ${chart}` : undefined;
  } else if (n.unit) where = n.unit.parts.map((p) => p.dir || '.').join(', ');
  else where = getStr(r.body, 'spec', 'source', 'path') ?? getStr(r.body, 'spec', 'source', 'chart');
  const facts: string[] = [];
  if (n.changedFiles > 0) facts.push(`${n.changedFiles} changed file${n.changedFiles === 1 ? '' : 's'}`);
  if (n.errors > 0) facts.push(`${n.errors} error${n.errors === 1 ? '' : 's'}`);
  if (n.warnings > 0) facts.push(`${n.warnings} warning${n.warnings === 1 ? '' : 's'}`);
  return [title, [where, ...facts].filter(Boolean).join(' · ')].filter(Boolean).join('<br/>');
}

/** Mermaid labels take entity codes for quotes and angle brackets (our own <br/> is added after). */
function escape(s: string): string {
  return s
    .split('<br/>')
    .map((part) => part.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;'))
    .join('<br/>');
}
