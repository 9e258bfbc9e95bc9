import { Module } from '@nestjs/common';
import { ClientsService } from './clients.service';

/**
 * What the admin CLI needs of auth: managing clients, without HTTP. A file of its own, so that the CLI does not load
 * the token endpoint and its OpenAPI decorators (@nestjs/swagger: a sixth of the CLI's start).
 */
@Module({
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientsModule {}
