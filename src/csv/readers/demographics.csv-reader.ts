import { RACE_FLAGS, SEXES } from '../../demographics/demographics.entity';
import { COMMON_COLUMNS, FileSpec } from '../file-spec';

const TEXT_COLUMNS = [
  'countryOfBirthCode',
  'stateOfBirthAbbreviation',
  'cityOfBirth',
  'publicSchoolResidenceStatus',
] as const;

export const demographicsCsv: FileSpec = {
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
      ...Object.fromEntries(RACE_FLAGS.map((flag) => [flag, row.boolean(flag)])),
      ...Object.fromEntries(TEXT_COLUMNS.map((column) => [column, row.text(column)])),
    };
  },
};
