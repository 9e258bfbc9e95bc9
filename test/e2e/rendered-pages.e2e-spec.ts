import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classResource } from '../../src/classes/class.resource';
import { enrollmentResource } from '../../src/enrollments/enrollment.resource';
import { userResource } from '../../src/users/user.resource';
import { ListQueryService } from '../../src/oneroster/query/list-query.service';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { buildsPageJson, renderPage } from '../../src/oneroster/query/page-json';
import { factories } from '../support/factories';
import { storableText } from '../support/fuzz-values';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp } from '../support/test-app';

/** Every field a record may carry: with `fields=` naming them all, the page is built in Node. */
const ALL_FIELDS = {
  enrollments: enrollmentResource.selectable.join(','),
  classes: classResource.selectable.join(','),
  users: userResource.selectable.join(','),
};

const dateOrNot = fc.constantFrom(null, '', '2026-09-01', '2027-01-31');
const enrollment = fc.record({
  safeId: fc.boolean(),
  role: fc.constantFrom('student', 'teacher', 'administrator', 'proctor' as const),
  primary: fc.constantFrom(null, true, false),
  beginDate: dateOrNot,
  endDate: dateOrNot,
  metadata: fc.option(fc.dictionary(storableText, storableText, { maxKeys: 3 }), { nil: null }),
  user: fc.oneof(fc.constant('student-01'), storableText),
});

const list = fc.option(fc.array(storableText, { maxLength: 3 }), { nil: null });
const optionalText = fc.constantFrom<string | null>(null, '', 'B-12', 'Zoë "quoted"');
const aClass = fc.record({
  title: storableText,
  classCode: optionalText,
  location: optionalText,
  grades: list,
  subjects: list,
  subjectCodes: list,
  periods: list,
  terms: fc.subarray(['term-2', 'year', 'term-1', 'a term/with a slash']),
  metadata: fc.option(fc.dictionary(storableText, storableText, { maxKeys: 3 }), { nil: null }),
});

const aUser = fc.record({
  role: fc.constantFrom('student', 'teacher', 'parent', 'administrator' as const),
  enabledUser: fc.boolean(),
  givenName: storableText,
  middleName: optionalText,
  identifier: optionalText,
  email: optionalText,
  sms: optionalText,
  phone: optionalText,
  userIds: fc.option(fc.array(fc.record({ type: storableText, identifier: storableText }), { maxLength: 2 }), {
    nil: null,
  }),
  grades: list,
  // school-1 keeps the user in the tenant's view; an org or agent outside it is left out of the lists.
  otherOrgs: fc.subarray(['school-2', 'elsewhere', 'district']),
  agents: fc.subarray(['parent-1', 'teacher-2', 'nobody', 'student-12']),
  metadata: fc.option(fc.dictionary(storableText, storableText, { maxKeys: 2 }), { nil: null }),
});

// On PostgreSQL every page is built in Node (see page-json.ts): there the two reads must still agree.
describe('list pages built by the database', () => {
  let t: TestApp;
  let rendered: ReturnType<typeof vi.spyOn>;
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://rostering.example.org/' });
    await seedSmallBoard(t.dataSource);
    rendered = vi.spyOn(t.app.get(ListQueryService), 'renderedPage');
  });
  afterAll(() => t?.close());

  /**
   * The records whose sourcedId starts with `prefix`, read twice: built by the database and in Node
   * (each record as JSON text, so key order counts too). They must be the same `count` records, and
   * the first built by the database exactly when `byDatabase` says.
   */
  async function expectSameBothWays(
    collection: keyof typeof ALL_FIELDS,
    prefix: string,
    expected: { count: number; byDatabase: boolean },
  ) {
    const query = { filter: `sourcedId~'${prefix}'`, limit: '1000' };
    rendered.mockClear();
    const byDatabase = await t.http.get(`${API}/${collection}`).query(query).expect(200);
    const built = await rendered.mock.results[0]!.value;
    const inNode = await t.http
      .get(`${API}/${collection}`)
      .query({ ...query, fields: ALL_FIELDS[collection] })
      .expect(200);
    const texts = (body: Record<string, object[]>) => body[collection].map((record) => JSON.stringify(record));
    expect(texts(byDatabase.body)).toEqual(texts(inNode.body));
    expect(byDatabase.body[collection]).toHaveLength(expected.count);
    expect(byDatabase.headers['x-total-count']).toBe(String(expected.count));
    expect(built !== undefined).toBe(expected.byDatabase && buildsPageJson(t.dataSource));
  }

  it('writes the same enrollments, key for key and in the same order, as Node builds them', async () => {
    const make = factories(t.dataSource);
    await fc.assert(
      fc.asyncProperty(fc.array(enrollment, { minLength: 1, maxLength: 6 }), async (rows) => {
        const prefix = `p${++run}-`;
        for (const [index, row] of rows.entries()) {
          // An id with a space needs encoding in an href: its page is built in Node.
          const user = row.safeId ? 'student-01' : `${prefix} ${row.user}`;
          const { safeId: _, user: __, ...values } = row;
          await make.enrollment(`${prefix}${index}`, { user, class: 'class-1', school: 'school-1' }, values);
        }
        const byDatabase = rows.every((row) => row.safeId);
        await expectSameBothWays('enrollments', prefix, { count: rows.length, byDatabase });
      }),
      { numRuns: 40 },
    );
  });

  it('writes the same classes, their terms in order, as Node builds them', async () => {
    const make = factories(t.dataSource);
    await fc.assert(
      fc.asyncProperty(fc.array(aClass, { minLength: 1, maxLength: 4 }), async (rows) => {
        const prefix = `c${++run}-`;
        for (const [index, { terms, ...values }] of rows.entries()) {
          await make.class(`${prefix}${index}`, { course: 'course-math', school: 'school-1', terms }, values);
        }
        const byDatabase = rows.every((row) => !row.terms.includes('a term/with a slash'));
        await expectSameBothWays('classes', prefix, { count: rows.length, byDatabase });
      }),
      { numRuns: 30 },
    );
  });

  it('writes the same users, their orgs and agents as served, as Node builds them', async () => {
    const make = factories(t.dataSource);
    await fc.assert(
      fc.asyncProperty(fc.array(aUser, { minLength: 1, maxLength: 4 }), async (rows) => {
        const prefix = `u${++run}-`;
        for (const [index, { otherOrgs, agents, ...values }] of rows.entries()) {
          const orgs = [...otherOrgs.slice(0, index % 2), 'school-1', ...otherOrgs.slice(index % 2)];
          await make.user(`${prefix}${index}`, { orgs, agents }, values);
        }
        await expectSameBothWays('users', prefix, { count: rows.length, byDatabase: true });
      }),
      { numRuns: 30 },
    );
  });

  it('encodes an id in an href as Node does, by building that page in Node', async () => {
    await factories(t.dataSource).enrollment(
      'encoded-1',
      { user: 'a user/with ünïcode', class: 'class-1', school: 'school-1' },
      { primary: false },
    );
    const res = await t.http.get(`${API}/enrollments`).query({ filter: "sourcedId='encoded-1'" }).expect(200);
    expect(res.body.enrollments[0].user.href).toBe(
      `https://rostering.example.org${API}/users/${encodeURIComponent('a user/with ünïcode')}`,
    );
    expect(res.body.enrollments[0].primary).toBe(false);
  });

  // Only SQLite builds pages as JSON.
  it.skipIf(process.env.TEST_DATABASE_URL)(
    'puts a page whose rows the database read out of order back in order',
    async () => {
      const make = factories(t.dataSource);
      for (const id of ['order-b', 'order-a', 'order-c'])
        await make.enrollment(id, { user: 'student-01', class: 'class-1', school: 'school-1' });
      const shape = [{ name: 'sourcedId', kind: 'value', property: 'sourcedId' }] as const;
      // The page's own subquery reads descending; the page asked for is ascending, and the other way round.
      for (const [subquery, descending] of [
        ['DESC', false],
        ['ASC', true],
      ] as const) {
        const slice = t.dataSource
          .getRepository(EnrollmentEntity)
          .createQueryBuilder('enrollment')
          .select('enrollment.sourcedId', 'sourcedId')
          .where("enrollment.sourcedId LIKE 'order-%'")
          .orderBy('enrollment.sourcedId', subquery);
        const page = await renderPage(slice, shape, {
          baseUrl: 'https://rostering.example.org',
          descending,
        });
        const ids = descending ? ['order-c', 'order-b', 'order-a'] : ['order-a', 'order-b', 'order-c'];
        expect(page?.sourcedIds).toEqual(ids);
        expect(JSON.parse(page!.json)).toEqual(ids.map((sourcedId) => ({ sourcedId })));
      }
    },
  );
});
