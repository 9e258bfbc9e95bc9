import { EntityManager } from 'typeorm';

/**
 * How many pages the SQLite file holds, or null on other databases. SQLite keeps the pages a deleted row freed and
 * reuses them; its file never shrinks by itself. PRAGMA is a setting, not a query: no query-builder form.
 */
export async function sqliteFilePages(manager: EntityManager): Promise<number | null> {
  if (manager.connection.driver.options.type !== 'better-sqlite3') return null;
  const [{ page_count: pages }] = (await manager.query('PRAGMA page_count')) as { page_count: number }[];
  return Number(pages);
}

/** A refused bundle's staging may grow the file this much before it is given back. */
const KEPT_GROWTH_PAGES = 16_384; // 64 MB of 4 KB pages

/**
 * Gives back to the disk what an import that published nothing grew the SQLite file by (a hostile bundle of 100 MB
 * of duplicate rows would otherwise leave it 600 MB larger for good). VACUUM rewrites the file; readers keep reading
 * meanwhile (WAL), and it runs only when the growth is worth it.
 */
export async function shrinkSqliteFile(manager: EntityManager, pagesBefore: number | null): Promise<boolean> {
  const pages = await sqliteFilePages(manager);
  if (pages === null || pagesBefore === null || pages - pagesBefore < KEPT_GROWTH_PAGES) return false;
  await manager.query('VACUUM');
  // In WAL mode VACUUM writes the new file into the log: the checkpoint brings it home and truncates both.
  await manager.query('PRAGMA wal_checkpoint(TRUNCATE)');
  return true;
}
