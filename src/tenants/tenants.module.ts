import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantOrgEntity } from './tenant-org.entity';
import { TenantScopeEntity } from './tenant-scope.entity';
import { TenantScopeService } from './tenant-scope.service';
import { TenantEntity } from './tenant.entity';
import { UsernameAssigner } from '../usernames/username-assigner.service';
import { TenantsService } from './tenants.service';

@Module({
  imports: [TypeOrmModule.forFeature([TenantEntity, TenantOrgEntity, TenantScopeEntity])],
  providers: [TenantsService, TenantScopeService, UsernameAssigner],
  exports: [TenantsService, TenantScopeService],
})
export class TenantsModule {}
