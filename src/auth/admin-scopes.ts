/** The scopes of admin clients (`clients create --admin --scopes …`): never granted to a rostering client. */
export const ADMIN_SCOPES = {
  read: 'admin.read',
  write: 'admin.write',
  import: 'import',
} as const;

export type AdminScope = (typeof ADMIN_SCOPES)[keyof typeof ADMIN_SCOPES];

export const ALL_ADMIN_SCOPES: readonly AdminScope[] = Object.values(ADMIN_SCOPES);

/** What each admin scope allows, for the OpenAPI document's Authorize dialog. */
export const ADMIN_SCOPE_DESCRIPTIONS: Record<AdminScope, string> = {
  'admin.read': 'Admin API: read tenants, clients, feeds, imports, the sync monitor and the access log',
  'admin.write': 'Admin API: create and change tenants and clients, approve or discard imports, usernames',
  import: 'Admin API: push bundles to a feed and follow their imports',
};

export const isAdminScope = (scope: string): scope is AdminScope => (ALL_ADMIN_SCOPES as string[]).includes(scope);
