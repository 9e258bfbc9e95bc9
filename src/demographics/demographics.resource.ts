import { COMMON_FIELDS, COMMON_SELECTABLE, defineResource } from '../oneroster/query/resource';
import { RACE_FLAGS } from './demographics.entity';

const TEXT_FIELDS = [
  'countryOfBirthCode',
  'stateOfBirthAbbreviation',
  'cityOfBirth',
  'publicSchoolResidenceStatus',
] as const;

export const demographicsResource = defineResource({
  type: 'demographics',
  keys: { collection: 'demographics', single: 'demographics' },
  alias: 'demo',
  fields: {
    ...COMMON_FIELDS,
    birthDate: { kind: 'date', nullable: true },
    sex: { kind: 'string', nullable: true },
    ...Object.fromEntries(RACE_FLAGS.map((flag) => [flag, { kind: 'boolean', nullable: true } as const])),
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, { kind: 'string', nullable: true } as const])),
  },
  selectable: [...COMMON_SELECTABLE, 'birthDate', 'sex', ...RACE_FLAGS, ...TEXT_FIELDS],
});
