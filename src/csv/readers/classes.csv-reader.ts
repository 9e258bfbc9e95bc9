import { CLASS_TYPES, ClassEntity } from '../../classes/class.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

export const classesCsv: RecordFileSpec<ClassEntity, 'terms', 'schoolYearFirst' | 'schoolYearLast'> = {
  file: 'classes',
  entityType: 'class',
  columns: [
    ...COMMON_COLUMNS,
    'title',
    'grades',
    'courseSourcedId',
    'classCode',
    'classType',
    'location',
    'schoolSourcedId',
    'termSourcedIds',
    'subjects',
    'subjectCodes',
    'periods',
  ],
  renamed: { grade: 'grades', courseId: 'courseSourcedId', schoolId: 'schoolSourcedId', termIds: 'termSourcedIds' },
  read: (row) => {
    const subjects = row.list('subjects');
    const subjectCodes = row.list('subjectCodes');
    if (subjects && subjectCodes && subjects.length !== subjectCodes.length) {
      row.note('subjectCodes', 'has a different number of values than subjects');
    }
    return {
      title: row.required('title'),
      classCode: row.text('classCode'),
      classType: row.enumValue('classType', CLASS_TYPES),
      location: row.text('location'),
      courseSourcedId: row.ref('courseSourcedId', 'course'),
      schoolSourcedId: row.ref('schoolSourcedId', 'school'),
      grades: row.list('grades'),
      subjects,
      subjectCodes,
      periods: row.list('periods'),
      terms: row.refs('termSourcedIds', 'academicSession', true),
    };
  },
};
