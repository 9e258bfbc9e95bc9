import { ORG_TYPES } from '../../orgs/org.entity';
import { COMMON_COLUMNS, FileSpec } from '../file-spec';

export const orgsCsv: FileSpec = {
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
