import { DataSource, ObjectLiteral } from 'typeorm';
import { AcademicSessionEntity } from '../../src/academic-sessions/academic-session.entity';
import { ClassTermEntity } from '../../src/classes/class-term.entity';
import { ClassEntity } from '../../src/classes/class.entity';
import { CourseEntity } from '../../src/courses/course.entity';
import { DemographicsEntity } from '../../src/demographics/demographics.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { OrgEntity } from '../../src/orgs/org.entity';
import { UserAgentEntity } from '../../src/users/user-agent.entity';
import { UserOrgEntity } from '../../src/tenancy/user-org.entity';
import { UserEntity } from '../../src/users/user.entity';

export const T0 = '2026-09-01T08:00:00.000Z';

const common = (sourcedId: string) => ({
  sourcedId,
  status: 'active' as const,
  dateLastModified: T0,
  contentHash: 'factory',
  metadata: null,
});

/** Inserts records through the app's own DataSource, with OneRoster defaults for what a test leaves out. */
export function factories(dataSource: DataSource) {
  const save = <T extends ObjectLiteral>(entity: new () => T, row: T) => dataSource.getRepository(entity).save(row);
  return {
    org: (id: string, o: Partial<OrgEntity> = {}) =>
      save(OrgEntity, {
        ...common(id),
        name: `Org ${id}`,
        type: 'school',
        identifier: null,
        parentSourcedId: null,
        ...o,
      }),
    session: (id: string, o: Partial<AcademicSessionEntity> = {}) =>
      save(AcademicSessionEntity, {
        ...common(id),
        title: `Session ${id}`,
        type: 'term',
        startDate: '2026-09-01',
        endDate: '2027-01-31',
        parentSourcedId: null,
        schoolYear: '2027',
        ...o,
      }),
    course: (id: string, orgSourcedId: string, o: Partial<CourseEntity> = {}) =>
      save(CourseEntity, {
        ...common(id),
        title: `Course ${id}`,
        schoolYearSourcedId: null,
        courseCode: null,
        grades: null,
        orgSourcedId,
        subjects: null,
        subjectCodes: null,
        ...o,
      }),
    async class(id: string, refs: { course: string; school: string; terms: string[] }, o: Partial<ClassEntity> = {}) {
      await save(ClassEntity, {
        ...common(id),
        title: `Class ${id}`,
        classCode: null,
        classType: 'scheduled',
        location: null,
        courseSourcedId: refs.course,
        schoolSourcedId: refs.school,
        grades: null,
        subjects: null,
        subjectCodes: null,
        periods: null,
        ...o,
      });
      for (const [position, termSourcedId] of refs.terms.entries()) {
        await save(ClassTermEntity, { classSourcedId: id, termSourcedId, position });
      }
    },
    async user(id: string, refs: { orgs: string[]; agents?: string[] }, o: Partial<UserEntity> = {}) {
      await save(UserEntity, {
        ...common(id),
        enabledUser: true,
        role: 'student',
        username: `user.${id}`,
        userIds: null,
        givenName: `Given${id}`,
        familyName: `Family${id}`,
        middleName: null,
        identifier: `id-${id}`,
        email: null,
        sms: null,
        phone: null,
        grades: null,
        ...o,
      });
      for (const [position, orgSourcedId] of refs.orgs.entries()) {
        await save(UserOrgEntity, { userSourcedId: id, orgSourcedId, position });
      }
      for (const [position, agentSourcedId] of (refs.agents ?? []).entries()) {
        await save(UserAgentEntity, { userSourcedId: id, agentSourcedId, position });
      }
    },
    enrollment: (
      id: string,
      refs: { user: string; class: string; school: string },
      o: Partial<EnrollmentEntity> = {},
    ) =>
      save(EnrollmentEntity, {
        ...common(id),
        userSourcedId: refs.user,
        classSourcedId: refs.class,
        schoolSourcedId: refs.school,
        role: 'student',
        primary: null,
        beginDate: null,
        endDate: null,
        ...o,
      }),
    demographics: (id: string, o: Partial<DemographicsEntity> = {}) =>
      save(DemographicsEntity, {
        ...common(id),
        birthDate: null,
        sex: null,
        americanIndianOrAlaskaNative: null,
        asian: null,
        blackOrAfricanAmerican: null,
        nativeHawaiianOrOtherPacificIslander: null,
        white: null,
        demographicRaceTwoOrMoreRaces: null,
        hispanicOrLatinoEthnicity: null,
        countryOfBirthCode: null,
        stateOfBirthAbbreviation: null,
        cityOfBirth: null,
        publicSchoolResidenceStatus: null,
        ...o,
      }),
  };
}
