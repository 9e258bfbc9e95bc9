import { Body, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_SCOPES } from '../auth/admin-scopes';
import { TenantsService, TenantView } from '../tenants/tenants.service';
import { AdminController, AdminRoute } from './admin-route.decorators';
import { AdminWriters } from './admin-writers';
import { NewTenantDto, TenantInputDto } from './tenant-input.dto';

const NOT_FOUND: [number, string] = [404, 'No such tenant'];

/** Tenants: the same service as `tenants list|show|create|update`, its writes on the writer connection. */
@AdminController('tenants')
export class AdminTenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly writers: AdminWriters,
  ) {}

  @Get()
  @AdminRoute(ADMIN_SCOPES.read)
  @ApiOperation({ summary: 'Every tenant with its settings and scope' })
  @ApiOkResponse({ description: 'The tenants' })
  listTenants(): Promise<TenantView[]> {
    return this.tenants.list();
  }

  @Get(':tenantId')
  @AdminRoute(ADMIN_SCOPES.read, NOT_FOUND)
  @ApiOperation({ summary: 'One tenant' })
  @ApiOkResponse({ description: 'The tenant' })
  showTenant(@Param('tenantId') id: string): Promise<TenantView> {
    return this.tenants.show(id);
  }

  @Post()
  @AdminRoute(ADMIN_SCOPES.write, [400, 'Invalid settings'], [409, 'The tenant exists'])
  @ApiOperation({ summary: 'Create a tenant' })
  @ApiCreatedResponse({ description: 'The new tenant' })
  createTenant(@Body() { id, ...input }: NewTenantDto): Promise<TenantView> {
    return this.writers.run(({ tenants }) => tenants.create(id, input));
  }

  @Patch(':tenantId')
  @AdminRoute(ADMIN_SCOPES.write, [400, 'Invalid settings'], NOT_FOUND)
  @ApiOperation({ summary: "Change a tenant's settings (only those given)" })
  @ApiOkResponse({ description: 'The tenant as it now is' })
  updateTenant(@Param('tenantId') id: string, @Body() input: TenantInputDto): Promise<TenantView> {
    return this.writers.run(({ tenants }) => tenants.update(id, input));
  }
}
