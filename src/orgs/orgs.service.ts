import { orgInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { OrgEntity } from './org.entity';
import { orgResource } from './org.resource';
import { orgShare } from './org-share';

export interface OrgJson extends RecordJson {
  name: string;
  type: string;
  identifier?: string;
  parent?: GuidRef;
  children: GuidRef[];
}

/** Only orgs of type school: what /schools serves. */
export const schoolsOnly: Narrowing<OrgEntity> = (qb) => qb.andWhere('org.type = :orgType', { orgType: 'school' });

@Injectable()
export class OrgsService extends ResourceReader<OrgEntity, OrgJson> {
  constructor(@InjectRepository(OrgEntity) repository: Repository<OrgEntity>, lists: ListQueryService) {
    super(repository, lists, orgResource, { inScope: orgInScope('org.sourcedId'), departures: 'org', share: orgShare });
  }

  protected async toRecords(ctx: RosterContext, rows: OrgEntity[]): Promise<OrgJson[]> {
    const children = await this.childIds(
      ctx,
      rows.map((row) => row.sourcedId),
      'parentSourcedId',
    );
    const visibleParents = await this.visibleIds(
      ctx,
      rows.flatMap((row) => (row.parentSourcedId ? [row.parentSourcedId] : [])),
    );
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      name: row.name,
      type: row.type,
      identifier: present(row.identifier),
      parent: present(visibleParents.has(row.parentSourcedId!) ? ctx.refs.ref('org', row.parentSourcedId!) : null),
      children: ctx.refs.refs('org', children.get(row.sourcedId) ?? []),
    }));
  }
}
