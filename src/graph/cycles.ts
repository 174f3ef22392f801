/**
 * Cycle finding over small directed graphs given as node ids and a successor function
 * (dependsOn chains, kustomize resource trees). Everything here is iterative, so a
 * 10 000-long chain cannot overflow the stack, and linear in nodes plus edges.
 */

/** The strongly connected components that contain a cycle: two or more nodes, or one with an edge to itself. */
export function cyclicComponents(nodes: readonly string[], successors: (n: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame is a node and how many of its successors have been visited.
    const frames: { node: string; succ: readonly string[]; i: number }[] = [];
    const enter = (n: string): void => {
      index.set(n, next);
      low.set(n, next);
      next++;
      stack.push(n);
      onStack.add(n);
      frames.push({ node: n, succ: successors(n), i: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      if (f.i < f.succ.length) {
        const m = f.succ[f.i++]!;
        if (!index.has(m)) enter(m);
        else if (onStack.has(m)) low.set(f.node, Math.min(low.get(f.node)!, index.get(m)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(f.node)!));
      if (low.get(f.node) !== index.get(f.node)) continue;
      const component: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        onStack.delete(m);
        component.push(m);
      } while (m !== f.node);
      if (component.length > 1 || f.succ.includes(f.node)) out.push(component);
    }
  }
  return out;
}

/**
 * A shortest cycle from `start` back to itself that stays inside `component`, as the list of
 * nodes visited (start first, not repeated at the end). `start` must lie on a cycle in it.
 */
export function shortestCycle(start: string, component: readonly string[], successors: (n: string) => readonly string[]): string[] {
  const inside = new Set(component);
  const parent = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!;
    for (const m of successors(n)) {
      if (!inside.has(m)) continue;
      if (m === start) {
        const path = [n];
        for (let p = n; p !== start; ) {
          p = parent.get(p)!;
          path.push(p);
        }
        return path.reverse();
      }
      if (!parent.has(m)) {
        parent.set(m, n);
        queue.push(m);
      }
    }
  }
  return [start];
}
