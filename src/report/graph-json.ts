import type { DeliveryGraph } from './graph-model.js';

/** The delivery graph as JSON: `nodes` (id, kind, title, name, file, status, conflict) and `edges` (from, to, kind, label). */
export function formatGraphJson(g: DeliveryGraph): string {
  return `${JSON.stringify({ version: 1, nodes: g.nodes, edges: g.edges }, null, 2)}\n`;
}
