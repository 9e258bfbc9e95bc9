import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcademicSessionEntity } from './academic-session.entity';
import { AcademicSessionsController } from './academic-sessions.controller';
import { AcademicSessionsService } from './academic-sessions.service';
import { ServingCalendar } from './serving-calendar';
import { GradingPeriodsController, TermsController } from './terms.controller';

/** Academic sessions, and the serving calendar (which school year is served today) that other resources use. */
@Module({
  imports: [TypeOrmModule.forFeature([AcademicSessionEntity])],
  controllers: [AcademicSessionsController, TermsController, GradingPeriodsController],
  providers: [AcademicSessionsService, ServingCalendar],
  exports: [AcademicSessionsService, ServingCalendar],
})
export class AcademicSessionsModule {}
