import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcademicSessionsModule } from '../academic-sessions/academic-sessions.module';
import { CoursesModule } from '../courses/courses.module';
import { UsersModule } from '../users/users.module';
import { ClassTermEntity } from './class-term.entity';
import { ClassEntity } from './class.entity';
import { ClassesOfController } from './classes-of.controller';
import { ClassesController } from './classes.controller';
import { ClassesService } from './classes.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ClassEntity, ClassTermEntity]),
    UsersModule,
    CoursesModule,
    AcademicSessionsModule,
  ],
  controllers: [ClassesController, ClassesOfController],
  providers: [ClassesService],
  exports: [ClassesService],
})
export class ClassesModule {}
