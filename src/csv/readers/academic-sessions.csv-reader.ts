import { AcademicSessionEntity, SESSION_TYPES } from '../../academic-sessions/academic-session.entity';
import { COMMON_COLUMNS, RecordFileSpec } from '../file-spec';

export const academicSessionsCsv: RecordFileSpec<AcademicSessionEntity> = {
  file: 'academicSessions',
  entityType: 'academicSession',
  columns: [...COMMON_COLUMNS, 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
  renamed: {},
  read: (row) => {
    const schoolYear = row.required('schoolYear');
    if (schoolYear && !/^\d{4}$/.test(schoolYear))
      row.error('schoolYear', `'${schoolYear}' is not a year YYYY (the year the school year ends)`);
    const startDate = row.date('startDate', true);
    const endDate = row.date('endDate', true);
    if (startDate && endDate && startDate > endDate)
      row.error('endDate', `ends (${endDate}) before it starts (${startDate})`);
    return {
      title: row.required('title'),
      type: row.enumValue('type', SESSION_TYPES),
      startDate,
      endDate,
      parentSourcedId: row.ref('parentSourcedId', 'academicSession', false),
      schoolYear,
    };
  },
};
