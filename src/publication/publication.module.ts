import { Module } from '@nestjs/common';
import { ClassTitlesService } from './class-titles.service';
import { Publisher } from './publisher.service';
import { TenantScopeService } from './tenant-scope.service';
import { UsernameAssigner } from './username-assigner.service';

/** Publication: a change and everything derived from it reach readers in one transaction. */
@Module({
  providers: [Publisher, TenantScopeService, UsernameAssigner, ClassTitlesService],
  exports: [Publisher, UsernameAssigner],
})
export class PublicationModule {}
