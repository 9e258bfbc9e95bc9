/**
 * The cycles of a parent relation (each id has at most one parent) that the walks up from `starts` run into, each
 * once, as the ids from one member up to the member whose parent is the first. An id missing from `parentOf`, or
 * mapped to null, ends a walk. Each id is walked once: linear in the ids, with no recursion.
 */
export function findParentCycles(parentOf: ReadonlyMap<string, string | null>, starts: Iterable<string>): string[][] {
  const walked = new Set<string>();
  const cycles: string[][] = [];
  for (const start of starts) {
    const path = new Map<string, number>();
    for (let id: string | null | undefined = start; id != null && !walked.has(id); id = parentOf.get(id)) {
      const at = path.get(id);
      if (at !== undefined) {
        cycles.push([...path.keys()].slice(at));
        break;
      }
      path.set(id, path.size);
    }
    for (const id of path.keys()) walked.add(id);
  }
  return cycles;
}

/** A cycle as seen from one of its members: `a is its own parent`, or `cycle a → b → a`. */
export function describeCycle(cycle: readonly string[], member: string): string {
  if (cycle.length === 1) return `${member} is its own parent`;
  const at = cycle.indexOf(member);
  return `cycle ${[...cycle.slice(at), ...cycle.slice(0, at), member].join(' → ')}`;
}
