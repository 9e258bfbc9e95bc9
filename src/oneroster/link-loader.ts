import { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { loadInChunks } from './query/batches';
import { groupBy } from './record-json';

/**
 * Loads the ordered links (user→orgs, user→agents, class→terms) of a page of owners in one
 * query per chunk of ids, never one per record.
 */
export async function loadLinks<T extends ObjectLiteral & { position: number }>(
  repository: Repository<T>,
  owner: keyof T & string,
  target: keyof T & string,
  ownerIds: string[],
  /** Keeps only links the caller may see (the tenant's scope), aliased `link`. */
  restrict: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T> = (qb) => qb,
): Promise<Map<string, string[]>> {
  const rows = await loadInChunks(ownerIds, (chunk) =>
    restrict(repository.createQueryBuilder('link').where(`link.${owner} IN (:...chunk)`, { chunk }))
      .orderBy(`link.${owner}`)
      .addOrderBy('link.position')
      .getMany(),
  );
  return groupBy(rows, (row) => row[owner] as string, (row) => row[target] as string);
}
