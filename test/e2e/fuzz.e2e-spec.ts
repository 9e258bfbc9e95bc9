import fc from 'fast-check';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommittedDocument } from '../support/openapi-contract';
import { encode, plausibleQuery, QUERY_PARAMETERS, text, urlComponent } from '../support/fuzz-values';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp } from '../support/test-app';

// Runs per property: the file takes about 20 s on SQLite and 35 s on PostgreSQL on two cores (up to twice that when
// other tests share them); a token run costs most, as every well-formed secret goes through scrypt.
const API_RUNS = 800;
const TOKEN_RUNS = 150;
// Rate limits out of the way: this file is about answers to bad input, not about counting it.
const NO_LIMITS = {
  TOKEN_FAILURES_PER_CLIENT: '1000000',
  TOKEN_FAILURES_PER_ADDRESS: '1000000',
  API_REQUESTS_PER_MINUTE: '1000000',
};

const ROUTES = Object.keys(readCommittedDocument().paths).filter((path) => path.startsWith(API));
/** A record of the small board each route's first path parameter may name, so most requests get to the list query. */
const OWN_IDS: Record<string, string> = {
  academicSessions: 'year',
  classes: 'class-1',
  courses: 'course-math',
  demographics: 'student-01',
  enrollments: 'enr-student-01',
  gradingPeriods: 'period-1',
  orgs: 'district',
  schools: 'school-1',
  students: 'student-01',
  teachers: 'teacher-1',
  terms: 'term-1',
  users: 'student-01',
};
const OTHER_IDS = ['school-2', 'class-3', 'teacher-2', 'parent-1', 'nope'];
const CODE_MINORS = [
  'invalid_filter_field',
  'invalid_selection_field',
  'invaliddata',
  'unauthorisedrequest',
  'unknownobject',
];
const OAUTH_ERRORS = ['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'];

/** Node answers a request line or headers over 16 KB itself, with 431 and no body, before the application. */
const TOO_LARGE_FOR_NODE = 431;
const NODE_HEADER_LIMIT = 16 * 1024;
/** What the client's other request headers take at most, beside the request line. */
const OTHER_HEADERS = 1024;

type Answer = Pick<Response, 'status' | 'body'>;

/**
 * The response, or Node's 431 when it reset the connection instead: Node 24 closes the socket right after its 431,
 * and a client still sending an oversized request line may see the reset before the answer.
 */
async function answerOf(sent: Promise<Response>, url: string): Promise<Answer> {
  try {
    return await sent;
  } catch (error) {
    const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET';
    if (reset && url.length > NODE_HEADER_LIMIT - OTHER_HEADERS) return { status: TOO_LARGE_FOR_NODE, body: undefined };
    throw error;
  }
}

/** Where a request carries its generated value: a path parameter, a list parameter, or a parameter of its own. */
const SPOTS = ['id', 'classId', ...QUERY_PARAMETERS, 'another'] as const;

interface GeneratedRequest {
  route: string;
  /** Another record than the route's own, or null. */
  otherId: string | null;
  query: Partial<Record<string, string>>;
  generated: [(typeof SPOTS)[number], string, string] | null;
  authenticated: boolean;
}

const request: fc.Arbitrary<GeneratedRequest> = fc.record({
  route: fc.constantFrom(...ROUTES),
  otherId: fc.option(fc.constantFrom(...OTHER_IDS), { freq: 4 }),
  query: plausibleQuery,
  generated: fc.option(fc.tuple(fc.constantFrom(...SPOTS), urlComponent, urlComponent), { freq: 2 }),
  authenticated: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

/** The URL of a generated request: its plausible parts, with the generated value put in its spot. */
function urlOf({ route, otherId, query, generated }: GeneratedRequest): string {
  const [spot, value, name] = generated ?? [];
  const id = spot === 'id' ? value! : (otherId ?? OWN_IDS[route.slice(API.length + 1).split('/')[0]]);
  const classId = spot === 'classId' ? value! : 'class-1';
  const parameters = { ...query };
  if (spot === 'another') parameters[name!] = value!;
  else if (spot && spot !== 'id' && spot !== 'classId') parameters[spot] = value!;
  const search = Object.entries(parameters).map(([key, item]) => `${key}=${item}`);
  const path = route.replace(/\{(id|schoolId)\}/, id).replace('{classId}', classId);
  return search.length > 0 ? `${path}?${search.join('&')}` : path;
}

function expectOneRosterAnswer(res: Answer, url: string) {
  expect(res.status, url).toBeLessThan(500);
  if (res.status === TOO_LARGE_FOR_NODE) return;
  if (res.status === 200) return expect(Object.keys(res.body as object)).toHaveLength(1);
  expect(res.body, url).toEqual({
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: expect.any(String),
    imsx_CodeMinor: {
      imsx_codeMinorField: [
        { imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: expect.toBeOneOf(CODE_MINORS) },
      ],
    },
  });
}

function expectOAuthAnswer(res: Response, what: string) {
  expect(res.status, what).toBeLessThan(500);
  if (res.status === TOO_LARGE_FOR_NODE || res.status === 200) return;
  expect(res.body, what).toEqual({ error: expect.toBeOneOf(OAUTH_ERRORS), error_description: expect.any(String) });
}

describe('fuzzed input never breaks the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(NO_LIMITS);
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it(`answers ${API_RUNS} generated requests over every OneRoster route without a 5xx, errors in the imsx envelope`, async () => {
    expect(ROUTES).toHaveLength(41);
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const url = urlOf(generated);
        const sent = (generated.authenticated ? t.http : t.anonymous).get(url);
        expectOneRosterAnswer(await answerOf(sent, url), url);
      }),
      { numRuns: API_RUNS },
    );
  });

  it(`answers ${TOKEN_RUNS} generated HTTP Basic token requests without a 5xx, errors in RFC 6749 form`, async () => {
    const credential = fc.oneof(fc.constantFrom(t.credentials.clientId, t.credentials.clientSecret), text);
    await fc.assert(
      fc.asyncProperty(credential, credential, async (id, secret) => {
        const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
        const res = await t.anonymous
          .post('/oauth/token')
          .set('Authorization', authorization)
          .type('form')
          .send('grant_type=client_credentials');
        expectOAuthAnswer(res, authorization.slice(0, 200));
      }),
      { numRuns: TOKEN_RUNS },
    );
  });

  it(`answers ${TOKEN_RUNS} generated form token requests without a 5xx, errors in RFC 6749 form`, async () => {
    const known = fc.constantFrom(t.credentials.clientId, t.credentials.clientSecret).map(encode);
    const field = fc.oneof(known, urlComponent);
    const grant = fc.oneof(fc.constant('client_credentials'), urlComponent);
    await fc.assert(
      fc.asyncProperty(grant, field, field, fc.option(urlComponent), async (grantType, id, secret, scope) => {
        const body = `grant_type=${grantType}&client_id=${id}&client_secret=${secret}${scope === null ? '' : `&scope=${scope}`}`;
        const res = await t.anonymous.post('/oauth/token').type('form').send(body);
        expectOAuthAnswer(res, body.slice(0, 200));
      }),
      { numRuns: TOKEN_RUNS },
    );
  });
});
