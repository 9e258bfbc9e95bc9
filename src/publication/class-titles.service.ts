import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { MAX_PARAMETERS_PER_STATEMENT } from '../database/batches';
import { bulkInsert } from '../database/bulk-insert';
import { flatRows } from '../oneroster/query/flat-rows';
import { OrgEntity } from '../orgs/org.entity';
import { TenantScopeEntity } from '../tenancy/tenant-scope.entity';
import { TenantEntity } from '../tenancy/tenant.entity';
import { ClassTitleTemplate, parseClassTitleTemplate, renderClassTitle } from '../classes/class-title-template';
import { ClassEntity } from '../classes/class.entity';
import { classesOfSessionsWritten } from './roster-spans';
import { TenantClassTitleEntity } from '../classes/tenant-class-title.entity';
import { orgInScopeList } from '../tenancy/tenant-scope.conditions';

/** Without a format a tenant serves the SIS's title; rows are kept so a later change still moves dateLastModified. */
const SIS_TITLE = parseClassTitleTemplate('{classTitle}');
/** Classes rendered per round: one IN list of their stored titles, within SQL Server's parameter limit. */
const PAGE = MAX_PARAMETERS_PER_STATEMENT - 10;

/** What rendering a tenant's titles needs, whichever school. */
interface Rendering {
  tenant: TenantEntity;
  template: ClassTitleTemplate;
  /** Every org's name by sourcedId. */
  schools: Map<string, string>;
  now: Date;
}

/**
 * Renders each in-scope class's title from the tenant's class title format into
 * tenant_class_titles, after each import and each change of the format. Only titles that change
 * are written, with the time they changed.
 */
@Injectable()
export class ClassTitlesService {
  /**
   * Returns how many titles changed, inside the caller's transaction. With `writtenAt`, an import's stamp, only the
   * titles it can have moved: of the classes it wrote, and of those whose school or terms' sessions it wrote (a name,
   * a school year). The caller renders whole when the tenant's scope or format changed.
   */
  async render(manager: EntityManager, tenant: TenantEntity, now = new Date(), writtenAt?: string): Promise<number> {
    const rendering: Rendering = {
      tenant,
      template: tenant.classTitleFormat ? parseClassTitleTemplate(tenant.classTitleFormat) : SIS_TITLE,
      schools: await this.schoolNames(manager),
      now,
    };
    let changedCount = 0;
    if (writtenAt !== undefined) {
      // Each way a title can have moved, through its own index.
      for (const written of writtenClasses(manager, tenant.id, writtenAt))
        changedCount += await this.renderClasses(manager, rendering, written);
      return changedCount;
    }
    // A class is rendered once, with its school: where the tenant had no titles (its first import), none is read.
    const noneStored = !(await manager.existsBy(TenantClassTitleEntity, { tenantId: tenant.id }));
    for (const school of await this.orgsInScope(manager, tenant.id)) {
      changedCount += await this.renderClasses(
        manager,
        rendering,
        (qb) => qb.andWhere('cls.schoolSourcedId = :school', { school }),
        noneStored,
      );
    }
    return changedCount;
  }

  /**
   * The classes `narrow` picks, a page at a time (a board's 80,000 classes never sit in memory together): one school's,
   * through the index on (school, sourcedId), so that a tenant's titles read its own classes, not every board's; or
   * those an import wrote.
   */
  private async renderClasses(
    manager: EntityManager,
    { tenant, template, schools, now }: Rendering,
    narrow: Narrowing,
    noneStored = false,
  ): Promise<number> {
    let changedCount = 0;
    for (let after: string | undefined; ;) {
      const classes = await this.classesAfter(manager, narrow, after);
      if (classes.length === 0) return changedCount;
      const stored = noneStored
        ? new Map<string, string>()
        : await this.storedTitles(
            manager,
            tenant.id,
            classes.map((cls) => cls.sourcedId),
          );
      const changed = classes.flatMap((cls) => {
        const title = renderClassTitle(template, {
          classCode: cls.classCode,
          classTitle: cls.title,
          schoolName: schools.get(cls.schoolSourcedId) ?? null,
          schoolYear: cls.schoolYearLast === null ? null : Number(cls.schoolYearLast),
        });
        const before = stored.get(cls.sourcedId);
        // A first title is the class as imported; only a change of title moves the served dateLastModified.
        return before === title
          ? []
          : [
              {
                tenantId: tenant.id,
                classSourcedId: cls.sourcedId,
                title,
                changedAt: before === undefined ? cls.dateLastModified : now.toISOString(),
              },
            ];
      });
      await this.write(manager, tenant.id, changed, stored);
      changedCount += changed.length;
      if (classes.length < PAGE) return changedCount;
      after = classes[classes.length - 1].sourcedId;
    }
  }

  /** Writes the changed titles: a title stored before is replaced, a first one inserted. */
  private async write(
    manager: EntityManager,
    tenantId: string,
    changed: TenantClassTitleEntity[],
    stored: Map<string, string>,
  ): Promise<void> {
    if (changed.length === 0) return;
    const replaced = changed.filter((row) => stored.has(row.classSourcedId)).map((row) => row.classSourcedId);
    if (replaced.length > 0) await manager.delete(TenantClassTitleEntity, { tenantId, classSourcedId: In(replaced) });
    await bulkInsert(manager, TenantClassTitleEntity, changed);
  }

  private async schoolNames(manager: EntityManager): Promise<Map<string, string>> {
    const orgs = await manager.find(OrgEntity, { select: { sourcedId: true, name: true } });
    return new Map(orgs.map((org) => [org.sourcedId, org.name]));
  }

  private async storedTitles(
    manager: EntityManager,
    tenantId: string,
    classIds: string[],
  ): Promise<Map<string, string>> {
    const rows = await manager.find(TenantClassTitleEntity, {
      select: { classSourcedId: true, title: true },
      where: { tenantId, classSourcedId: In(classIds) },
    });
    return new Map(rows.map((row) => [row.classSourcedId, row.title]));
  }

  private async orgsInScope(manager: EntityManager, tenantId: string): Promise<string[]> {
    const rows = await manager.find(TenantScopeEntity, {
      select: { sourcedId: true },
      where: { tenantId, entityType: 'org' },
    });
    return rows.map((row) => row.sourcedId);
  }

  /** The next page of the classes `narrow` picks after `after`, in the database's sourcedId order. */
  private classesAfter(manager: EntityManager, narrow: Narrowing, after: string | undefined): Promise<ClassEntity[]> {
    const qb = manager
      .createQueryBuilder(ClassEntity, 'cls')
      .select([
        'cls.sourcedId',
        'cls.dateLastModified',
        'cls.title',
        'cls.classCode',
        'cls.schoolSourcedId',
        'cls.schoolYearLast',
      ])
      .orderBy('cls.sourcedId')
      .limit(PAGE);
    if (after !== undefined) qb.andWhere('cls.sourcedId > :after', { after });
    return flatRows(narrow(qb));
  }
}

/** Narrows a query of classes (`cls`) to some of them. */
type Narrowing = (qb: SelectQueryBuilder<ClassEntity>) => SelectQueryBuilder<ClassEntity>;

/**
 * The tenant's classes whose titles an import stamped `writtenAt` can have moved, three ways: the classes it wrote,
 * those of the schools it wrote (a name), those of the terms' sessions it wrote (a school year).
 */
function writtenClasses(manager: EntityManager, tenantId: string, writtenAt: string): Narrowing[] {
  const schoolsWritten = manager
    .createQueryBuilder()
    .subQuery()
    .select('school.sourcedId')
    .from(OrgEntity, 'school')
    .where('school.dateLastModified = :writtenAt')
    .getQuery();
  const written =
    (condition: string): Narrowing =>
    (qb) =>
      orgInScopeList('cls.schoolSourcedId')(qb.andWhere(condition, { writtenAt }), tenantId);
  // The classes it wrote are rendered first: the other two ways skip them (a first import's classes, all of them).
  return [
    written('cls.dateLastModified = :writtenAt'),
    written(`cls.dateLastModified <> :writtenAt AND cls.schoolSourcedId IN ${schoolsWritten}`),
    written(`cls.dateLastModified <> :writtenAt AND cls.sourcedId IN ${classesOfSessionsWritten(manager)}`),
  ];
}
