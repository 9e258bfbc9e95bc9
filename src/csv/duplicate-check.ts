import { EntityManager } from 'typeorm';
import { ImportRecordEntity } from './import-record.entity';
import { fileOf } from './reference-check';
import { rejectedType } from './staging';
import { DanglingReference } from './reference-check';

/** Every line that repeats a sourcedId already used earlier in the same file. */
export async function findDuplicateSourcedIds(manager: EntityManager, importId: string): Promise<DanglingReference[]> {
  // Only the key index's columns: the scan never reads the table (a MIN(line) here made it read every staged row).
  const repeated = manager
    .createQueryBuilder(ImportRecordEntity, 'dup')
    .select('dup.entityType', 'entityType')
    .addSelect('dup.sourcedId', 'sourcedId')
    .where('dup.importId = :importId', { importId })
    .groupBy('dup.entityType')
    .addGroupBy('dup.sourcedId')
    .having('COUNT(1) > 1');
  const groups = await repeated.getRawMany<{ entityType: string; sourcedId: string }>();
  const problems: DanglingReference[] = [];
  for (const group of groups) {
    const entityType = group.entityType.replace(/:rejected$/, '');
    const lines = await manager
      .createQueryBuilder(ImportRecordEntity, 'dup')
      .select('dup.line', 'line')
      .where('dup.importId = :importId', { importId })
      .andWhere('dup.entityType IN (:...types)', { types: [entityType, rejectedType(entityType)] })
      .andWhere('dup.sourcedId = :sourcedId', { sourcedId: group.sourcedId })
      .orderBy('dup.line')
      .getRawMany<{ line: number }>();
    for (const { line } of lines.slice(1)) {
      problems.push({
        entityType,
        file: `${fileOf(entityType)}.csv`,
        line: Number(line),
        column: 'sourcedId',
        sourcedId: group.sourcedId,
        reason: `sourcedId '${group.sourcedId}' already appears on line ${lines[0].line}`,
      });
    }
  }
  return problems;
}
