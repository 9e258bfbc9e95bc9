import { hasBegun } from '../calendar/future-students';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { Narrowing } from '../oneroster/resource-reader';
import { ClassTermEntity } from './class-term.entity';
import { ClassEntity } from './class.entity';

/** /schools/{id}/classes */
export function classesOfSchool(schoolId: string): Narrowing<ClassEntity> {
  return (qb) => qb.andWhere('cls.schoolSourcedId = :schoolId', { schoolId });
}

/** /courses/{id}/classes */
export function classesOfCourse(courseId: string): Narrowing<ClassEntity> {
  return (qb) => qb.andWhere('cls.courseSourcedId = :courseId', { courseId });
}

/** /terms/{id}/classes: classes that run in the term. */
export function classesOfTerm(termId: string): Narrowing<ClassEntity> {
  return (qb) =>
    qb.andWhere(
      (outer) => {
        const terms = outer
          .subQuery()
          .select('1')
          .from(ClassTermEntity, 'term_link')
          .where('term_link.classSourcedId = cls.sourcedId')
          .andWhere('term_link.termSourcedId = :termId')
          .getQuery();
        return `EXISTS ${terms}`;
      },
      { termId },
    );
}

/** /users/{id}/classes (and students/teachers): classes the user has an active enrollment in that has begun. */
export function classesOfUser(userId: string): Narrowing<ClassEntity> {
  return (qb) =>
    qb.andWhere(
      (outer) => {
        const enrollments = outer
          .subQuery()
          .select('1')
          .from(EnrollmentEntity, 'user_enrollment')
          .where('user_enrollment.classSourcedId = cls.sourcedId')
          .andWhere('user_enrollment.userSourcedId = :userId')
          .andWhere("user_enrollment.status = 'active'")
          .andWhere(hasBegun('user_enrollment'))
          .getQuery();
        return `EXISTS ${enrollments}`;
      },
      { userId },
    );
}
