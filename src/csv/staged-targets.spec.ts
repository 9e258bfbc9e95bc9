import { describe, expect, it } from 'vitest';
import { StagedTargets } from './staged-targets';

describe('StagedTargets', () => {
  it('knows staged rows, valid or rejected, by the type a reference names, and schools only by their kind', () => {
    const staged = new StagedTargets();
    staged.add('org', 'org-school', 'school');
    staged.add('org', 'org-district', 'district');
    staged.add('user:rejected', 'usr-1', null);
    expect(staged.has('org', 'org-school')).toBe(true);
    expect(staged.has('school', 'org-school')).toBe(true);
    expect(staged.has('org', 'org-district')).toBe(true);
    expect(staged.has('school', 'org-district')).toBe(false);
    expect(staged.has('user', 'usr-1')).toBe(true);
    expect(staged.has('user', 'usr-2')).toBe(false);
    expect(staged.has('class', 'org-school')).toBe(false);
  });

  it('remembers no more ids than its capacity: the rest are references to check in SQL', () => {
    const staged = new StagedTargets(2);
    ['usr-1', 'usr-2', 'usr-3'].forEach((id) => staged.add('user', id, null));
    expect(['usr-1', 'usr-2', 'usr-3'].map((id) => staged.has('user', id))).toEqual([true, true, false]);
  });
});
