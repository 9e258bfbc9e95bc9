import { describe, expect, it } from 'vitest';
import { runningSchoolYear } from './school-year';

describe('runningSchoolYear', () => {
  it.each([
    ['2026-11-22', 2026, '2027'],
    ['2026-08-14', 2025, '2026'],
    ['2026-08-15', 2026, '2027'],
    ['2027-01-01', 2026, '2027'],
    ['2027-06-30', 2026, '2027'],
  ])('on %s the school year starts in %i and ends in %s', (today, startYear, schoolYear) => {
    const year = runningSchoolYear(new Date(`${today}T12:00:00Z`));
    expect(year.startYear).toBe(startYear);
    expect(String(year.endYear)).toBe(schoolYear);
    expect(year.startDate).toBe(`${startYear}-09-01`);
    expect(year.endDate).toBe(`${startYear + 1}-06-30`);
  });
});
