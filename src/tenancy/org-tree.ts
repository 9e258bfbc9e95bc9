/** An org as the scope computation needs it. */
export interface OrgNode {
  sourcedId: string;
  parentSourcedId: string | null;
  identifier: string | null;
}

export interface OrgSelection {
  allOrgs: boolean;
  /** sourcedIds or identifiers of the orgs included, each with its descendants. */
  included: readonly string[];
  /** sourcedIds or identifiers of orgs (and their descendants) left out all the same. */
  excluded: readonly string[];
}

/**
 * The sourcedIds a selection covers. A reference matches an org's sourcedId or its identifier;
 * an exclusion wins over an inclusion anywhere above it. Pure, so it is unit-tested on its own.
 */
export function resolveOrgScope(orgs: readonly OrgNode[], selection: OrgSelection): Set<string> {
  if (selection.allOrgs) return new Set(orgs.map((org) => org.sourcedId));
  const children = new Map<string, string[]>();
  for (const org of orgs) {
    if (!org.parentSourcedId) continue;
    const siblings = children.get(org.parentSourcedId);
    if (siblings) siblings.push(org.sourcedId);
    else children.set(org.parentSourcedId, [org.sourcedId]);
  }
  const matching = (refs: readonly string[]) => {
    const wanted = new Set(refs);
    return orgs
      .filter((org) => wanted.has(org.sourcedId) || (org.identifier !== null && wanted.has(org.identifier)))
      .map((org) => org.sourcedId);
  };
  const excluded = withDescendants(matching(selection.excluded), children);
  return withDescendants(matching(selection.included), children, excluded);
}

function withDescendants(
  roots: string[],
  children: Map<string, string[]>,
  stopAt: Set<string> = new Set(),
): Set<string> {
  const found = new Set<string>();
  const queue = roots.filter((id) => !stopAt.has(id));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (found.has(id)) continue; // a cycle in bad data must not loop forever
    found.add(id);
    for (const child of children.get(id) ?? []) if (!stopAt.has(child)) queue.push(child);
  }
  return found;
}

/** References of a selection that match no org (yet): worth a warning, not an error. */
export function unmatchedReferences(orgs: readonly OrgNode[], refs: readonly string[]): string[] {
  const known = new Set(orgs.flatMap((org) => (org.identifier ? [org.sourcedId, org.identifier] : [org.sourcedId])));
  return refs.filter((ref) => !known.has(ref));
}
