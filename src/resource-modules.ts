import { AcademicSessionsModule } from './academic-sessions/academic-sessions.module';
import { ClassesModule } from './classes/classes.module';
import { CoursesModule } from './courses/courses.module';
import { DemographicsModule } from './demographics/demographics.module';
import { EnrollmentsModule } from './enrollments/enrollments.module';
import { OneRosterModule } from './oneroster/oneroster.module';
import { OrgsModule } from './orgs/orgs.module';
import { SchoolsModule } from './schools/schools.module';
import { UsersModule } from './users/users.module';

/** The OneRoster API: the shared mechanics and one module per resource. */
export const RESOURCE_MODULES = [
  OneRosterModule,
  OrgsModule,
  SchoolsModule,
  AcademicSessionsModule,
  CoursesModule,
  ClassesModule,
  UsersModule,
  EnrollmentsModule,
  DemographicsModule,
];
