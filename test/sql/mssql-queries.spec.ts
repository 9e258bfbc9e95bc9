import { PageCache } from '../../src/oneroster/query/page-cache';
import { SweepPageEndEntity } from '../../src/oneroster/query/sweep-page-end.entity';
import { linksQuery } from '../../src/oneroster/link-loader';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AcademicSessionEntity } from '../../src/academic-sessions/academic-session.entity';
import { academicSessionResource } from '../../src/academic-sessions/academic-session.resource';
import { classResource } from '../../src/classes/class.resource';
import { classesOfTerm, classesOfUser } from '../../src/classes/class-narrowings';
import { ClassEntity } from '../../src/classes/class.entity';
import { CourseEntity } from '../../src/courses/course.entity';
import { DemographicsEntity } from '../../src/demographics/demographics.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { ListQuery } from '../../src/oneroster/query/list-query';
import { ListQueryService } from '../../src/oneroster/query/list-query.service';
import { Resource } from '../../src/oneroster/query/resource';
import { OrgEntity } from '../../src/orgs/org.entity';
import { termsOfSchool } from '../../src/schools/terms-of-school';
import { usersOfClass, usersOfSchool } from '../../src/users/user-narrowings';
import { UserEntity } from '../../src/users/user.entity';
import { userResource } from '../../src/users/user.resource';
import { UserOrgEntity } from '../../src/tenancy/user-org.entity';
import { chunks } from '../../src/database/batches';
import { OrgsService } from '../../src/orgs/orgs.service';
import { AcademicSessionsService } from '../../src/academic-sessions/academic-sessions.service';
import { CoursesService } from '../../src/courses/courses.service';
import { ClassesService } from '../../src/classes/classes.service';
import { ClassTermEntity } from '../../src/classes/class-term.entity';
import { UsersService } from '../../src/users/users.service';
import { UserAgentEntity } from '../../src/users/user-agent.entity';
import { EnrollmentsService } from '../../src/enrollments/enrollments.service';
import { DemographicsService } from '../../src/demographics/demographics.service';
import { ResourceReader } from '../../src/oneroster/resource-reader';
import { GuidRefs } from '../../src/oneroster/guid-ref';
import { ServingCalendar } from '../../src/academic-sessions/serving-calendar';
import { CalendarView } from '../../src/calendar/calendar-view';
import { ScopedRosterContext } from '../../src/oneroster/http/roster-context';
import { TenantEntity } from '../../src/tenancy/tenant.entity';
import { offlineSqlServer, parameterCount, parseTransactSql } from './mssql-dialect';

/** The real readers on an offline SQL Server DataSource: their tenant-scoped queries are what gets checked. */
function readers(dataSource: DataSource, lists: ListQueryService): ResourceReader<ObjectLiteral, object>[] {
  const repo = <T extends ObjectLiteral>(entity: new () => T) => dataSource.getRepository(entity);
  const calendar = new AllRulesCalendar(dataSource);
  return [
    new OrgsService(repo(OrgEntity), lists),
    new AcademicSessionsService(repo(AcademicSessionEntity), lists, calendar),
    new CoursesService(repo(CourseEntity), lists),
    new ClassesService(repo(ClassEntity), repo(ClassTermEntity), lists, calendar),
    new UsersService(repo(UserEntity), repo(UserOrgEntity), repo(UserAgentEntity), lists, calendar),
    new EnrollmentsService(repo(EnrollmentEntity), lists, calendar),
    new DemographicsService(repo(DemographicsEntity), lists),
  ] as unknown as ResourceReader<ObjectLiteral, object>[];
}

/** Every calendar rule switched on, without the query that would decide it (there is no server to ask). */
class AllRulesCalendar extends ServingCalendar {
  protected override async compute(): Promise<CalendarView> {
    return {
      today: '2026-11-23',
      dayStart: 'T05:00:00.000Z',
      holdBackFutureStudents: true,
      servedYear: '2027',
      switchedAt: '2026-08-14T22:00:00.000Z',
    };
  }
}

const TENANT = Object.assign(new TenantEntity(), { id: 'board', emailSource: 'username', futureStudents: 'exclude' });
const CTX: ScopedRosterContext = {
  origin: 'https://h',
  baseUrl: 'https://h/ims/oneroster/v1p1',
  refs: new GuidRefs('https://h/ims/oneroster/v1p1'),
  tenantId: 'board',
  tenant: TENANT,
  now: new Date('2026-11-23T10:00:00Z'),
};

const RESOURCE_TYPES = ['org', 'academicSession', 'course', 'class', 'user', 'enrollment', 'demographics'];

const SDS_FULL: ListQuery = { limit: 5000, offset: 15000, filter: "status='active'", orderBy: 'asc' };
const SDS_DELTA: ListQuery = {
  limit: 100,
  offset: 0,
  filter: "dateLastModified>'2026-11-20T06:00:00.000Z'",
  orderBy: 'asc',
};

describe('SQL Server dialect (built offline, parsed as T-SQL)', () => {
  let dataSource: DataSource;
  let lists: ListQueryService;
  let all: ResourceReader<ObjectLiteral, object>[];
  const base = <T extends ObjectLiteral>(_entity: new () => T, resource: Resource) =>
    all.find((reader) => reader.resource === resource)!.visible(CTX) as SelectQueryBuilder<T>;

  beforeAll(async () => {
    dataSource = await offlineSqlServer();
    lists = new ListQueryService(new PageCache(dataSource), dataSource);
    all = readers(dataSource, lists);
    for (const reader of all) await reader.prepare(CTX);
  });

  it.each(RESOURCE_TYPES)(
    '%s: the tenant-scoped SDS page and its count, walked and gathered, are valid T-SQL, paged with OFFSET … FETCH',
    (type) => {
      const reader = all.find((r) => r.resource.type === type)!;
      const scope = {
        walk: /EXISTS \(SELECT 1 FROM "(tenant_scope|user_orgs)"/,
        gather: /IN \(SELECT "\w+"\."(sourced_id|user_sourced_id)" AS /,
      };
      for (const read of ['walk', 'gather'] as const) {
        for (const query of [SDS_FULL, SDS_DELTA]) {
          const { rows, count } = lists.pageQueries(reader.visible(CTX, read), reader.servedResource(CTX), query);
          const [rowSql] = rows.getQueryAndParameters();
          expect(() => parseTransactSql(rowSql)).not.toThrow();
          expect(rowSql).toMatch(/ORDER BY .* OFFSET \d+ ROWS FETCH NEXT \d+ ROWS ONLY/);
          expect(rowSql).not.toMatch(/\bLIMIT\b/);
          // A page reads none of the import's bookkeeping, no value derived for queries alone, and no stored value its
          // served one replaces (selectServed): each would be a string per row the driver builds and nothing reads.
          expect(rowSql).not.toMatch(/"(content_hash|line_hash)"/);
          expect(rowSql).not.toMatch(/ AS "(feed|schoolYearFirst|schoolYearLast|firstBeginDate)"/);
          expect(rowSql.match(/ AS "(status|dateLastModified)"/g)).toHaveLength(2);
          expect(rowSql).toMatch(scope[read]);
          expect(rows.getQueryAndParameters()[1]).toContain('board');
          expect(() => parseTransactSql(count.getQueryAndParameters()[0])).not.toThrow();
        }
      }
    },
  );

  it("a page that seeks past the previous page's last sourcedId, and the links loaded through its keys, are valid T-SQL", () => {
    const reader = all.find((r) => r.resource.type === 'user')!;
    const { rows, keys } = lists.pageQueries(reader.visible(CTX), reader.servedResource(CTX), SDS_FULL, 'student-0999');
    const [rowSql, parameters] = rows.getQueryAndParameters();
    expect(() => parseTransactSql(rowSql)).not.toThrow();
    expect(rowSql).toMatch(/"usr"\."sourced_id" > @\d+ ORDER BY .* OFFSET 0 ROWS FETCH NEXT 5000 ROWS ONLY/);
    expect(parameters).toContain('student-0999');
    const [linkSql, linkParameters] = linksQuery(
      dataSource.getRepository(UserOrgEntity),
      'userSourcedId',
      keys,
    ).getQueryAndParameters();
    expect(() => parseTransactSql(linkSql)).not.toThrow();
    expect(linkSql).toMatch(/IN \(SELECT "usr"\."sourced_id" AS "usr_sourced_id" FROM "users"/);
    expect(linkParameters).toEqual(expect.arrayContaining(['board', 'student-0999']));
  });

  it('served values (usernames, email, class titles, calendar rules) are selected, filtered and sorted in valid T-SQL', () => {
    const served = {
      user: ['username', 'email', 'dateLastModified'],
      class: ['title', 'status', 'dateLastModified'],
      enrollment: ['status', 'dateLastModified'],
      academicSession: ['status', 'dateLastModified'],
    } as const;
    for (const [type, names] of Object.entries(served)) {
      const reader = all.find((r) => r.resource.type === type)!;
      const query: ListQuery = {
        limit: 5000,
        offset: 0,
        orderBy: 'desc',
        sort: names[0],
        filter: `${names[0]}~'a' AND dateLastModified>'2026-09-01'`,
      };
      const [sql] = lists
        .pageQueries(reader.visible(CTX), reader.servedResource(CTX), query)
        .rows.getQueryAndParameters();
      expect(() => parseTransactSql(sql)).not.toThrow();
      for (const name of names) expect(sql).toContain(`AS "${name}"`);
    }
    const calendarQuery = new ServingCalendar(dataSource).latestYearQuery('board', '2027').getQueryAndParameters()[0];
    expect(() => parseTransactSql(calendarQuery)).not.toThrow();
  });

  it("a sweep's page end is remembered with one MERGE, shared by every instance", () => {
    const [sql] = dataSource
      .createQueryBuilder()
      .insert()
      .into(SweepPageEndEntity)
      .values({ listKey: 'k', nextOffset: 5000, lastSourcedId: 'usr-1', updatedAt: '2026-12-04T00:00:00.000Z' })
      .orUpdate(['last_sourced_id', 'updated_at'], ['list_key', 'next_offset'])
      .getQueryAndParameters();
    // node-sql-parser has no grammar for MERGE: its shape is checked instead (SQL Server needs the final semicolon).
    expect(sql).toMatch(
      /^MERGE INTO "sweep_page_ends" .* USING \(VALUES \(@0, @1, @2, @3\)\) .* ON \(.*"list_key" = .* AND .*"next_offset" = .*\) WHEN MATCHED THEN UPDATE SET .* WHEN NOT MATCHED THEN INSERT\(.*\) VALUES \(.*\);$/,
    );
  });

  it('filters with every operator, AND/OR, ~ and sort build valid T-SQL', () => {
    const query: ListQuery = {
      limit: 10,
      offset: 0,
      orderBy: 'desc',
      sort: 'familyName',
      filter: "givenName~'an' AND middleName!='x' AND enabledUser='true' AND identifier>='1' AND email<=''",
    };
    const { rows } = lists.pageQueries(base(UserEntity, userResource), userResource, query);
    const [sql, parameters] = rows.getQueryAndParameters();
    expect(() => parseTransactSql(sql)).not.toThrow();
    const like = /LIKE @(\d+) ESCAPE '\\'/.exec(sql);
    expect(like).not.toBeNull();
    expect(parameters[Number(like![1])]).toBe('%an%');
  });

  it('the nested-route subqueries build valid T-SQL', () => {
    const narrowed = [
      usersOfClass('class-1', 'student')(base(UserEntity, userResource)),
      usersOfSchool('school-1', 'teacher')(base(UserEntity, userResource)),
      classesOfTerm('term-1')(base(ClassEntity, classResource)),
      classesOfUser('user-1')(base(ClassEntity, classResource)),
      termsOfSchool('school-1')(base(AcademicSessionEntity, academicSessionResource)),
    ];
    for (const qb of narrowed) {
      const [sql] = qb.getQueryAndParameters();
      expect(() => parseTransactSql(sql)).not.toThrow();
      expect(sql).toMatch(/EXISTS \(SELECT 1 FROM/);
    }
  });

  it('relation loading of a 10,000-record page stays under the 2,100-parameter limit per statement', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
    const statements = chunks(ids).map(
      (chunk) =>
        dataSource
          .getRepository(UserOrgEntity)
          .createQueryBuilder('link')
          .where('link.userSourcedId IN (:...chunk)', { chunk })
          .getQueryAndParameters()[0],
    );
    expect(statements).toHaveLength(5);
    for (const sql of statements) expect(parameterCount(sql)).toBeLessThanOrEqual(2000);
    expect(() => parseTransactSql(statements[0])).not.toThrow();
  });
});
