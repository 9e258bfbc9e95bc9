import { EntityManager } from 'typeorm';

/**
 * TypeORM's SQLite driver writes a JS number into the SQL text instead of binding it, so every
 * multi-row INSERT of line numbers or positions is a statement never seen before. better-sqlite3
 * keeps each one's compiled program in native memory, unknown to V8, until a full GC finds the
 * statement: on a large import that grew by hundreds of MB. A decimal string is bound as a
 * parameter, and the INTEGER column stores it as a number; other dialects bind numbers already.
 */
export function boundInteger(manager: EntityManager): (value: number) => number {
  if (manager.connection.driver.options.type !== 'better-sqlite3') return (value) => value;
  return (value) => String(value) as unknown as number;
}
