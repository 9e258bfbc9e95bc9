import { EntityManager } from 'typeorm';
import { APPLY_TARGETS } from './apply-targets';
import { ImportIdentity } from './apply';
import { ImportRecordEntity } from './import-record.entity';
import { ROSTER_FILES } from './manifest';
import { FILE_SPECS } from './readers';
import { DanglingReference } from './reference-check';
import { ImportOptions, ImportReport } from './import-report';
import { ImportUsageError } from './import-lock';
import { DEFAULT_FEED } from '../oneroster/rostering-record';

const FEED_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A feed names one SIS export, e.g. `brugge`; the default feed when an import names none. */
export const feedOf = (options: ImportOptions) => options.feed ?? DEFAULT_FEED;

export function checkFeedName(feed: string) {
  if (!FEED_NAME.test(feed))
    throw new ImportUsageError(`feed '${feed}': use 1-64 characters a-z, 0-9 and -, starting with a letter or digit`);
}

const SHOWN = 1000;

/**
 * Staged rows whose sourcedId is already another feed's record. A feed never takes a record over: two SIS exports
 * that both claim an id are a mistake for a person to settle, not for the next import to decide silently.
 */
export async function findFeedCollisions(
  manager: EntityManager,
  { importId, feed }: ImportIdentity,
  report: ImportReport,
): Promise<DanglingReference[]> {
  const problems: DanglingReference[] = [];
  for (const file of ROSTER_FILES) {
    const { entityType } = FILE_SPECS[file];
    // A deployment of one feed (most) has no other feed's record: one short scan instead of a lookup per staged row,
    // unless the file carried its lines and staged only the few that changed.
    const others = manager
      .createQueryBuilder(APPLY_TARGETS[file].entity, 'other')
      .where('other.feed <> :feed', { feed });
    if (!report.files[file]?.carried && !(await others.getExists())) continue;
    const rows = await manager
      .createQueryBuilder(ImportRecordEntity, 'staged')
      .select('staged.sourcedId', 'sourcedId')
      .addSelect('staged.line', 'line')
      .addSelect('live.feed', 'feed')
      .innerJoin(APPLY_TARGETS[file].entity, 'live', 'live.sourcedId = staged.sourcedId')
      .where('staged.importId = :importId', { importId })
      .andWhere('staged.entityType = :entityType', { entityType })
      .andWhere('live.feed <> :feed', { feed })
      .orderBy('staged.line')
      .limit(SHOWN)
      .getRawMany<{ sourcedId: string; line: number; feed: string }>();
    for (const row of rows) {
      problems.push({
        entityType,
        file: `${file}.csv`,
        line: Number(row.line),
        column: 'sourcedId',
        sourcedId: row.sourcedId,
        reason: `sourcedId '${row.sourcedId}' belongs to feed '${row.feed}'; import it with --feed ${row.feed}, or give it another sourcedId`,
      });
    }
  }
  return problems;
}
