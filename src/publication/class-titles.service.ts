import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { chunks, MAX_PARAMETERS_PER_STATEMENT, rowsPerInsert } from '../oneroster/query/batches';
import { flatRows } from '../oneroster/query/flat-rows';
import { OrgEntity } from '../orgs/org.entity';
import { orgInScope } from '../tenancy/tenant-scope.conditions';
import { TenantEntity } from '../tenancy/tenant.entity';
import { parseClassTitleTemplate, renderClassTitle } from '../classes/class-title-template';
import { ClassEntity } from '../classes/class.entity';
import { TenantClassTitleEntity } from '../classes/tenant-class-title.entity';

/** Without a format a tenant serves the SIS's title; rows are kept so a later change still moves dateLastModified. */
const SIS_TITLE = parseClassTitleTemplate('{classTitle}');
/** Classes rendered per round: one IN list of their stored titles, within SQL Server's parameter limit. */
const PAGE = MAX_PARAMETERS_PER_STATEMENT - 10;

/**
 * Renders each in-scope class's title from the tenant's class title format into
 * tenant_class_titles, after each import and each change of the format. Only titles that change
 * are written, with the time they changed.
 */
@Injectable()
export class ClassTitlesService {
  /** Returns how many titles changed, inside the caller's transaction. */
  async render(manager: EntityManager, tenant: TenantEntity, now = new Date()): Promise<number> {
    const template = tenant.classTitleFormat ? parseClassTitleTemplate(tenant.classTitleFormat) : SIS_TITLE;
    const schools = await this.schoolNames(manager);
    let changedCount = 0;
    // A page of classes at a time: a board's 80,000 classes never sit in memory together.
    for (let after: string | undefined; ;) {
      const classes = await this.classesInScope(manager, tenant.id, after);
      if (classes.length === 0) return changedCount;
      const stored = await this.storedTitles(
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
      await this.write(manager, tenant.id, changed);
      changedCount += changed.length;
      after = classes[classes.length - 1].sourcedId;
    }
  }

  private async write(manager: EntityManager, tenantId: string, changed: TenantClassTitleEntity[]): Promise<void> {
    if (changed.length === 0) return;
    await manager.delete(TenantClassTitleEntity, {
      tenantId,
      classSourcedId: In(changed.map((row) => row.classSourcedId)),
    });
    for (const rows of chunks(changed, rowsPerInsert(4))) await manager.insert(TenantClassTitleEntity, rows);
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

  /** The next page of in-scope classes after `after`, in the database's sourcedId order. */
  private classesInScope(manager: EntityManager, tenantId: string, after: string | undefined): Promise<ClassEntity[]> {
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
    if (after !== undefined) qb.where('cls.sourcedId > :after', { after });
    return flatRows(orgInScope('cls.schoolSourcedId')(qb, tenantId));
  }
}
