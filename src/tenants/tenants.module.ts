import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantOrgEntity } from '../tenancy/tenant-org.entity';
import { TenantScopeEntity } from '../tenancy/tenant-scope.entity';
import { TenantScopeService } from './tenant-scope.service';
import { TenantEntity } from '../tenancy/tenant.entity';
import { UsernamesModule } from '../usernames/usernames.module';
import { TenantsService } from './tenants.service';
import { ClassTitlesService } from '../classes/class-titles.service';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, TenantOrgEntity, TenantScopeEntity]), UsernamesModule],
  providers: [TenantsService, TenantScopeService, ClassTitlesService],
  exports: [TenantsService, TenantScopeService],
})
export class TenantsModule {}
