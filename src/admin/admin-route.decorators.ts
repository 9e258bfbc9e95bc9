import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiExtraModels, ApiOAuth2, ApiProperty, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AdminScope } from '../auth/admin-scopes';
import { AdminGuard, RequiresAdminScope } from './admin-auth.guard';
import { AdminExceptionFilter } from './admin-exception.filter';

export const ADMIN_PATH = '/admin/v1';
export const ADMIN_TAG = 'admin';

/** RFC 9457 problem details: every admin API error. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: "no tenant 'scholengroep-brugge' (see: tenants list)" })
  detail!: string;
}

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  });

/**
 * An admin API controller under /admin/v1 (or `root`): admin tokens only, problem details for every error, bodies validated
 * (unknown properties refused).
 */
export function AdminController(path: string, root = `${ADMIN_PATH.slice(1)}/`) {
  return applyDecorators(
    Controller(`${root}${path}`),
    ApiTags(ADMIN_TAG),
    ApiExtraModels(ProblemDto),
    UseGuards(AdminGuard),
    UseFilters(AdminExceptionFilter),
    UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })),
    problem(401, 'No valid admin bearer token'),
    problem(403, 'A rostering token, or an admin token without the scope'),
    problem(429, 'Over the client request rate (Retry-After)'),
  );
}

/**
 * An admin route needing `scope` (or one of several), with the errors it answers besides those of every admin route.
 */
export function AdminRoute(scope: AdminScope | readonly AdminScope[], ...statuses: [number, string][]) {
  const scopes = typeof scope === 'string' ? [scope] : scope;
  return applyDecorators(
    RequiresAdminScope(scopes),
    ...scopes.map((one) => ApiOAuth2([one], 'oauth2')),
    ...statuses.map(([status, description]) => problem(status, description)),
  );
}
