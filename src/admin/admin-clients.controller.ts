import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { ADMIN_SCOPES, ALL_ADMIN_SCOPES } from '../auth/admin-scopes';
import { ClientRequest, ClientsService, ClientView, IssuedCredentials } from '../auth/clients.service';
import { AdminController, AdminRoute } from './admin-route.decorators';

/** A new client: a tenant's rostering client, or an admin client (admin: true) with its scopes. */
export class NewClientDto implements ClientRequest {
  @ApiPropertyOptional({ description: 'The tenant of a rostering client' })
  @IsOptional()
  @IsString()
  tenant?: string;

  @ApiPropertyOptional({ example: 'School Data Sync' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ description: 'A client of the admin API, of no tenant' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;

  @ApiPropertyOptional({ type: [String], enum: ALL_ADMIN_SCOPES, description: "An admin client's scopes" })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];
}

const NOT_FOUND: [number, string] = [404, 'No such client'];

/** API clients: the same service as `clients list|create|rotate|revoke`. Secrets are shown once, never listed. */
@AdminController('clients')
export class AdminClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @AdminRoute(ADMIN_SCOPES.read)
  @ApiQuery({ name: 'tenant', required: false, description: 'Only the clients of this tenant' })
  @ApiOperation({ summary: 'API clients (never their secrets)' })
  @ApiOkResponse({ description: 'The clients' })
  listClients(@Query('tenant') tenant?: string): Promise<ClientView[]> {
    return this.clients.list(tenant);
  }

  @Post()
  @AdminRoute(ADMIN_SCOPES.write, [400, 'Unknown tenant or scope'])
  @ApiOperation({ summary: 'Create a client; the answer holds its secret, shown this once' })
  @ApiCreatedResponse({ description: 'The client id and secret' })
  createClient(@Body() body: NewClientDto): Promise<IssuedCredentials> {
    return this.clients.issue(body);
  }

  @Post(':clientId/rotate')
  @HttpCode(200)
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, [409, 'The client is revoked'])
  @ApiOperation({ summary: 'A new secret; the old one works until the grace period ends' })
  @ApiOkResponse({ description: 'The new secret, shown this once' })
  rotateClient(@Param('clientId') clientId: string): Promise<IssuedCredentials> {
    return this.clients.rotate(clientId);
  }

  @Post(':clientId/revoke')
  @HttpCode(200)
  @AdminRoute(ADMIN_SCOPES.write, NOT_FOUND, [409, 'Already revoked'])
  @ApiOperation({ summary: 'Revoke a client: its secret and tokens stop working at once' })
  @ApiOkResponse({ description: 'Revoked' })
  async revokeClient(@Param('clientId') clientId: string): Promise<{ revoked: string }> {
    await this.clients.revoke(clientId);
    return { revoked: clientId };
  }
}
