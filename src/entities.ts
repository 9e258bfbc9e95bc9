import { TokenSigningKeyEntity } from './auth/token-signing-key.entity';
import { AccessLogEntity } from './audit/access-log.entity';
import { RateLimitCounterEntity } from './auth/rate-limit-counter.entity';
import { SweepPageEndEntity } from './oneroster/query/sweep-page-end.entity';
import { PublicationWindowEntity } from './oneroster/query/publication-window.entity';
import { ApiClientEntity } from './auth/api-client.entity';
import { TenantOrgEntity } from './tenancy/tenant-org.entity';
import { TenantScopeEntity } from './tenancy/tenant-scope.entity';
import { TenantDepartureEntity } from './tenancy/tenant-departure.entity';
import { TenantActiveCountEntity } from './tenancy/tenant-active-count.entity';
import { MovedRecordEntity } from './publication/moved-record.entity';
import { TenantEntity } from './tenancy/tenant.entity';
import { TenantUsernameEntity } from './users/tenant-username.entity';
import { ReservedUsernameEntity } from './users/reserved-username.entity';
import { TenantClassTitleEntity } from './classes/tenant-class-title.entity';
import { AcademicSessionEntity } from './academic-sessions/academic-session.entity';
import { ClassTermEntity } from './classes/class-term.entity';
import { ClassEntity } from './classes/class.entity';
import { CourseEntity } from './courses/course.entity';
import { ImportRecordEntity } from './csv/import-record.entity';
import { ImportReferenceEntity } from './csv/import-reference.entity';
import { ImportRunEntity } from './csv/import-run.entity';
import { DemographicsEntity } from './demographics/demographics.entity';
import { EnrollmentEntity } from './enrollments/enrollment.entity';
import { OrgEntity } from './orgs/org.entity';
import { UserAgentEntity } from './users/user-agent.entity';
import { UserOrgEntity } from './tenancy/user-org.entity';
import { UserEntity } from './users/user.entity';

/** Every entity the application maps; the one list both the app and the CLI use. */
export const ENTITIES = [
  OrgEntity,
  AcademicSessionEntity,
  CourseEntity,
  ClassEntity,
  ClassTermEntity,
  UserEntity,
  UserOrgEntity,
  UserAgentEntity,
  EnrollmentEntity,
  DemographicsEntity,
  ImportRunEntity,
  ImportRecordEntity,
  ImportReferenceEntity,
  TenantEntity,
  TenantOrgEntity,
  TenantScopeEntity,
  TenantDepartureEntity,
  TenantActiveCountEntity,
  MovedRecordEntity,
  ApiClientEntity,
  TokenSigningKeyEntity,
  SweepPageEndEntity,
  RateLimitCounterEntity,
  AccessLogEntity,
  PublicationWindowEntity,
  TenantUsernameEntity,
  ReservedUsernameEntity,
  TenantClassTitleEntity,
];
