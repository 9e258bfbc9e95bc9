import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserEntity } from '../../src/users/user.entity';
import { seedSmallBoard } from '../support/small-board';
import { sweep } from '../support/sweep';
import { API, startTestApp, TestApp } from '../support/test-app';

const SDS_COLLECTIONS = ['academicSessions', 'orgs', 'users', 'classes', 'enrollments'];

describe('an SDS-style sweep of the demo board loaded on start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => t?.close());

  it.each(
    SDS_COLLECTIONS.flatMap(
      (c) =>
        [
          [c, 5000],
          [c, 7],
        ] as [string, number][],
    ),
  )('%s with limit=%i returns exactly X-Total-Count records, none twice', async (collection, limit) => {
    const { seen, total } = await sweep(t, collection, limit);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it('the demo board has the promised shape', async () => {
    const schools = await t.http.get(`${API}/schools`).expect(200);
    expect(
      schools.body.orgs.some((o: { parent?: { sourcedId: string } }) =>
        schools.body.orgs.some((p: { sourcedId: string }) => p.sourcedId === o.parent?.sourcedId),
      ),
    ).toBe(true);
    const barts = await t.http
      .get(`${API}/students?filter=${encodeURIComponent("givenName='Bart' AND familyName='Swings'")}`)
      .expect(200);
    expect(Number(barts.headers['x-total-count'])).toBeGreaterThanOrEqual(2);
    const terms = await t.http.get(`${API}/terms`).expect(200);
    expect(terms.body.academicSessions).toHaveLength(2);
    const students = await t.http.get(`${API}/students?limit=1`).expect(200);
    expect(Number(students.headers['x-total-count'])).toBeGreaterThanOrEqual(300);
  });
});

describe('a delta sweep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it('sees a record marked tobedeleted; the full sweep no longer does', async () => {
    const before = await sweep(t, 'users', 5, "dateLastModified>'2026-10-01T00:00:00.000Z'");
    expect(before.seen).toEqual([]);
    await t.dataSource
      .getRepository(UserEntity)
      .update({ sourcedId: 'student-05' }, { status: 'tobedeleted', dateLastModified: '2026-11-20T06:00:00.000Z' });
    const delta = await sweep(t, 'users', 5, "dateLastModified>'2026-11-20T05:59:59Z'");
    expect(delta.seen).toEqual(['student-05']);
    const full = await sweep(t, 'users', 7);
    expect(full.seen).not.toContain('student-05');
    expect(full.total).toBe(16);
  });
});
