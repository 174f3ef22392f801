import type { DeliveryGraph, DeliveryNode } from './graph-model.js';
import { CONFLICT_COLOR, shortIds } from './graph-style.js';

const SHAPES: Record<DeliveryNode['kind'], [string, string]> = {
  source: ['[(', ')]'],
  chart: ['[(', ')]'],
  kustomization: ['[', ']'],
  helmrelease: ['[', ']'],
  application: ['([', '])'],
  applicationset: ['([', '])'],
  folder: ['[/', '/]'],
};

/** The delivery graph as a Mermaid flowchart (GitHub, GitLab and most Markdown viewers draw it). */
export function formatGraphMermaid(g: DeliveryGraph): string {
  const ids = shortIds(g.nodes);
  const lines = ['flowchart LR'];
  lines.push(
    '  classDef flux fill:#e6f4ea,stroke:#188038,color:#0d3b1e',
    '  classDef argo fill:#fef3e0,stroke:#e37400,color:#4a2800',
    '  classDef source fill:#e8f0fe,stroke:#1a73e8,color:#0b2a5b',
    '  classDef folder fill:#f1f3f4,stroke:#5f6368,color:#202124',
    '  classDef absent fill:#ffffff,stroke:#9aa0a6,stroke-dasharray:4 3,color:#5f6368',
    `  classDef conflict stroke:${CONFLICT_COLOR},stroke-width:3px,color:${CONFLICT_COLOR}`,
  );
  for (const n of g.nodes) {
    const [open, close] = SHAPES[n.kind];
    lines.push(`  ${ids.get(n.id)}${open}"${text(n.title)}<br/>${text(n.name)}"${close}`);
  }
  const red: number[] = [];
  g.edges.forEach((e, i) => {
    const arrow = e.kind === 'conflict' ? '<-->' : e.kind === 'shows' ? '-.->' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}|"${text(e.label)}"| ${ids.get(e.to)}`);
    if (e.kind === 'conflict') red.push(i);
  });
  const byClass = new Map<string, string[]>();
  for (const n of g.nodes) {
    const cls = n.status ? 'absent' : n.kind === 'source' || n.kind === 'chart' ? 'source' : n.kind === 'folder' ? 'folder' : n.tool ?? 'folder';
    byClass.set(cls, [...(byClass.get(cls) ?? []), ids.get(n.id)!]);
  }
  const conflicted = g.nodes.filter((n) => n.conflict).map((n) => ids.get(n.id)!);
  if (conflicted.length > 0) byClass.set('conflict', conflicted);
  for (const [cls, list] of byClass) lines.push(`  class ${list.join(',')} ${cls}`);
  if (red.length > 0) lines.push(`  linkStyle ${red.join(',')} stroke:${CONFLICT_COLOR},stroke-width:3px,color:${CONFLICT_COLOR}`);
  return `${lines.join('\n')}\n`;
}

/** Mermaid reads `#name;` entities inside quoted labels. */
function text(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
