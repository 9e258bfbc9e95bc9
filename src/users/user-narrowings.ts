import { hasBegun } from '../calendar/future-students';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { Narrowing } from '../oneroster/resource-reader';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity, UserRole } from './user.entity';

/** /students, /teachers */
export function usersWithRole(role: UserRole): Narrowing<UserEntity> {
  return (qb) => qb.andWhere('usr.role = :userRole', { userRole: role });
}

export const students = usersWithRole('student');
export const teachers = usersWithRole('teacher');

/** /schools/{id}/students, /schools/{id}/teachers: users of that role who belong to the school. */
export function usersOfSchool(schoolId: string, role: UserRole): Narrowing<UserEntity> {
  return (qb) =>
    usersWithRole(role)(qb).andWhere(
      (outer) => {
        const memberships = outer
          .subQuery()
          .select('1')
          .from(UserOrgEntity, 'membership')
          .where('membership.userSourcedId = usr.sourcedId')
          .andWhere('membership.orgSourcedId = :schoolId')
          .getQuery();
        return `EXISTS ${memberships}`;
      },
      { schoolId },
    );
}

/** /classes/{id}/students, /classes/{id}/teachers: users with an active enrollment of that role that has begun (future students). */
export function usersOfClass(classId: string, role: 'student' | 'teacher'): Narrowing<UserEntity> {
  return (qb) =>
    qb.andWhere(
      (outer) => {
        const enrollments = outer
          .subQuery()
          .select('1')
          .from(EnrollmentEntity, 'class_enrollment')
          .where('class_enrollment.userSourcedId = usr.sourcedId')
          .andWhere('class_enrollment.classSourcedId = :classId')
          .andWhere('class_enrollment.role = :enrollmentRole')
          .andWhere("class_enrollment.status = 'active'")
          .andWhere(hasBegun('class_enrollment'))
          .getQuery();
        return `EXISTS ${enrollments}`;
      },
      { classId, enrollmentRole: role },
    );
}
