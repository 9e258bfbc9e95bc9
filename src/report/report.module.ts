import { Module } from '@nestjs/common';
import { AcademicSessionsModule } from '../academic-sessions/academic-sessions.module';
import { ClassesModule } from '../classes/classes.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { OneRosterModule } from '../oneroster/oneroster.module';
import { OrgsModule } from '../orgs/orgs.module';
import { UsersModule } from '../users/users.module';
import { HealthReportService } from './health-report.service';

/** The data-health report (CLI): what a tenant is served, read through the API's readers, against SDS's rules. */
@Module({
  imports: [OneRosterModule, OrgsModule, AcademicSessionsModule, UsersModule, ClassesModule, EnrollmentsModule],
  providers: [HealthReportService],
  exports: [HealthReportService],
})
export class ReportModule {}
