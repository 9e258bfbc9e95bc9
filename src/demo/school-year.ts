/** The day the new school year takes over in Flanders (the default switch date). */
export const SCHOOL_YEAR_SWITCH = { month: 8, day: 15 };

export interface SchoolYear {
  startYear: number;
  /** The year the school year ends: OneRoster's `schoolYear` (OneRoster 1.1 data model). */
  endYear: number;
  title: string;
  startDate: string;
  endDate: string;
  /** Semester 1 ends, semester 2 starts. */
  termBreak: { firstEnd: string; secondStart: string };
}

/** The running school year on `today`: from 15 August of year Y it is Y–(Y+1), before that (Y−1)–Y. */
export function runningSchoolYear(today: Date): SchoolYear {
  const year = today.getUTCFullYear();
  const beforeSwitch =
    today.getUTCMonth() + 1 < SCHOOL_YEAR_SWITCH.month ||
    (today.getUTCMonth() + 1 === SCHOOL_YEAR_SWITCH.month && today.getUTCDate() < SCHOOL_YEAR_SWITCH.day);
  const startYear = beforeSwitch ? year - 1 : year;
  const endYear = startYear + 1;
  return {
    startYear,
    endYear,
    title: `${startYear}-${endYear}`,
    startDate: `${startYear}-09-01`,
    endDate: `${endYear}-06-30`,
    termBreak: { firstEnd: `${endYear}-01-31`, secondStart: `${endYear}-02-01` },
  };
}
