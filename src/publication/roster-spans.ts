import { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassTermEntity } from '../classes/class-term.entity';
import { ClassEntity } from '../classes/class.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { UserEntity } from '../users/user.entity';
import { ByMembers, copiesJsonRows, sourceColumn } from '../database/json-copy';
import { outerColumn } from '../database/quoted-names';

/**
 * The tables an import filled from empty: every row in them carries its stamp, and where the database copies the rows
 * (copiesJsonRows) with the columns derived on copy, those columns are right already.
 */
export type FilledTables = ReadonlySet<EntityTarget<ObjectLiteral>>;

/** An import's writes: the instant every record it wrote carries, and the tables it filled from empty. */
export interface Written {
  at: string;
  filled?: FilledTables;
}

/** Sorts before every real date: an enrollment without beginDate has always begun. */
export const ALWAYS_BEGUN = '0000-00-00';

/**
 * Derives, after each import, the columns the serving rules read on every request instead of
 * joining: each class's and enrollment's span of school years (the school-year switch), and each
 * user's earliest student enrollment begin date (future students). Three set-based UPDATEs, each writing only the
 * rows whose value changes: a nightly import changes a few, and PostgreSQL writes a new version of every row updated.
 */
export async function refreshRosterSpans(manager: EntityManager): Promise<void> {
  await refreshSchoolYearSpans(manager);
  await refreshFirstBeginDates(manager);
}

/**
 * Each class's span of school years (from its terms), then each enrollment's (its class's). An import runs this before
 * it builds the indexes of a table it filled from empty: a first import gives every enrollment its span, and on
 * PostgreSQL each row updated is a new row version with an entry in every index. With `written` (see
 * refreshFirstBeginDates), only for the classes it wrote or whose terms it wrote, and their enrollments.
 */
export async function refreshSchoolYearSpans(manager: EntityManager, written?: Written): Promise<void> {
  await refreshClassSpans(manager, written);
  await refreshEnrollmentSpans(manager, written);
}

/**
 * Each class's span of school years, from its terms. Where copied enrollments take their class's span as they are
 * inserted (the enrollments' derivedOnCopy, enrollmentSpansOnCopy), it runs once more just before they are copied.
 */
export async function refreshClassSpans(manager: EntityManager, written?: Written): Promise<void> {
  const classId = outerColumn(manager, ClassEntity, 'sourcedId');
  const yearOfTerms = (fn: 'MIN' | 'MAX') => () => termsYear(manager, fn, classId);
  await refreshSpans(manager, ClassEntity, yearOfTerms('MIN'), yearOfTerms('MAX'), written, [
    `${classId} IN ${classesOfSessionsWritten(manager)}`,
  ]);
}

/** The first or last school year of a class's terms, `classId` the SQL of its id. */
function termsYear(manager: EntityManager, fn: 'MIN' | 'MAX', classId: string): string {
  return manager
    .createQueryBuilder()
    .subQuery()
    .select(`${fn}(session.schoolYear)`)
    .from(ClassTermEntity, 'ct')
    .innerJoin(AcademicSessionEntity, 'session', 'session.sourcedId = ct.termSourcedId')
    .where(`ct.classSourcedId = ${classId}`)
    .getQuery();
}

/**
 * A class's span as its copy inserts it (see copyNewRecords), from the terms copied just before it,
 * `classId` the SQL of its id over the copied rows. The UPDATE after it then finds nothing to rewrite: on PostgreSQL
 * that UPDATE could be HOT, and the class indexes built later in the same transaction would be unusable in it (see
 * DeferredIndexes).
 */
export function classSpansOnCopy(manager: EntityManager, classId: string): Record<SpanColumn, string> {
  return { schoolYearFirst: termsYear(manager, 'MIN', classId), schoolYearLast: termsYear(manager, 'MAX', classId) };
}

async function refreshEnrollmentSpans(manager: EntityManager, written?: Written): Promise<void> {
  const classId = outerColumn(manager, EnrollmentEntity, 'classSourcedId');
  const ofClass = (column: SpanColumn) => () => classSpan(manager, column, classId);
  const classesWritten = manager
    .createQueryBuilder()
    .subQuery()
    .select('written.sourcedId')
    .from(ClassEntity, 'written')
    .where('written.dateLastModified = :writtenAt')
    .getQuery();
  await refreshSpans(manager, EnrollmentEntity, ofClass('schoolYearFirst'), ofClass('schoolYearLast'), written, [
    `${classId} IN ${classesWritten}`,
    `${classId} IN ${classesOfSessionsWritten(manager)}`,
  ]);
}

/** Sets a table's school-year span where it differs from `first` and `last` (subqueries): see refreshDerived. */
function refreshSpans<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  first: () => string,
  last: () => string,
  written: Written | undefined,
  dependants: string[],
): Promise<void> {
  const values = { schoolYearFirst: first, schoolYearLast: last } as QueryDeepPartialEntity<E>;
  const differ = spanDiffers(manager, entity, first, last);
  // The spans are derived as the database copies the rows (see classSpansOnCopy, enrollmentSpansOnCopy).
  const derivedOnCopy = copiesJsonRows(manager);
  return refreshDerived(manager, entity, values, differ, written && { ...written, derivedOnCopy }, dependants);
}

/**
 * Sets derived `values` on the rows where they `differ`: every such row, or with `written`, an import's stamp, one
 * UPDATE for each way a row can have been written by it: the rows it stamped, then the rows it did not stamp that
 * depend on what it wrote (`dependants`), each finding its rows through an index (and testing that first). Their OR
 * made PostgreSQL read every row of the table (0.13 s of a nightly import at 20,000 students for the enrollments
 * alone), where the rows written are a few. A table the import filled from empty has no row it did not stamp, and
 * where its values were derived as it was copied (every row of it: see copyNewRecords), none to compare either: a first
 * import at 20,000 students compared 168,000 enrollments' spans (0.26 s on SQLite) and looked for unstamped users of
 * every enrollment (0.11 s) for none.
 */
async function refreshDerived<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  values: QueryDeepPartialEntity<E>,
  differ: string,
  written: (Written & { derivedOnCopy?: boolean }) | undefined,
  dependants: string[],
  parameters: ObjectLiteral = {},
): Promise<void> {
  const update = () => manager.createQueryBuilder().update(entity).set(values).setParameters(parameters);
  if (!written) return void (await update().where(differ).execute());
  const stamp = outerColumn(manager, entity, 'dateLastModified');
  const filled = written.filled?.has(entity) ?? false;
  const restrictions = [
    ...(filled && written.derivedOnCopy ? [] : [`${stamp} = :writtenAt`]),
    ...(filled ? [] : dependants.map((dependant) => `${stamp} <> :writtenAt AND ${dependant}`)),
  ];
  for (const restriction of restrictions)
    await update().where(restriction).andWhere(differ).setParameter('writtenAt', written.at).execute();
}

type SpanColumn = 'schoolYearFirst' | 'schoolYearLast';

/** The span column of the class whose id `classId` (SQL) holds, as a subquery. */
function classSpan(manager: EntityManager, column: SpanColumn, classId: string): string {
  return manager
    .createQueryBuilder()
    .subQuery()
    .select(`cls.${column}`)
    .from(ClassEntity, 'cls')
    .where(`cls.sourcedId = ${classId}`)
    .getQuery();
}

/**
 * An enrollment's span as its copy inserts it (see copyNewRecords): its class's, refreshed before (refreshClassSpans),
 * joined by the copied row's `classSourcedId` once rather than looked up per column. The UPDATE after the apply then
 * finds nothing to rewrite, where on PostgreSQL it wrote every new enrollment a second time.
 */
export function enrollmentSpansOnCopy(manager: EntityManager): NonNullable<ByMembers['joins']> {
  const column = (property: string) => outerColumn(manager, ClassEntity, property, 'spanClass');
  return {
    tables: [
      {
        entity: ClassEntity,
        alias: 'spanClass',
        on: (member) => `${column('sourcedId')} = ${member('classSourcedId')}`,
      },
    ],
    columns: { schoolYearFirst: column('schoolYearFirst'), schoolYearLast: column('schoolYearLast') },
  };
}

/** The classes whose terms' sessions the import stamped `:writtenAt`. */
export function classesOfSessionsWritten(manager: EntityManager): string {
  return manager
    .createQueryBuilder()
    .subQuery()
    .select('ct.classSourcedId')
    .from(ClassTermEntity, 'ct')
    .innerJoin(AcademicSessionEntity, 'session', 'session.sourcedId = ct.termSourcedId')
    .where('session.dateLastModified = :writtenAt')
    .getQuery();
}

/** Whether the updated row's school-year span is not what the two subqueries say. */
function spanDiffers<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  first: () => string,
  last: () => string,
): string {
  return `(${differs(manager, entity, 'schoolYearFirst', first)} OR ${differs(manager, entity, 'schoolYearLast', last)})`;
}

/**
 * Each user's earliest active student enrollment's begin date (future students); reads enrollments by user. With
 * `written`, the instant an import stamped on every record it wrote, only for the users it wrote or whose
 * enrollments it wrote: nothing else can have moved.
 */
export async function refreshFirstBeginDates(manager: EntityManager, written?: Written): Promise<void> {
  const userId = outerColumn(manager, UserEntity, 'sourcedId');
  const firstBegin = () => studentEnrollments(manager, userId, FIRST_BEGIN);
  // A user without a first begin date gets one exactly when a student enrollment exists: that test stops at the first
  // (a first import's users all start without, and comparing each with its MIN read every enrollment twice).
  const column = outerColumn(manager, UserEntity, 'firstBeginDate');
  const differ = `((${column} IS NULL AND EXISTS ${studentEnrollments(manager, userId, '1')}) OR (${column} IS NOT NULL AND ${differs(manager, UserEntity, 'firstBeginDate', firstBegin)}))`;
  const enrolledAnew = manager
    .createQueryBuilder()
    .subQuery()
    .select('written.userSourcedId')
    .from(EnrollmentEntity, 'written')
    .where('written.dateLastModified = :writtenAt')
    .getQuery();
  await refreshDerived(
    manager,
    UserEntity,
    { firstBeginDate: firstBegin },
    differ,
    // Derived as the database copies the users (see firstBeginDatesOnCopy).
    written && { ...written, derivedOnCopy: copiesJsonRows(manager) },
    [`${userId} IN ${enrolledAnew}`],
    { alwaysBegun: ALWAYS_BEGUN },
  );
}

/** The earliest begin date of the enrollments studentEnrollments selects from. */
const FIRST_BEGIN = 'MIN(COALESCE(enr.beginDate, :alwaysBegun))';

/** A subquery selecting `select` from the active student enrollments of the user whose id `userId` (SQL) holds. */
function studentEnrollments(manager: EntityManager, userId: string, select: string): string {
  return manager
    .createQueryBuilder()
    .subQuery()
    .select(select)
    .from(EnrollmentEntity, 'enr')
    .where(`enr.userSourcedId = ${userId}`)
    .andWhere("enr.role = 'student'")
    .andWhere("enr.status = 'active'")
    .getQuery();
}

/**
 * Each user's first begin date as its copy inserts it (see copyNewRecords), from the enrollments applied before the
 * users (see APPLY_ORDER), where refreshFirstBeginDates wrote every new user a second time (on PostgreSQL a new row
 * version with an entry in every index: 1.5 s of a first import at 20,000 students). A user's enrollments are read
 * through their index; in a table the import filled (its indexes built later, and no statistics yet), all of them in
 * one pass, grouped by user and joined to the users copied.
 */
export function firstBeginDatesOnCopy(
  manager: EntityManager,
  source: SelectQueryBuilder<ObjectLiteral>,
  filled: FilledTables,
): { firstBeginDate: string } {
  const userId = sourceColumn(source, 'sourcedId');
  source.setParameter('alwaysBegun', ALWAYS_BEGUN);
  if (!filled.has(EnrollmentEntity)) return { firstBeginDate: studentEnrollments(manager, userId, FIRST_BEGIN) };
  const escape = (name: string) => manager.connection.driver.escape(name);
  source.leftJoin(
    (sub) =>
      sub
        .select('enr.userSourcedId', 'userId')
        .addSelect(FIRST_BEGIN, 'firstBegin')
        .from(EnrollmentEntity, 'enr')
        .where("enr.role = 'student'")
        .andWhere("enr.status = 'active'")
        .groupBy('enr.userSourcedId'),
    'firstBegins',
    `${escape('firstBegins')}.${escape('userId')} = ${userId}`,
  );
  return { firstBeginDate: `${escape('firstBegins')}.${escape('firstBegin')}` };
}

/** The NULL-safe "not equal" of each dialect that has one (SQL Server has it from 2022 only). */
const DISTINCT_FROM: Partial<Record<string, string>> = { 'better-sqlite3': 'IS NOT', postgres: 'IS DISTINCT FROM' };

/** Whether the updated row's column is not what `value` (a subquery) says, NULL counting as a value. */
function differs<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  property: string,
  value: () => string,
): string {
  const [column, now] = [outerColumn(manager, entity, property), value()];
  const distinctFrom = DISTINCT_FROM[manager.connection.options.type];
  if (distinctFrom) return `${column} ${distinctFrom} ${now}`;
  // Not `NOT (a = b OR …)`: with one side NULL, a = b is NULL and so is its NOT.
  return `(${column} <> ${now} OR (${column} IS NULL AND ${now} IS NOT NULL) OR (${column} IS NOT NULL AND ${now} IS NULL))`;
}
