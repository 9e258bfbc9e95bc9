import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

export const RACE_FLAGS = [
  'americanIndianOrAlaskaNative',
  'asian',
  'blackOrAfricanAmerican',
  'nativeHawaiianOrOtherPacificIslander',
  'white',
  'demographicRaceTwoOrMoreRaces',
  'hispanicOrLatinoEthnicity',
] as const;

/** demographics: sourcedId is the user's sourcedId (OneRoster 1.1 data model). */
@Entity('demographics')
@Index('ix_demographics_status', ['status', 'sourcedId'])
@Index('ix_demographics_feed', ['feed', 'sourcedId'])
@Index('ix_demographics_modified', ['dateLastModified', 'sourcedId'])
export class DemographicsEntity extends RosteringRecord {
  @Column({ name: 'birth_date', type: String, length: 10, nullable: true })
  birthDate: string | null;

  @Column({ type: String, length: 16, nullable: true })
  sex: Sex | null;

  @Column({ name: 'american_indian_or_alaska_native', type: Boolean, nullable: true })
  americanIndianOrAlaskaNative: boolean | null;

  @Column({ type: Boolean, nullable: true })
  asian: boolean | null;

  @Column({ name: 'black_or_african_american', type: Boolean, nullable: true })
  blackOrAfricanAmerican: boolean | null;

  @Column({ name: 'native_hawaiian_or_other_pacific_islander', type: Boolean, nullable: true })
  nativeHawaiianOrOtherPacificIslander: boolean | null;

  @Column({ type: Boolean, nullable: true })
  white: boolean | null;

  @Column({ name: 'demographic_race_two_or_more_races', type: Boolean, nullable: true })
  demographicRaceTwoOrMoreRaces: boolean | null;

  @Column({ name: 'hispanic_or_latino_ethnicity', type: Boolean, nullable: true })
  hispanicOrLatinoEthnicity: boolean | null;

  @Column({ name: 'country_of_birth_code', type: String, length: 255, nullable: true })
  countryOfBirthCode: string | null;

  @Column({ name: 'state_of_birth_abbreviation', type: String, length: 255, nullable: true })
  stateOfBirthAbbreviation: string | null;

  @Column({ name: 'city_of_birth', type: String, length: 255, nullable: true })
  cityOfBirth: string | null;

  @Column({ name: 'public_school_residence_status', type: String, length: 255, nullable: true })
  publicSchoolResidenceStatus: string | null;
}
