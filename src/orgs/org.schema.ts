import { recordSchema } from '../oneroster/openapi/record-schema';
import { guidRef, guidRefs, oneOf, text } from '../oneroster/openapi/schema-parts';
import { ORG_TYPES } from './org.entity';
import { orgResource } from './org.resource';
import type { OrgJson } from './orgs.service';

/** An org as /orgs and /schools serve it. */
export const orgSchema = recordSchema<OrgJson>('Org', orgResource, 'A district, school or other organisation.', {
  always: {
    name: text(),
    type: oneOf(ORG_TYPES),
    children: guidRefs('org', 'The orgs whose parent this is, within your scope'),
  },
  whenSet: {
    identifier: text('e.g. the school number'),
    parent: guidRef('org', 'Left out when the parent is outside your scope'),
  },
});
