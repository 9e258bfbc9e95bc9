import fc from 'fast-check';
import { EntityManager, ObjectLiteral } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyNewRecords, linkRows, toEntity } from '../../src/csv/apply';
import { APPLY_TARGETS, ApplyTarget } from '../../src/csv/apply-targets';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { RosterFile } from '../../src/csv/manifest';
import { FILE_SPECS } from '../../src/csv/readers';
import { StagingWriter } from '../../src/csv/staging';
import { bulkInsert } from '../../src/database/bulk-insert';
import { copiesJsonRows } from '../../src/database/json-copy';
import { startTestApp, TestApp } from '../support/test-app';

const IMPORT_ID = '33333333-3333-4333-8333-333333333333';
const STAMP = '2026-12-05T06:00:00.000Z';

/** What a CSV cell can hold once read: quotes, backslashes, line breaks, tabs, accents, emoji, separators. */
const cellText = (maxLength = 255) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('"', '\\', '\n', '\r\n', '\t', 'é', 'Ø', '😀', '\u2028', '/', "'", '1', 'true', 'null'),
        fc.string({ unit: 'grapheme' }),
      ),
      { maxLength: 6 },
    )
    // Cut by code points, as the columns count them: no lone surrogate.
    .map((parts) => [...parts.join('')].slice(0, maxLength).join(''));

const jsonObject = fc.dictionary(cellText(), fc.oneof(cellText(), fc.constant(null)), { maxKeys: 3 });

/**
 * The columns a staged payload never holds: what the apply writes itself, and what the import derives after it (the
 * school-year spans, which a copy on PostgreSQL takes from the class, and the first begin date).
 */
const NOT_IN_PAYLOAD = [
  'sourcedId',
  'feed',
  'dateLastModified',
  'contentHash',
  'schoolYearFirst',
  'schoolYearLast',
  'firstBeginDate',
];

/** A payload for the target's entity: every column's property, of its type, or null; its relation lists. */
function payloadOf(manager: EntityManager, target: ApplyTarget) {
  const columns = manager.connection.getMetadata(target.entity).columns;
  const members: Record<string, fc.Arbitrary<unknown>> = {};
  for (const column of columns) {
    if (NOT_IN_PAYLOAD.includes(column.propertyName)) continue;
    const value: fc.Arbitrary<unknown> =
      column.type === Boolean
        ? fc.boolean()
        : column.type === 'simple-json'
          ? fc.oneof(jsonObject, fc.array(fc.oneof(cellText(), jsonObject), { maxLength: 3 }), cellText())
          : cellText(column.length ? Number(column.length) : undefined);
    members[column.propertyName] = column.isNullable ? fc.option(value, { nil: null }) : value;
  }
  for (const link of target.links) members[link.payloadKey] = fc.uniqueArray(cellText(), { maxLength: 4 });
  return fc.record(members);
}

/** The table's rows and the target's lists, as the driver reads them back (types included), in a stable order. */
async function storedRows(manager: EntityManager, target: ApplyTarget) {
  const read = (entity: new () => ObjectLiteral) =>
    manager.createQueryBuilder(entity, 'row').select('*').orderBy('1').addOrderBy('2').getRawMany();
  return { records: await read(target.entity), links: await Promise.all(target.links.map((l) => read(l.entity))) };
}

describe('copying staged JSON rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('is what SQLite and PostgreSQL do themselves', () => {
    expect(copiesJsonRows(t.dataSource.manager)).toBe(true);
  });

  for (const file of Object.keys(APPLY_TARGETS) as RosterFile[]) {
    it(`copies ${file} exactly as the apply stores them through Node and bulkInsert`, async () => {
      const target = APPLY_TARGETS[file];
      await fc.assert(
        fc.asyncProperty(
          fc.array(payloadOf(t.dataSource.manager, target), { minLength: 1, maxLength: 8 }),
          (payloads) =>
            t.dataSource
              .transaction(async (manager) => {
                const spec = FILE_SPECS[file];
                const writer = new StagingWriter(manager, IMPORT_ID, { next: 0 });
                for (const [index, payload] of payloads.entries())
                  await writer.add({
                    line: index + 2,
                    sourcedId: `id-${index}`,
                    entityType: spec.entityType,
                    payload,
                    references: [],
                  });
                await writer.flush();
                const staged = await manager.getRepository(ImportRecordEntity).findBy({ importId: IMPORT_ID });

                const identity = { importId: IMPORT_ID, feed: 'f' };
                expect(await copyNewRecords(manager, identity, spec, target, STAMP)).toBe(payloads.length);
                const copied = await storedRows(manager, target);

                for (const entity of [target.entity, ...target.links.map((l) => l.entity)])
                  await manager.createQueryBuilder().delete().from(entity).execute();
                await bulkInsert(
                  manager,
                  target.entity,
                  staged.map((row) => toEntity(target, row, { feed: 'f', stamp: STAMP })),
                );
                for (const link of target.links) await bulkInsert(manager, link.entity, linkRows(link, staged));
                expect(copied).toEqual(await storedRows(manager, target));
                throw new RolledBack();
              })
              .catch((error) => {
                if (!(error instanceof RolledBack)) throw error;
              }),
        ),
        { numRuns: 25 },
      );
    });
  }
});

/** Thrown to roll each run's transaction back: the next run starts from empty tables. */
class RolledBack extends Error {}
