/**
 * Immediate post-dominators of a scope graph: for each node, the nearest node that every path from it to
 * an end must pass. Past that point all branches of a split run the same way, so the soundness walks stop
 * there, which keeps them near-linear on long chains of blocks. Computed with the iterative algorithm of
 * Cooper, Harvey and Kennedy on the reversed graph, rooted at a virtual exit joined from every node without
 * outgoing flows. Nodes that cannot reach an end (endless loops) get no post-dominator.
 */
import type { ModdleElement } from '../moddle-element.js';
import type { ScopeGraph } from './soundness-flow-graph.js';

type Node = ModdleElement | 'exit';

export function immediatePostDominators(graph: ScopeGraph): Map<ModdleElement, ModdleElement> {
  const nodes = new Set<ModdleElement>();
  const predecessors = new Map<ModdleElement, ModdleElement[]>();
  for (const [source, edges] of graph.outgoing) {
    nodes.add(source);
    for (const { target } of edges) {
      nodes.add(target);
      const list = predecessors.get(target) ?? [];
      list.push(source);
      predecessors.set(target, list);
    }
  }
  const exits = [...nodes].filter((node) => (graph.outgoing.get(node) ?? []).length === 0);
  // Successors in the reversed graph are the original predecessors; the exit leads to every end.
  const reversedSuccessors = (node: Node): readonly ModdleElement[] =>
    node === 'exit' ? exits : (predecessors.get(node) ?? []);
  // Predecessors in the reversed graph are the original successors (and the exit, for ends).
  const reversedPredecessors = (node: ModdleElement): Node[] => {
    const successors: Node[] = (graph.outgoing.get(node) ?? []).map((edge) => edge.target);
    if (successors.length === 0) successors.push('exit');
    return successors;
  };

  const order = reversePostorder('exit', reversedSuccessors);
  const position = new Map<Node, number>(order.map((node, index) => [node, index]));
  const dominator = new Map<Node, Node>([['exit', 'exit']]);
  const intersect = (first: Node, second: Node): Node => {
    let a = first;
    let b = second;
    while (a !== b) {
      while ((position.get(a) ?? 0) > (position.get(b) ?? 0)) a = dominator.get(a) ?? 'exit';
      while ((position.get(b) ?? 0) > (position.get(a) ?? 0)) b = dominator.get(b) ?? 'exit';
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const node of order) {
      if (node === 'exit') continue;
      let candidate: Node | undefined;
      for (const predecessor of reversedPredecessors(node)) {
        if (!dominator.has(predecessor)) continue;
        candidate = candidate === undefined ? predecessor : intersect(predecessor, candidate);
      }
      if (candidate !== undefined && dominator.get(node) !== candidate) {
        dominator.set(node, candidate);
        changed = true;
      }
    }
  }
  const result = new Map<ModdleElement, ModdleElement>();
  for (const [node, immediate] of dominator) {
    if (node !== 'exit' && immediate !== 'exit') result.set(node, immediate);
  }
  return result;
}

/** Iterative depth-first search, so long chains cannot exhaust the call stack. */
function reversePostorder(root: Node, successors: (node: Node) => readonly ModdleElement[]): Node[] {
  const postorder: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { node: Node; next: number };
    const children = successors(frame.node);
    if (frame.next < children.length) {
      const child = children[frame.next] as ModdleElement;
      frame.next += 1;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ node: child, next: 0 });
      }
    } else {
      postorder.push(frame.node);
      stack.pop();
    }
  }
  return postorder.reverse();
}
