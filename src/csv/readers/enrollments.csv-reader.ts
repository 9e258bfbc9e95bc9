import { ENROLLMENT_ROLES, EnrollmentEntity } from '../../enrollments/enrollment.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

export const enrollmentsCsv: RecordFileSpec<EnrollmentEntity, never, 'schoolYearFirst' | 'schoolYearLast'> = {
  file: 'enrollments',
  entityType: 'enrollment',
  columns: [
    ...COMMON_COLUMNS,
    'classSourcedId',
    'schoolSourcedId',
    'userSourcedId',
    'role',
    'primary',
    'beginDate',
    'endDate',
  ],
  renamed: { classId: 'classSourcedId', schoolId: 'schoolSourcedId', userId: 'userSourcedId' },
  read: (row) => {
    const beginDate = row.date('beginDate');
    const endDate = row.date('endDate');
    if (beginDate && endDate && beginDate > endDate)
      row.error('endDate', `ends (${endDate}) before it begins (${beginDate})`);
    return {
      classSourcedId: row.ref('classSourcedId', 'class'),
      schoolSourcedId: row.ref('schoolSourcedId', 'school'),
      userSourcedId: row.ref('userSourcedId', 'user'),
      role: row.enumValue('role', ENROLLMENT_ROLES),
      primary: row.boolean('primary'),
      beginDate,
      endDate,
    };
  },
};
