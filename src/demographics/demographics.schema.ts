import { recordSchema } from '../oneroster/openapi/record-schema';
import { date, flag, oneOf, text } from '../oneroster/openapi/schema-parts';
import { SEXES } from './demographics.entity';
import { demographicsResource } from './demographics.resource';
import type { DemographicsJson } from './demographics.service';

/** A user's demographics (its sourcedId is the user's), as /demographics serves it. */
export const demographicsSchema = recordSchema<DemographicsJson>(
  'Demographics',
  demographicsResource,
  'Demographic data of a user; every property but the common ones is optional.',
  {
    always: {},
    whenSet: {
      birthDate: date(),
      sex: oneOf(SEXES),
      americanIndianOrAlaskaNative: flag(),
      asian: flag(),
      blackOrAfricanAmerican: flag(),
      nativeHawaiianOrOtherPacificIslander: flag(),
      white: flag(),
      demographicRaceTwoOrMoreRaces: flag(),
      hispanicOrLatinoEthnicity: flag(),
      countryOfBirthCode: text(),
      stateOfBirthAbbreviation: text(),
      cityOfBirth: text(),
      publicSchoolResidenceStatus: text(),
    },
  },
);
