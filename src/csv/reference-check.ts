import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassEntity } from '../classes/class.entity';
import { CourseEntity } from '../courses/course.entity';
import { OrgEntity } from '../orgs/org.entity';
import { UserEntity } from '../users/user.entity';
import { chunks } from '../database/batches';
import { ImportProblem } from './import-problem';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReferenceEntity } from './import-reference.entity';
import { FileMode, RosterFile } from './manifest';
import { missingType, rejectedType } from './staging';

interface Target {
  entity: new () => ObjectLiteral;
  stagedAs: string;
  file: RosterFile;
  label: string;
  /** An org's type the target must have (classes and enrollments point at schools). */
  orgType?: string;
}

const TARGETS: Record<string, Target> = {
  org: { entity: OrgEntity, stagedAs: 'org', file: 'orgs', label: 'org' },
  school: { entity: OrgEntity, stagedAs: 'org', file: 'orgs', label: 'school (org of type school)', orgType: 'school' },
  academicSession: {
    entity: AcademicSessionEntity,
    stagedAs: 'academicSession',
    file: 'academicSessions',
    label: 'academic session',
  },
  course: { entity: CourseEntity, stagedAs: 'course', file: 'courses', label: 'course' },
  class: { entity: ClassEntity, stagedAs: 'class', file: 'classes', label: 'class' },
  user: { entity: UserEntity, stagedAs: 'user', file: 'users', label: 'user' },
};

export interface DanglingReference extends ImportProblem {
  entityType: string;
}

const PAGE = 5000;

/** Where a reference was looked for, by the target file's mode. */
const WHERE: Record<FileMode, (file: RosterFile) => string> = {
  bulk: (file) => `in ${file}.csv`,
  delta: (file) => `in ${file}.csv or the database`,
  absent: (file) => `in the database (the manifest declares ${file}.csv absent)`,
};

/** The bulk files whose unchanged lines an import carried (see CarriedLines), and its feed. */
export interface CarriedFiles {
  feed: string;
  files: RosterFile[];
}

/**
 * References from staged rows (still valid) that resolve neither to a staged row of the target
 * type nor, when that type's file is delta or absent, to an active record in the database. In a
 * bulk file's type only the file counts: what it leaves out is about to become tobedeleted. A bulk
 * file's carried lines are its feed's stored active records it did not leave out (they are not staged).
 */
export async function findDanglingReferences(
  manager: EntityManager,
  importId: string,
  modes: Record<RosterFile, FileMode>,
  countRejectedAsPresent: boolean,
  carried: CarriedFiles = { feed: '', files: [] },
): Promise<DanglingReference[]> {
  const found: DanglingReference[] = [];
  for (const [targetType, target] of Object.entries(TARGETS)) {
    // Reference numbers start at 0 (see StagingWriter).
    for (let afterId = -1; ;) {
      const page = await danglingPage(manager, importId, targetType, target, {
        mode: modes[target.file],
        countRejectedAsPresent,
        carriedOfFeed: carried.files.includes(target.file) ? carried.feed : undefined,
        afterId,
      });
      const rejected = countRejectedAsPresent
        ? new Set<string>()
        : await rejectedAmong(
            manager,
            importId,
            target,
            page.map((r) => r.targetSourcedId),
          );
      for (const ref of page) {
        found.push({
          entityType: ref.entityType,
          file: `${fileOf(ref.entityType)}.csv`,
          line: ref.line,
          sourcedId: ref.sourcedId,
          column: ref.columnName,
          reason: rejected.has(ref.targetSourcedId)
            ? `no ${target.label} with sourcedId '${ref.targetSourcedId}' left to refer to: its row in ${target.file}.csv was rejected`
            : `no ${target.label} with sourcedId '${ref.targetSourcedId}' ${WHERE[modes[target.file]](target.file)}`,
        });
      }
      if (page.length < PAGE) break;
      afterId = page[page.length - 1].id;
    }
  }
  return found;
}

/** Which of `ids` are staged rows of the target type that were rejected (with --skip-invalid, what their dependants lost). */
async function rejectedAmong(
  manager: EntityManager,
  importId: string,
  target: Target,
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const qb = manager
      .createQueryBuilder(ImportRecordEntity, 'staged')
      .select('staged.sourcedId', 'sourcedId')
      .where('staged.importId = :importId', { importId })
      .andWhere('staged.entityType = :rejected', { rejected: rejectedType(target.stagedAs) })
      .andWhere('staged.sourcedId IN (:...chunk)', { chunk });
    if (target.orgType) qb.andWhere('staged.kind = :orgType', { orgType: target.orgType });
    for (const row of await qb.getRawMany<{ sourcedId: string }>()) found.add(row.sourcedId);
  }
  return found;
}

function danglingPage(
  manager: EntityManager,
  importId: string,
  targetType: string,
  target: Target,
  {
    mode,
    countRejectedAsPresent,
    carriedOfFeed,
    afterId,
  }: { mode: FileMode; countRejectedAsPresent: boolean; carriedOfFeed?: string; afterId: number },
) {
  const stagedTypes = countRejectedAsPresent ? [target.stagedAs, rejectedType(target.stagedAs)] : [target.stagedAs];
  const qb = manager
    .createQueryBuilder(ImportReferenceEntity, 'ref')
    .where('ref.importId = :importId', { importId })
    .andWhere('ref.targetType = :targetType', { targetType })
    .andWhere('ref.id > :afterId', { afterId });
  // Rows are set aside only with --skip-invalid (countRejectedAsPresent false): until then every referring row is staged.
  if (!countRejectedAsPresent)
    qb.andWhere((outer) => {
      const source = outer
        .subQuery()
        .select('1')
        .from(ImportRecordEntity, 'source')
        .where('source.importId = ref.importId')
        .andWhere('source.entityType = ref.entityType')
        .andWhere('source.line = ref.line');
      return `EXISTS ${source.getQuery()}`;
    });
  qb.andWhere((outer) => {
    const staged = outer
      .subQuery()
      .select('1')
      .from(ImportRecordEntity, 'staged')
      .where('staged.importId = ref.importId')
      .andWhere('staged.entityType IN (:...stagedTypes)', { stagedTypes })
      .andWhere('staged.sourcedId = ref.targetSourcedId');
    if (target.orgType) staged.andWhere('staged.kind = :orgType', { orgType: target.orgType });
    return `NOT EXISTS ${staged.getQuery()}`;
  });
  if (mode !== 'bulk') {
    qb.andWhere((outer) => {
      const live = outer
        .subQuery()
        .select('1')
        .from(target.entity, 'live')
        .where('live.sourcedId = ref.targetSourcedId')
        .andWhere("live.status = 'active'");
      if (target.orgType) live.andWhere('live.type = :orgType', { orgType: target.orgType });
      return `NOT EXISTS ${live.getQuery()}`;
    });
  }
  if (carriedOfFeed !== undefined) qb.andWhere((outer) => `NOT EXISTS ${carriedTarget(outer, target, carriedOfFeed)}`);
  return qb.orderBy('ref.id').limit(PAGE).getMany();
}

/**
 * A record of a file the import carried lines of, as a subquery on `ref`: its feed's stored active record that the
 * file did not leave out (staged as missing). References to carried records are staged only where StagedTargets
 * remembered too many ids to hold them all (a board of some 60,000 students).
 */
function carriedTarget(outer: SelectQueryBuilder<ObjectLiteral>, target: Target, feed: string): string {
  const missing = outer
    .subQuery()
    .select('1')
    .from(ImportRecordEntity, 'missing')
    .where('missing.importId = ref.importId')
    .andWhere('missing.entityType = :missingType', { missingType: missingType(target.stagedAs) })
    .andWhere('missing.sourcedId = ref.targetSourcedId');
  return outer
    .subQuery()
    .select('1')
    .from(target.entity, 'carried')
    .where('carried.sourcedId = ref.targetSourcedId')
    .andWhere("carried.status = 'active'")
    .andWhere('carried.feed = :carriedFeed', { carriedFeed: feed })
    .andWhere(`NOT EXISTS ${missing.getQuery()}`)
    .getQuery();
}

const FILE_OF: Record<string, RosterFile> = {
  org: 'orgs',
  academicSession: 'academicSessions',
  course: 'courses',
  class: 'classes',
  user: 'users',
  enrollment: 'enrollments',
  demographics: 'demographics',
};

/** The file whose records a reference's target type names (`school` for orgs of that type). */
export const fileOfTarget = (targetType: string): RosterFile => TARGETS[targetType].file;

/** Whether rows of other files refer to this file's records (enrollments and demographics are referred to by none). */
export const isReferredTo = (file: RosterFile): boolean =>
  Object.values(TARGETS).some((target) => target.file === file);

export function fileOf(entityType: string): RosterFile {
  return FILE_OF[entityType];
}
