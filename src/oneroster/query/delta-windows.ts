import { randomUUID } from 'node:crypto';
import { Brackets, EntityManager, IsNull } from 'typeorm';
import { FilterPredicate, formatFilter, parseFilter } from './filter-parser';
import { toStoredInstant } from './filter-values';
import { PublicationWindowEntity } from './publication-window.entity';

/** Windows opened inside windows (a tenant change during an import) are followed this far back. */
const MAX_NESTED_WINDOWS = 5;

/**
 * Opens a publication's window, inside its transaction: what it writes carries `openedAt` or later, and
 * becomes visible only at its commit.
 */
export async function openPublicationWindow(manager: EntityManager, openedAt: string): Promise<void> {
  await manager.insert(PublicationWindowEntity, { id: randomUUID(), openedAt, closedAt: null });
}

/**
 * Closes the windows still open, after a publication committed. A window whose process died before closing it
 * stays open (every later instant counts as inside it) until the next publication closes it.
 */
export async function closePublicationWindows(manager: EntityManager, closedAt: string): Promise<void> {
  await manager.update(PublicationWindowEntity, { closedAt: IsNull() }, { closedAt });
}

/** Whether a filter may ask for changes since an instant: what it reads then depends on the publication windows too. */
export const readsChanges = (filter?: string): filter is string => filter?.includes('dateLastModified') ?? false;

/**
 * A delta client asks for changes after the instant it last read. Had it read while a publication was being
 * written, the records that publication changed carry an instant before that, yet the client could not see
 * them. Such a request is widened to every change since the window opened: a client may receive a record
 * twice, never miss one.
 */
export async function widenDeltaFilter(manager: EntityManager, filter?: string): Promise<string | undefined> {
  if (!readsChanges(filter)) return filter;
  let expression;
  try {
    expression = parseFilter(filter);
  } catch {
    return filter; // the list engine reports it
  }
  let widened = false;
  const predicates: FilterPredicate[] = [];
  for (const predicate of expression.predicates) {
    const since = isChangedSince(predicate) ? toStoredInstant(predicate.value) : null;
    const opened = since === null ? null : await windowOpenedBefore(manager, since);
    widened ||= opened !== null;
    predicates.push(opened === null ? predicate : { ...predicate, operator: '>=', value: opened });
  }
  return widened ? formatFilter({ ...expression, predicates }) : filter;
}

function isChangedSince({ field, operator }: FilterPredicate): boolean {
  return field === 'dateLastModified' && (operator === '>' || operator === '>=');
}

/** The opening of the earliest window `since` falls in, following windows that open inside others; else null. */
async function windowOpenedBefore(manager: EntityManager, since: string): Promise<string | null> {
  let earliest: string | null = null;
  for (let step = 0; step < MAX_NESTED_WINDOWS; step++) {
    const instant: string = earliest ?? since;
    const row: { opened: string | null } | undefined = await manager
      .createQueryBuilder(PublicationWindowEntity, 'pw')
      .select('MIN(pw.openedAt)', 'opened')
      .where('pw.openedAt <= :instant', { instant })
      .andWhere(new Brackets((either) => either.where('pw.closedAt IS NULL').orWhere('pw.closedAt > :instant')))
      .getRawOne<{ opened: string | null }>();
    if (!row?.opened || (earliest !== null && row.opened >= earliest)) break;
    earliest = row.opened;
  }
  return earliest;
}
