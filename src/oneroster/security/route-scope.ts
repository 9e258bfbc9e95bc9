import { SetMetadata } from '@nestjs/common';
import { RouteScope } from './oauth-scopes';

/** Metadata key of the scope family a OneRoster route needs; the auth module's bearer guard enforces it. */
export const ROUTE_SCOPE = 'oneroster:route-scope';

/** Marks a route as a OneRoster route that needs this scope family (core, relationship or demographics). */
export const RequiresScope = (scope: RouteScope) => SetMetadata(ROUTE_SCOPE, scope);
