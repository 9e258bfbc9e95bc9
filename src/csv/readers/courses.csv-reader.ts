import { CourseEntity } from '../../courses/course.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

export const coursesCsv: RecordFileSpec<CourseEntity> = {
  file: 'courses',
  entityType: 'course',
  columns: [
    ...COMMON_COLUMNS,
    'schoolYearSourcedId',
    'title',
    'courseCode',
    'grades',
    'orgSourcedId',
    'subjects',
    'subjectCodes',
  ],
  renamed: { schoolYearId: 'schoolYearSourcedId', grade: 'grades', orgId: 'orgSourcedId' },
  read: (row) => {
    const subjects = row.list('subjects');
    const subjectCodes = row.list('subjectCodes');
    if (subjects && subjectCodes && subjects.length !== subjectCodes.length) {
      row.note('subjectCodes', 'has a different number of values than subjects');
    }
    return {
      title: row.required('title'),
      schoolYearSourcedId: row.ref('schoolYearSourcedId', 'academicSession', false),
      courseCode: row.text('courseCode'),
      grades: row.list('grades'),
      orgSourcedId: row.ref('orgSourcedId', 'org'),
      subjects,
      subjectCodes,
    };
  },
};
