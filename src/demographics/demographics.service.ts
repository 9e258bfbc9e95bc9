import { userInScope } from '../tenants/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { commonJson, optional } from '../oneroster/record-json';
import { ResourceReader } from '../oneroster/resource-reader';
import { DemographicsEntity } from './demographics.entity';
import { demographicsResource } from './demographics.resource';

export type DemographicsJson = ReturnType<typeof toDemographicsJson>;

function toDemographicsJson(row: DemographicsEntity) {
  return {
    ...commonJson(row),
    ...optional('birthDate', row.birthDate),
    ...optional('sex', row.sex),
    ...optional('americanIndianOrAlaskaNative', row.americanIndianOrAlaskaNative),
    ...optional('asian', row.asian),
    ...optional('blackOrAfricanAmerican', row.blackOrAfricanAmerican),
    ...optional('nativeHawaiianOrOtherPacificIslander', row.nativeHawaiianOrOtherPacificIslander),
    ...optional('white', row.white),
    ...optional('demographicRaceTwoOrMoreRaces', row.demographicRaceTwoOrMoreRaces),
    ...optional('hispanicOrLatinoEthnicity', row.hispanicOrLatinoEthnicity),
    ...optional('countryOfBirthCode', row.countryOfBirthCode),
    ...optional('stateOfBirthAbbreviation', row.stateOfBirthAbbreviation),
    ...optional('cityOfBirth', row.cityOfBirth),
    ...optional('publicSchoolResidenceStatus', row.publicSchoolResidenceStatus),
  };
}

@Injectable()
export class DemographicsService extends ResourceReader<DemographicsEntity, DemographicsJson> {
  constructor(@InjectRepository(DemographicsEntity) repository: Repository<DemographicsEntity>, lists: ListQueryService) {
    super(repository, lists, demographicsResource, userInScope('demo.sourcedId'));
  }

  protected async toRecords(_ctx: RosterContext, rows: DemographicsEntity[]): Promise<DemographicsJson[]> {
    return rows.map(toDemographicsJson);
  }
}
