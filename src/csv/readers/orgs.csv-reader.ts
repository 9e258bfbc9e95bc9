import { ORG_TYPES, OrgEntity } from '../../orgs/org.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

export const orgsCsv: RecordFileSpec<OrgEntity> = {
  file: 'orgs',
  entityType: 'org',
  columns: [...COMMON_COLUMNS, 'name', 'type', 'identifier', 'parentSourcedId'],
  renamed: { parentId: 'parentSourcedId' },
  read: (row) => ({
    name: row.required('name'),
    type: row.enumValue('type', ORG_TYPES),
    identifier: row.text('identifier'),
    parentSourcedId: row.ref('parentSourcedId', 'org', false),
  }),
};
