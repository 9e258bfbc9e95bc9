import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DemographicsController } from './demographics.controller';
import { DemographicsEntity } from './demographics.entity';
import { DemographicsService } from './demographics.service';

@Module({
  imports: [TypeOrmModule.forFeature([DemographicsEntity])],
  controllers: [DemographicsController],
  providers: [DemographicsService],
  exports: [DemographicsService],
})
export class DemographicsModule {}
