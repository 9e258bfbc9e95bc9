import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcademicSessionsModule } from '../academic-sessions/academic-sessions.module';
import { UserAgentEntity } from './user-agent.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from './user.entity';
import { StudentsController, TeachersController, UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, UserOrgEntity, UserAgentEntity]), AcademicSessionsModule],
  controllers: [UsersController, StudentsController, TeachersController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
