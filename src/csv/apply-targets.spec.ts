import { describe, expect, it } from 'vitest';
import { APPLY_ORDER } from './apply-targets';
import { ROSTER_FILES } from './manifest';

describe('APPLY_ORDER', () => {
  it('applies every file read, once each', () => {
    expect([...APPLY_ORDER].sort()).toEqual([...ROSTER_FILES].sort());
  });

  it('applies the enrollments before the users, and keeps the reading order otherwise', () => {
    expect(APPLY_ORDER.indexOf('enrollments')).toBeLessThan(APPLY_ORDER.indexOf('users'));
    const others = (files: readonly string[]) => files.filter((file) => file !== 'enrollments');
    expect(others(APPLY_ORDER)).toEqual(others(ROSTER_FILES));
  });
});
