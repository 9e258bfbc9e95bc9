import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallBoard } from '../support/small-board';
import { expectedStatusInfo } from '../support/status-info';
import { API, startTestApp, TestApp } from '../support/test-app';

const ids = (records: { sourcedId: string }[]) => records.map((r) => r.sourcedId);
const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

describe('paging, filter, sort and fields', () => {
  let t: TestApp;
  const users = (query: string) => t.http.get(`${API}/users?${query}`);

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  describe('paging', () => {
    it('defaults to limit 100 from offset 0 and counts everything', async () => {
      const res = await users('').expect(200);
      expect(res.body.users).toHaveLength(17);
      expect(res.headers['x-total-count']).toBe('17');
    });

    it('pages with limit and zero-based offset, ordered by sourcedId', async () => {
      const res = await users('limit=2&offset=3').expect(200);
      expect(ids(res.body.users)).toEqual(['student-03', 'student-04']);
      expect(res.headers['x-total-count']).toBe('17');
    });

    it('answers SDS probes: offset=2&limit=1 differs from offset=0, norecords is 200 []', async () => {
      const first = await users('offset=0&limit=1').expect(200);
      const third = await users('offset=2&limit=1').expect(200);
      expect(ids(third.body.users)).not.toEqual(ids(first.body.users));
      const none = await users(q("sourcedId='norecords'")).expect(200);
      expect(none.body).toEqual({ users: [] });
      expect(none.headers['x-total-count']).toBe('0');
    });

    it('an offset past the end is an empty page', async () => {
      const res = await users('offset=500').expect(200);
      expect(res.body.users).toEqual([]);
    });

    it('writes an RFC 8288 Link header that keeps filter, sort and fields', async () => {
      const res = await users(`limit=2&offset=2&${q("role='student'")}&sort=familyName&fields=sourcedId`).expect(200);
      const link = res.headers.link as string;
      for (const rel of ['first', 'prev', 'next', 'last']) expect(link).toContain(`rel="${rel}"`);
      const next = /<([^>]+)>; rel="next"/.exec(link)![1];
      expect(next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ims\/oneroster\/v1p1\/users\?/);
      const params = new URL(next).searchParams;
      expect(params.get('filter')).toBe("role='student'");
      expect(params.get('sort')).toBe('familyName');
      expect(params.get('fields')).toBe('sourcedId');
      expect(params.get('offset')).toBe('4');
      expect(params.get('limit')).toBe('2');
    });

    it.each([['limit=0'], ['limit=-1'], ['limit=abc'], ['offset=-1'], ['offset=1.5'], ['limit=1&limit=2']])(
      '%s is 400 invaliddata',
      async (query) => {
        const res = await users(query).expect(400);
        expect(res.body).toEqual(expectedStatusInfo('invaliddata'));
      },
    );

    it('accepts limit=10000 (Google) and lowers a larger limit to the maximum, still leading on with next', async () => {
      await users('limit=10000').expect(200);
      const res = await users('limit=999999').expect(200);
      expect(res.body.users).toHaveLength(17);
    });
  });

  describe('filter', () => {
    it.each([
      ["givenName='Zoë'", ['student-02']],
      [
        "familyName!='Van den Broeck' AND role='student'",
        [
          'student-04',
          'student-05',
          'student-06',
          'student-07',
          'student-08',
          'student-09',
          'student-10',
          'student-11',
          'student-12',
          'student-13',
          'student-14',
        ],
      ],
      ["role='teacher' OR role='parent'", ['parent-1', 'teacher-1', 'teacher-2']],
      ["familyName~'hond'", ['teacher-2']],
      ["familyName~'VAN DEN'", ['student-01', 'student-02', 'student-03']],
      ["enabledUser='false'", ['student-14']],
      ["middleName='Maria'", ['student-04']],
      ["middleName!='Maria' AND role='teacher'", ['teacher-1', 'teacher-2']],
      [
        "email=''",
        [
          'parent-1',
          'student-01',
          'student-02',
          'student-03',
          'student-04',
          'student-05',
          'student-06',
          'student-07',
          'student-08',
          'student-09',
          'student-10',
          'student-11',
          'student-12',
          'student-13',
          'student-14',
          'teacher-2',
        ],
      ],
      ["sourcedId>='student-12'", ['student-12', 'student-13', 'student-14', 'teacher-1', 'teacher-2']],
      ["familyName='D''Hondt'", ['teacher-2']],
    ])('%s', async (filter, expected) => {
      const res = await users(`${q(filter)}&limit=100`).expect(200);
      expect(ids(res.body.users)).toEqual(expected);
      expect(res.headers['x-total-count']).toBe(String(expected.length));
    });

    it('compares dateLastModified as an instant, whatever the offset or precision', async () => {
      const utc = await users(q("dateLastModified>'2026-09-13T10:00:00.000Z'")).expect(200);
      expect(ids(utc.body.users)).toEqual(['student-13', 'student-14']);
      const offset = await users(q("dateLastModified>'2026-09-13T12:00:00+02:00'")).expect(200);
      expect(ids(offset.body.users)).toEqual(['student-13', 'student-14']);
      const noZone = await users(q("dateLastModified>='2026-09-14T10:00:00'")).expect(200);
      expect(ids(noZone.body.users)).toEqual(['student-13', 'student-14']);
    });

    it('filters enrollments by date and by the referenced class', async () => {
      const res = await t.http
        .get(`${API}/enrollments?${q("class.sourcedId='class-3' AND role='teacher'")}`)
        .expect(200);
      expect(ids(res.body.enrollments)).toEqual(['enr-teacher-2']);
      const dated = await t.http.get(`${API}/enrollments?${q("beginDate<'2026-09-02'")}`).expect(200);
      expect(dated.headers['x-total-count']).toBe('14');
    });

    it('reads values in typographic quotes, as SDS documentation writes them', async () => {
      const straight = await users(q("role='student' AND status='active'")).expect(200);
      const typographic = await users(q('role=’student’ AND status=‘active’')).expect(200);
      expect(ids(typographic.body.users)).toEqual(ids(straight.body.users));
      expect(typographic.headers['x-total-count']).toBe(straight.headers['x-total-count']);
      expect(Number(straight.headers['x-total-count'])).toBeGreaterThan(0);
    });

    it.each([
      "unknownField='x'",
      "givenName='x",
      "givenName 'x'",
      "dateLastModified>'yesterday'",
      "enabledUser='yes'",
      "enabledUser>'true'",
      "role='student' AND givenName='x' OR role='teacher'",
      "orgs='school-1'",
    ])('%s is 400 invalid_filter_field', async (filter) => {
      const res = await users(q(filter)).expect(400);
      expect(res.body).toEqual(expectedStatusInfo('invalid_filter_field'));
    });
  });

  describe('sort', () => {
    it('sorts on a field, with sourcedId as the tie-breaker', async () => {
      const res = await users(`${q("role='student'")}&sort=familyName&limit=4`).expect(200);
      expect(ids(res.body.users)).toEqual(['student-10', 'student-11', 'student-12', 'student-13']);
      const desc = await users(`sort=familyName&orderBy=desc&limit=3`).expect(200);
      expect(ids(desc.body.users)).toEqual(['student-01', 'student-02', 'student-03']);
    });

    it.each(['sort=nope', 'sort=orgs', 'orderBy=up'])('%s is 400 invaliddata', async (query) => {
      const res = await users(query).expect(400);
      expect(res.body).toEqual(expectedStatusInfo('invaliddata'));
    });
  });

  describe('fields', () => {
    it('projects collections and single objects', async () => {
      const list = await users('fields=sourcedId,givenName&limit=1').expect(200);
      expect(list.body).toEqual({ users: [{ sourcedId: 'parent-1', givenName: 'Anaïs' }] });
      const one = await t.http.get(`${API}/classes/class-1?fields=title,terms`).expect(200);
      expect(Object.keys(one.body.class)).toEqual(['title', 'terms']);
    });

    it('an unknown field is 400 invalid_selection_field, also on single objects', async () => {
      expect((await users('fields=sourcedId,shoeSize').expect(400)).body).toEqual(
        expectedStatusInfo('invalid_selection_field'),
      );
      const one = await t.http.get(`${API}/users/student-01?fields=roles`).expect(400);
      expect(one.body).toEqual(expectedStatusInfo('invalid_selection_field'));
    });
  });
});
