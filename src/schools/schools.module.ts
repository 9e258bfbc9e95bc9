import { Module } from '@nestjs/common';
import { AcademicSessionsModule } from '../academic-sessions/academic-sessions.module';
import { ClassesModule } from '../classes/classes.module';
import { CoursesModule } from '../courses/courses.module';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { OrgsModule } from '../orgs/orgs.module';
import { UsersModule } from '../users/users.module';
import { SchoolClassesController } from './school-classes.controller';
import { SchoolsController } from './schools.controller';

/** /schools and everything nested under a school. */
@Module({
  imports: [OrgsModule, AcademicSessionsModule, CoursesModule, ClassesModule, EnrollmentsModule, UsersModule],
  controllers: [SchoolsController, SchoolClassesController],
})
export class SchoolsModule {}
