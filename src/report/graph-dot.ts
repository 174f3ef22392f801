import type { DeliveryGraph, DeliveryNode } from './graph-model.js';
import { CONFLICT_COLOR, shortIds } from './graph-style.js';

const SHAPES: Record<DeliveryNode['kind'], string> = {
  source: 'cylinder',
  chart: 'cylinder',
  kustomization: 'box',
  helmrelease: 'box',
  application: 'box',
  applicationset: 'box',
  folder: 'folder',
};

const FILL: Record<string, [string, string]> = {
  flux: ['#e6f4ea', '#188038'],
  argo: ['#fef3e0', '#e37400'],
  source: ['#e8f0fe', '#1a73e8'],
  folder: ['#f1f3f4', '#5f6368'],
  absent: ['#ffffff', '#9aa0a6'],
};

/** The delivery graph in Graphviz DOT (`omni-lint graph --format dot | dot -Tsvg > graph.svg`). */
export function formatGraphDot(g: DeliveryGraph): string {
  const ids = shortIds(g.nodes);
  const lines = [
    'digraph delivery {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const n of g.nodes) {
    const cls = n.status ? 'absent' : n.kind === 'source' || n.kind === 'chart' ? 'source' : n.kind === 'folder' ? 'folder' : n.tool ?? 'folder';
    const [fill, stroke] = FILL[cls]!;
    const attrs = [
      `label=${quote(`${n.title}\n${n.name}`)}`,
      `shape=${SHAPES[n.kind]}`,
      `fillcolor="${fill}"`,
      `color="${n.conflict ? CONFLICT_COLOR : stroke}"`,
    ];
    if (n.status) attrs.push('style="rounded,filled,dashed"');
    if (n.conflict) attrs.push('penwidth=3', `fontcolor="${CONFLICT_COLOR}"`);
    if (n.file) attrs.push(`tooltip=${quote(n.file)}`);
    lines.push(`  ${ids.get(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of g.edges) {
    const attrs = [`label=${quote(e.label)}`];
    if (e.kind === 'shows') attrs.push('style=dashed');
    if (e.kind === 'conflict') attrs.push(`color="${CONFLICT_COLOR}"`, `fontcolor="${CONFLICT_COLOR}"`, 'penwidth=3', 'dir=both', 'constraint=false');
    lines.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
