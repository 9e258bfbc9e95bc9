import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { TenantsService } from './tenants.service';

/** Tenant management: the service and CLI commands; what a tenant is served is published by PublicationModule. */
@Module({
  imports: [PublicationModule],
  providers: [TenantsService],
  exports: [TenantsService],
})
export class TenantsModule {}
