import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { chunks, rowsPerInsert } from '../oneroster/query/batches';
import { OrgEntity } from '../orgs/org.entity';
import { orgInScope } from '../tenants/tenant-scope.conditions';
import { TenantEntity } from '../tenants/tenant.entity';
import { parseClassTitleTemplate, renderClassTitle } from './class-title-template';
import { ClassEntity } from './class.entity';
import { TenantClassTitleEntity } from './tenant-class-title.entity';

/** Without a format a tenant serves the SIS's title; rows are kept so a later change still moves dateLastModified. */
const SIS_TITLE = parseClassTitleTemplate('{classTitle}');
const BATCH = 2000;

/**
 * Renders each in-scope class's title from the tenant's class title format into
 * tenant_class_titles, after each import and each change of the format. Only titles that change
 * are written, with the time they changed.
 */
@Injectable()
export class ClassTitlesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns how many titles changed. */
  async render(tenant: TenantEntity, now = new Date()): Promise<number> {
    const template = tenant.classTitleFormat ? parseClassTitleTemplate(tenant.classTitleFormat) : SIS_TITLE;
    return this.dataSource.transaction(async (manager) => {
      const schools = await this.schoolNames(manager);
      const stored = await this.storedTitles(manager, tenant.id);
      const changed: TenantClassTitleEntity[] = [];
      for (const cls of await this.classesInScope(manager, tenant.id)) {
        const title = renderClassTitle(template, {
          classCode: cls.classCode, classTitle: cls.title, schoolName: schools.get(cls.schoolSourcedId) ?? null,
          schoolYear: cls.schoolYearLast === null ? null : Number(cls.schoolYearLast),
        });
        const before = stored.get(cls.sourcedId);
        // A first title is the class as imported; only a change of title moves the served dateLastModified.
        if (before !== title) {
          changed.push({ tenantId: tenant.id, classSourcedId: cls.sourcedId, title, changedAt: before === undefined ? cls.dateLastModified : now.toISOString() });
        }
      }
      for (const batch of chunks(changed, BATCH)) {
        await manager.delete(TenantClassTitleEntity, { tenantId: tenant.id, classSourcedId: In(batch.map((row) => row.classSourcedId)) });
        for (const rows of chunks(batch, rowsPerInsert(4))) await manager.insert(TenantClassTitleEntity, rows);
      }
      return changed.length;
    });
  }

  private async schoolNames(manager: EntityManager): Promise<Map<string, string>> {
    const orgs = await manager.find(OrgEntity, { select: { sourcedId: true, name: true } });
    return new Map(orgs.map((org) => [org.sourcedId, org.name]));
  }

  private async storedTitles(manager: EntityManager, tenantId: string): Promise<Map<string, string>> {
    const rows = await manager.find(TenantClassTitleEntity, { select: { classSourcedId: true, title: true }, where: { tenantId } });
    return new Map(rows.map((row) => [row.classSourcedId, row.title]));
  }

  private classesInScope(manager: EntityManager, tenantId: string): Promise<ClassEntity[]> {
    const qb = manager.createQueryBuilder(ClassEntity, 'cls')
      .select(['cls.sourcedId', 'cls.dateLastModified', 'cls.title', 'cls.classCode', 'cls.schoolSourcedId', 'cls.schoolYearLast']);
    return orgInScope('cls.schoolSourcedId')(qb, tenantId).getMany();
  }
}
