import { FileSpec } from '../file-spec';
import { RosterFile } from '../manifest';
import { academicSessionsCsv } from './academic-sessions.csv-reader';
import { classesCsv } from './classes.csv-reader';
import { coursesCsv } from './courses.csv-reader';
import { demographicsCsv } from './demographics.csv-reader';
import { enrollmentsCsv } from './enrollments.csv-reader';
import { orgsCsv } from './orgs.csv-reader';
import { usersCsv } from './users.csv-reader';

export const FILE_SPECS: Record<RosterFile, FileSpec> = {
  orgs: orgsCsv,
  academicSessions: academicSessionsCsv,
  courses: coursesCsv,
  classes: classesCsv,
  users: usersCsv,
  enrollments: enrollmentsCsv,
  demographics: demographicsCsv,
};
