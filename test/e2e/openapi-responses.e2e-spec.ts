import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PATH } from '../../src/oneroster/errors/oauth-error';
import { SCOPES } from '../../src/oneroster/security/oauth-scopes';
import { OrgEntity } from '../../src/orgs/org.entity';
import { readCommittedDocument, ResponseContract, SeenResponse } from '../support/openapi-contract';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp, tokenFor } from '../support/test-app';

const contract = new ResponseContract(readCommittedDocument());
const ROUTES = Object.keys(contract.document.paths).filter(
  (path) => path.startsWith(API) && contract.document.paths[path].get,
);

/** A small-board id that makes each route answer 200 with records, by the collection its parameter follows. */
const ID_AFTER: Record<string, string> = {
  orgs: 'district',
  schools: 'school-1',
  academicSessions: 'year',
  terms: 'term-1',
  gradingPeriods: 'period-1',
  courses: 'course-math',
  classes: 'class-1',
  users: 'student-04',
  students: 'student-01',
  teachers: 'teacher-1',
  enrollments: 'enr-teacher-1',
  demographics: 'student-01',
};

/** The route with each path parameter replaced by a real id, or the first one by `unknownFirst`. */
function urlOf(template: string, unknownFirst?: string): string {
  const segments = template.split('/');
  let replaced = 0;
  return segments
    .map((segment, i) => {
      if (!segment.startsWith('{')) return segment;
      return replaced++ === 0 && unknownFirst ? unknownFirst : ID_AFTER[segments[i - 1]];
    })
    .join('/');
}

const HEALTH_ROUTES = ['/health', '/health/ready'];
const EVERY_SCOPE = Object.values(SCOPES).join(' ');
const hasParameters = (template: string) => template.includes('{');
const isCollection = (template: string) => !template.endsWith('}');

describe('every response matches what the committed OpenAPI document declares', () => {
  let t: TestApp;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await t.dataSource.getRepository(OrgEntity).update({ sourcedId: 'district' }, { metadata: { ext_region: 'Leie' } });
  });
  afterAll(() => t?.close());

  /** A token with these (space-separated) scopes, fetched once. */
  async function tokenWith(scope: string): Promise<string> {
    if (!tokens.has(scope)) tokens.set(scope, await tokenFor(t.anonymous, t.credentials, scope));
    return tokens.get(scope)!;
  }

  /** GETs a URL of a route and returns what the contract finds wrong with the answer. */
  async function problemsOf(template: string, url: string, authorization: string | null, complete = false) {
    const req = t.anonymous.get(url);
    const res = authorization ? await req.set('Authorization', authorization) : await req;
    return { url, status: res.status, problems: contract.problems('get', template, res, complete), res };
  }

  const conforms = (url: string, status: number) => ({ url, status, problems: [] });

  it('covers the token endpoint, all 41 rostering routes and the health routes (admin and metrics have tests of their own)', () => {
    expect(ROUTES).toHaveLength(41);
    expect(contract.operation('post', TOKEN_PATH).operationId).toBe('token');
    const others = Object.keys(contract.document.paths).filter((path) => !ROUTES.includes(path) && path !== TOKEN_PATH);
    expect(others.filter((path) => !path.startsWith('/admin/v1/') && path !== '/metrics')).toEqual(HEALTH_ROUTES);
  });

  it.each(HEALTH_ROUTES)('%s: 200 without credentials', async (template) => {
    const seen = await problemsOf(template, template, null, true);
    expect(seen).toMatchObject(conforms(seen.url, 200));
  });

  it.each(ROUTES)(
    '%s: 200 carries every always-sent property, and the paging headers on a collection',
    async (template) => {
      const seen = await problemsOf(template, urlOf(template), `Bearer ${await tokenWith(EVERY_SCOPE)}`, true);
      expect(seen).toMatchObject(conforms(seen.url, 200));
      const [records] = Object.values(seen.res.body as object) as unknown[];
      if (isCollection(template)) {
        expect((records as unknown[]).length, 'an empty page would leave the record schema untested').toBeGreaterThan(
          0,
        );
        expect(seen.res.headers['x-total-count']).toMatch(/^\d+$/);
      }
    },
  );

  it.each(ROUTES)('%s: 200 with fields= selecting two properties', async (template) => {
    const seen = await problemsOf(
      template,
      `${urlOf(template)}?fields=sourcedId,status`,
      `Bearer ${await tokenWith(EVERY_SCOPE)}`,
    );
    expect(seen).toMatchObject(conforms(seen.url, 200));
  });

  it.each(ROUTES)('%s: 400 for a bad filter or fields selection', async (template) => {
    const query = isCollection(template) ? "filter=nope%3D'x'" : 'fields=nope';
    const seen = await problemsOf(template, `${urlOf(template)}?${query}`, `Bearer ${await tokenWith(EVERY_SCOPE)}`);
    expect(seen).toMatchObject(conforms(seen.url, 400));
  });

  it.each(ROUTES)('%s: 401 without a token and with an unknown one', async (template) => {
    for (const authorization of [null, 'Bearer not-a-token']) {
      const seen = await problemsOf(template, urlOf(template), authorization);
      expect(seen).toMatchObject(conforms(seen.url, 401));
    }
  });

  it.each(ROUTES)('%s: 403 with a token lacking the scope the route needs', async (template) => {
    const accepted = contract.operation('get', template).security?.[0].oauth2 ?? [];
    const wrong = Object.values(SCOPES).find((scope) => !accepted.includes(scope))!;
    const seen = await problemsOf(template, urlOf(template), `Bearer ${await tokenWith(wrong)}`);
    expect(seen).toMatchObject(conforms(seen.url, 403));
  });

  it.each(ROUTES.filter(hasParameters))('%s: 404 for an unknown id', async (template) => {
    const seen = await problemsOf(template, urlOf(template, 'no-such-id'), `Bearer ${await tokenWith(EVERY_SCOPE)}`);
    expect(seen).toMatchObject(conforms(seen.url, 404));
  });

  describe(`POST ${TOKEN_PATH}`, () => {
    const post = (body: Record<string, string>, secret = t.credentials.clientSecret) =>
      t.anonymous.post(TOKEN_PATH).auth(t.credentials.clientId, secret).type('form').send(body);
    const check = (res: SeenResponse) => ({
      status: res.status,
      problems: contract.problems('post', TOKEN_PATH, res, true),
    });

    it('200: a token', async () => {
      expect(check(await post({ grant_type: 'client_credentials' }))).toEqual({ status: 200, problems: [] });
    });

    it('400: unsupported grant type, unknown scope, a JSON body', async () => {
      expect(check(await post({ grant_type: 'password' }))).toEqual({ status: 400, problems: [] });
      expect(check(await post({ grant_type: 'client_credentials', scope: 'nope' }))).toEqual({
        status: 400,
        problems: [],
      });
      const json = await t.anonymous.post(TOKEN_PATH).send({ grant_type: 'client_credentials' });
      expect(check(json)).toEqual({ status: 400, problems: [] });
    });

    it('401: a wrong secret', async () => {
      expect(check(await post({ grant_type: 'client_credentials' }, 'wrong-secret'))).toEqual({
        status: 401,
        problems: [],
      });
    });
  });

  describe('the contract itself', () => {
    const orgs = () => t.http.get(`${API}/orgs`).then((res) => (res.body as { orgs: Record<string, unknown>[] }).orgs);
    const schema = () => contract.bodySchema('get', `${API}/orgs`, 200)!;

    it('rejects a record with an undeclared property, or a GUIDRef of the wrong type', async () => {
      const [org] = await orgs();
      expect(contract.validate(schema(), { orgs: [{ ...org, nickname: 'x' }] }, false)).not.toEqual([]);
      expect(
        contract.validate(
          schema(),
          { orgs: [{ ...org, children: [{ href: 'http://h/x', sourcedId: 'x', type: 'user' }] }] },
          false,
        ),
      ).not.toEqual([]);
    });

    it('accepts a record without an always-sent property only when fields= could have dropped it', async () => {
      const { name: _name, ...nameless } = (await orgs())[0];
      expect(contract.validate(schema(), { orgs: [nameless] }, false)).toEqual([]);
      expect(contract.validate(schema(), { orgs: [nameless] }, true)).not.toEqual([]);
    });

    it('fails a status the route does not declare', () => {
      expect(contract.problems('get', `${API}/orgs`, { status: 418, headers: {}, body: {} }, false)).toEqual([
        expect.stringMatching(/^status 418 is not declared/),
      ]);
    });
  });
});
