import { DemographicsEntity, RACE_FLAGS, SEXES } from '../../demographics/demographics.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

const TEXT_COLUMNS = [
  'countryOfBirthCode',
  'stateOfBirthAbbreviation',
  'cityOfBirth',
  'publicSchoolResidenceStatus',
] as const;

/** One value per column, keyed by the column's name. */
function readEach<K extends string, V>(columns: readonly K[], read: (column: K) => V): Record<K, V> {
  return Object.fromEntries(columns.map((column) => [column, read(column)])) as Record<K, V>;
}

export const demographicsCsv: RecordFileSpec<DemographicsEntity> = {
  file: 'demographics',
  entityType: 'demographics',
  columns: [...COMMON_COLUMNS, 'birthDate', 'sex', ...RACE_FLAGS, ...TEXT_COLUMNS],
  renamed: { userSourcedId: 'sourcedId', birthdate: 'birthDate' },
  read: (row) => {
    // Demographics share the user's sourcedId (OneRoster 1.1 data model), so the row refers to that user.
    row.ref('sourcedId', 'user');
    return {
      birthDate: row.date('birthDate'),
      sex: row.enumValue('sex', SEXES, false),
      ...readEach(RACE_FLAGS, (flag) => row.boolean(flag)),
      ...readEach(TEXT_COLUMNS, (column) => row.text(column)),
    };
  },
};
