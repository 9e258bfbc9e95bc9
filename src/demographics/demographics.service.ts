import { userInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { ResourceReader } from '../oneroster/resource-reader';
import { DemographicsEntity } from './demographics.entity';
import { demographicsResource } from './demographics.resource';

type DemographicField =
  | 'birthDate'
  | 'sex'
  | 'americanIndianOrAlaskaNative'
  | 'asian'
  | 'blackOrAfricanAmerican'
  | 'nativeHawaiianOrOtherPacificIslander'
  | 'white'
  | 'demographicRaceTwoOrMoreRaces'
  | 'hispanicOrLatinoEthnicity'
  | 'countryOfBirthCode'
  | 'stateOfBirthAbbreviation'
  | 'cityOfBirth'
  | 'publicSchoolResidenceStatus';

/** Every demographic field is optional: left out when the SIS sent no value. */
export type DemographicsJson = RecordJson & { [K in DemographicField]?: NonNullable<DemographicsEntity[K]> };

function toDemographicsJson(row: DemographicsEntity): DemographicsJson {
  return {
    sourcedId: row.sourcedId,
    status: row.status,
    dateLastModified: row.dateLastModified,
    metadata: metadataOf(row),
    birthDate: present(row.birthDate),
    sex: present(row.sex),
    americanIndianOrAlaskaNative: present(row.americanIndianOrAlaskaNative),
    asian: present(row.asian),
    blackOrAfricanAmerican: present(row.blackOrAfricanAmerican),
    nativeHawaiianOrOtherPacificIslander: present(row.nativeHawaiianOrOtherPacificIslander),
    white: present(row.white),
    demographicRaceTwoOrMoreRaces: present(row.demographicRaceTwoOrMoreRaces),
    hispanicOrLatinoEthnicity: present(row.hispanicOrLatinoEthnicity),
    countryOfBirthCode: present(row.countryOfBirthCode),
    stateOfBirthAbbreviation: present(row.stateOfBirthAbbreviation),
    cityOfBirth: present(row.cityOfBirth),
    publicSchoolResidenceStatus: present(row.publicSchoolResidenceStatus),
  };
}

@Injectable()
export class DemographicsService extends ResourceReader<DemographicsEntity, DemographicsJson> {
  constructor(
    @InjectRepository(DemographicsEntity) repository: Repository<DemographicsEntity>,
    lists: ListQueryService,
  ) {
    super(repository, lists, demographicsResource, { inScope: userInScope('demo.sourcedId'), departures: 'user' });
  }

  protected async toRecords(_ctx: RosterContext, rows: DemographicsEntity[]): Promise<DemographicsJson[]> {
    return rows.map(toDemographicsJson);
  }
}
