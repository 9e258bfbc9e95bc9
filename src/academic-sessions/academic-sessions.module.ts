import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcademicSessionEntity } from './academic-session.entity';
import { AcademicSessionsController } from './academic-sessions.controller';
import { AcademicSessionsService } from './academic-sessions.service';
import { GradingPeriodsController, TermsController } from './terms.controller';

@Module({
  imports: [TypeOrmModule.forFeature([AcademicSessionEntity])],
  controllers: [AcademicSessionsController, TermsController, GradingPeriodsController],
  providers: [AcademicSessionsService],
  exports: [AcademicSessionsService],
})
export class AcademicSessionsModule {}
