import { mkdir } from 'node:fs/promises';
import { RosterFile, ROSTER_FILES } from '../csv/manifest';
import { closeBoardWriters, openBoardWriters } from './board-writers';
import { writeManifest } from './bundle-writer';
import { Prng, stableId } from './prng';
import { runningSchoolYear } from './school-year';
import { BoardContext, generateSchool } from './school-generator';

export interface BoardOptions {
  students: number;
  seed?: number;
  /** Decides the running school year and which enrollments start in the future. */
  today?: Date;
}

export type BoardSummary = Record<RosterFile, number>;

const STUDENTS_PER_SCHOOL = 600;

/**
 * Writes a synthetic Flemish school board as a OneRoster 1.1 CSV bulk bundle into `dir`: a
 * district, schools with sites, one school year with two terms, courses, classes, students,
 * staff, parents, enrollments and demographics. Deterministic for a seed, and streamed school by
 * school so that 200,000 students need no more memory than 200.
 */
export async function generateBoard(dir: string, options: BoardOptions): Promise<BoardSummary> {
  await mkdir(dir, { recursive: true });
  const seed = options.seed ?? 1;
  const today = options.today ?? new Date();
  const year = runningSchoolYear(today);
  const writers = openBoardWriters(dir);
  const ctx: BoardContext = {
    seed,
    rng: new Prng(seed),
    year,
    today,
    writers,
    districtId: stableId(seed, 'district'),
    yearId: stableId(seed, 'year', year.endYear),
    termIds: [stableId(seed, 'term', year.endYear, 1), stableId(seed, 'term', year.endYear, 2)],
  };
  await writeBoardLevel(ctx);
  const schools = Math.max(3, Math.round(options.students / STUDENTS_PER_SCHOOL));
  for (let school = 0; school < schools; school++) {
    const share = Math.floor(options.students / schools) + (school < options.students % schools ? 1 : 0);
    await generateSchool(ctx, school, share);
  }
  const summary = await closeBoardWriters(writers);
  await writeManifest(dir, ROSTER_FILES, 'OneRoster SDS provider demo board');
  return summary;
}

async function writeBoardLevel(ctx: BoardContext) {
  const { writers, year } = ctx;
  await writers.orgs.write({
    sourcedId: ctx.districtId,
    name: 'Scholengroep Leie en Schelde',
    type: 'district',
    identifier: 'SG-LS',
  });
  await writers.academicSessions.write({
    sourcedId: ctx.yearId,
    title: year.title,
    type: 'schoolYear',
    startDate: year.startDate,
    endDate: year.endDate,
    schoolYear: String(year.endYear),
  });
  const terms = [
    { title: 'Semester 1', startDate: year.startDate, endDate: year.termBreak.firstEnd },
    { title: 'Semester 2', startDate: year.termBreak.secondStart, endDate: year.endDate },
  ];
  for (const [i, term] of terms.entries()) {
    await writers.academicSessions.write({
      sourcedId: ctx.termIds[i],
      title: `${term.title} ${year.title}`,
      type: 'term',
      startDate: term.startDate,
      endDate: term.endDate,
      parentSourcedId: ctx.yearId,
      schoolYear: String(year.endYear),
    });
  }
}
