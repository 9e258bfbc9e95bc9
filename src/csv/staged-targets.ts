/**
 * The sourcedIds an import has staged so far, by the type a reference names (`school` for orgs of that type). A
 * reference to one of them cannot dangle while no staged row is set aside (without --skip-invalid): the reference check
 * counts any staged row of the target's type, valid or rejected, as there. Such references are not staged at all, so
 * an enrollment pointing at the class, user and school staged before it writes no reference row. A reference to what
 * is not (yet) staged, a later row of the same file or a stored record, is staged and checked in SQL as before.
 *
 * Memory stays bounded: past `capacity` ids (some 8 MB) nothing more is remembered, and the references to what was not
 * are staged. At 200,000 students all 330,000 referenced ids would take 30 MB of the import's 400.
 */
export class StagedTargets {
  private readonly ids = new Map<string, Set<string>>();
  private size = 0;

  constructor(private readonly capacity = 100_000) {}

  add(entityType: string, sourcedId: string, kind: string | null): void {
    if (this.size++ >= this.capacity) return;
    const type = entityType.replace(/:rejected$/, '');
    this.idsOf(type).add(sourcedId);
    if (type === 'org' && kind === 'school') this.idsOf('school').add(sourcedId);
  }

  has(targetType: string, sourcedId: string): boolean {
    return this.ids.get(targetType)?.has(sourcedId) ?? false;
  }

  private idsOf(type: string): Set<string> {
    let ids = this.ids.get(type);
    if (!ids) this.ids.set(type, (ids = new Set()));
    return ids;
  }
}
