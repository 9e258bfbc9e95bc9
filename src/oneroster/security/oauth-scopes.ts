/** The OneRoster 1.1 scope URIs (OneRoster 1.1 security, scopes; docs/api.md). */
const PREFIX = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';

export const SCOPES = {
  rosterCore: `${PREFIX}roster-core.readonly`,
  roster: `${PREFIX}roster.readonly`,
  demographics: `${PREFIX}roster-demographics.readonly`,
} as const;

/** Scopes this provider knows but does not serve (gradebook, resources): asking for them is invalid_scope. */
export const UNSERVED_SCOPES = [
  'resource.readonly',
  'gradebook.readonly',
  'gradebook.createput',
  'gradebook.delete',
].map((s) => PREFIX + s);

/** What a route needs: any one of these scopes. Relationship routes need the full roster scope. */
export const ROUTE_SCOPES = {
  core: [SCOPES.rosterCore, SCOPES.roster],
  relationship: [SCOPES.roster],
  demographics: [SCOPES.demographics],
} as const;

export type RouteScope = keyof typeof ROUTE_SCOPES;

/** Scopes a tenant's clients may hold; granted all by default when a token request names none (RFC 6749 §3.3). */
export function grantableScopes(demographicsEnabled: boolean): string[] {
  return [SCOPES.rosterCore, SCOPES.roster, ...(demographicsEnabled ? [SCOPES.demographics] : [])];
}
