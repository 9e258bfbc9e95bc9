import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { sessionsOfType } from '../academic-sessions/academic-sessions.service';
import { ClassTermEntity } from '../classes/class-term.entity';
import { ClassEntity } from '../classes/class.entity';
import { Narrowing } from '../oneroster/resource-reader';

/**
 * /schools/{id}/terms: sessions carry no org in OneRoster 1.1, so a school's terms are the terms
 * its classes run in.
 */
export function termsOfSchool(schoolId: string): Narrowing<AcademicSessionEntity> {
  return (qb) =>
    sessionsOfType('term')(qb).andWhere(
      (outer) => {
        const used = outer
          .subQuery()
          .select('1')
          .from(ClassTermEntity, 'school_term')
          .innerJoin(ClassEntity, 'school_class', 'school_class.sourcedId = school_term.classSourcedId')
          .where('school_term.termSourcedId = session.sourcedId')
          .andWhere('school_class.schoolSourcedId = :schoolId')
          .getQuery();
        return `EXISTS ${used}`;
      },
      { schoolId },
    );
}
