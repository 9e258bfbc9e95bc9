/**
 * The connection check School Data Sync makes before it accepts credentials (URL, credentials, data
 * access: docs/operations.md), plus a full sweep for the data problems SDS only
 * reports after a sync. HTTP only, over Node's fetch, so it checks ANY OneRoster 1.1 provider.
 */
import { RuleCollection } from '../sds-rules/rule-kit';
import { breachesOf, SDS_RULES } from '../sds-rules/sds-rules';

export type CheckStep = 'url' | 'credentials' | 'data' | 'sweep';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  step: CheckStep;
  status: CheckStatus;
  title: string;
  reason?: string;
  hint?: string;
  /** A collection's X-Total-Count, or how many records a warning concerns. */
  count?: number;
  examples?: string[];
}

export interface CheckReport {
  ok: boolean;
  baseUrl: string;
  tokenUrl: string;
  totals: Record<string, number>;
  results: CheckResult[];
}

export interface ProviderCheckOptions {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

export const COLLECTIONS = ['orgs', 'academicSessions', 'classes', 'users', 'enrollments'] as const;
const ACTIVE = "status='active'";
const DELTA = "dateLastModified>'2000-01-01T00:00:00Z'";
const PAGE = 1000;
const EXAMPLES = 5;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}
type Probe = { answer: Answer } | { reason: string; hint: string };
type Rec = Record<string, unknown>;
interface Ctx {
  options: ProviderCheckOptions;
  base: string;
  token?: string;
}

/** Runs every step in order; a failed step skips the steps that need it. */
export async function checkProvider(options: ProviderCheckOptions): Promise<CheckReport> {
  const ctx: Ctx = { options, base: options.baseUrl.replace(/\/+$/, '') };
  const results: CheckResult[] = [];
  const totals: Record<string, number> = {};
  const skip = (step: CheckStep, title: string, reason: string) =>
    results.push({ step, status: 'skip', title, reason });
  results.push(...(await checkUrl(ctx)));
  if (failed(results, 'url')) {
    skip('credentials', 'Credentials', 'the base URL failed');
  } else {
    results.push(...(await checkCredentials(ctx)));
  }
  if (!ctx.token) {
    skip('data', 'Data access', 'no token');
  } else {
    results.push(...(await checkData(ctx, totals)));
  }
  if (!ctx.token || failed(results, 'data')) {
    skip('sweep', 'Full sweep', 'data access failed');
  } else {
    results.push(...(await sweep(ctx)));
  }
  const ok = results.every((r) => r.status === 'pass' || r.status === 'warn');
  return { ok, baseUrl: options.baseUrl, tokenUrl: options.tokenUrl, totals, results };
}

const failed = (results: CheckResult[], step: CheckStep) => results.some((r) => r.step === step && r.status === 'fail');
const fail = (step: CheckStep, title: string, reason: string, hint: string): CheckResult => ({
  step,
  status: 'fail',
  title,
  reason,
  hint,
});

async function checkUrl(ctx: Ctx): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const base = new URL(ctx.base);
  if (!base.pathname.endsWith('/ims/oneroster/v1p1')) {
    results.push({
      step: 'url',
      status: 'warn',
      title: `base URL does not end in /ims/oneroster/v1p1 (${base.pathname})`,
      hint: 'OneRoster 1.1 APIs live at https://<host>/<prefix>/ims/oneroster/v1p1; SDS appends /orgs, /users, … to the base URL',
    });
  }
  const reached = await send(ctx, ctx.base, {});
  if ('reason' in reached)
    return [...results, fail('url', `base URL ${ctx.base} not reachable`, reached.reason, reached.hint)];
  results.push({ step: 'url', status: 'pass', title: `base URL reachable (HTTP ${reached.answer.status})` });
  if (base.protocol === 'https:') results.push({ step: 'url', status: 'pass', title: 'TLS certificate valid' });
  else
    results.push({
      step: 'url',
      status: 'warn',
      title: 'base URL is not https',
      hint: 'SDS connects to https URLs only; put TLS in front of the API',
    });
  // Without a token a OneRoster route answers 401 (or 403); a 404 means there is no API at this path.
  const orgs = await send(ctx, `${ctx.base}/orgs`, {});
  if ('reason' in orgs) return [...results, fail('url', `${ctx.base}/orgs not reachable`, orgs.reason, orgs.hint)];
  if (orgs.answer.status === 404) {
    results.push(
      fail(
        'url',
        'no OneRoster API at the base URL',
        `${ctx.base}/orgs answers 404 Not Found`,
        'use the API root ending in /ims/oneroster/v1p1 (e.g. https://host/ims/oneroster/v1p1), as the provider documents it',
      ),
    );
  } else {
    results.push({
      step: 'url',
      status: 'pass',
      title: `OneRoster API found (/orgs answers ${orgs.answer.status} without a token)`,
    });
  }
  return results;
}

const OAUTH_HINTS: Record<string, string> = {
  invalid_client:
    'check the client id and secret; a revoked or rotated client no longer works (copy them again, without spaces)',
  unauthorized_client: 'this client may not use the client_credentials grant: ask the provider to allow it',
  unsupported_grant_type: 'the token URL does not accept grant_type=client_credentials: check the token URL',
  invalid_request: 'the token endpoint refused the request form: check the token URL',
  invalid_scope: 'the provider wants a scope: SDS sends none by default, ask the provider',
};

async function checkCredentials(ctx: Ctx): Promise<CheckResult[]> {
  const { clientId, clientSecret, tokenUrl } = ctx.options;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  const methods: [string, Record<string, string>, Record<string, string>][] = [
    ['HTTP Basic (client_secret_basic, as SDS sends it)', { authorization: `Basic ${basic}` }, {}],
    ['form body (client_secret_post)', {}, { client_id: clientId, client_secret: clientSecret }],
  ];
  const results: CheckResult[] = [];
  for (const [method, headers, fields] of methods) {
    const body = new URLSearchParams({ grant_type: 'client_credentials', ...fields });
    const probe = await send(ctx, tokenUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const title = `token by ${method}`;
    if ('reason' in probe) {
      results.push(fail('credentials', title, `token URL: ${probe.reason}`, probe.hint));
      continue;
    }
    const { status, body: json } = probe.answer;
    const token = (json as Rec | undefined)?.access_token;
    if (status === 200 && typeof token === 'string' && token) {
      ctx.token ??= token;
      results.push({ step: 'credentials', status: 'pass', title });
      continue;
    }
    const error = typeof (json as Rec | undefined)?.error === 'string' ? String((json as Rec).error) : undefined;
    const description = (json as Rec | undefined)?.error_description;
    results.push(
      fail(
        'credentials',
        title,
        error
          ? `refused (HTTP ${status}): ${error}${description ? `: ${String(description)}` : ''}`
          : `token URL answers HTTP ${status} without an access_token`,
        (error && OAUTH_HINTS[error]) ??
          (status === 404
            ? 'check the token URL (ours is <host>/oauth/token)'
            : 'check the token URL and the client id and secret'),
      ),
    );
  }
  return results;
}

async function checkData(ctx: Ctx, totals: Record<string, number>): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const name of COLLECTIONS) {
    const page = await getPage(ctx, name, { limit: '1', filter: ACTIVE });
    if ('reason' in page) {
      results.push(fail('data', `/${name}?filter=${ACTIVE}`, page.reason, page.hint));
      continue;
    }
    totals[name] = page.total;
    results.push({ step: 'data', status: 'pass', title: `/${name}: X-Total-Count ${page.total}`, count: page.total });
  }
  for (const [name, what] of [
    ['users', 'users'],
    ['orgs', 'orgs'],
  ] as const) {
    if (totals[name] === 0) {
      results.push(
        fail(
          'data',
          `the client sees no ${what}`,
          `the client sees no ${what}: its tenant's scope is empty or holds no active ${what}`,
          "put the board's schools in this client's scope at the provider (here: npm run cli -- tenants update <id> --orgs …)",
        ),
      );
    }
  }
  const delta = await getPage(ctx, 'users', { limit: '1', filter: DELTA });
  if ('reason' in delta) {
    results.push(
      fail(
        'data',
        `/users?filter=${DELTA} (delta sync)`,
        delta.reason,
        `${delta.hint}; SDS needs the dateLastModified> filter for delta sync`,
      ),
    );
  } else if (totals.users !== undefined && delta.total < totals.users) {
    results.push({
      step: 'data',
      status: 'warn',
      title: `delta filter returns ${delta.total} users, fewer than the ${totals.users} active ones`,
      hint: 'every record changed after 2000 should match dateLastModified>; check the provider compares timestamps, not strings',
    });
  } else {
    results.push({
      step: 'data',
      status: 'pass',
      title: `/users delta filter dateLastModified>: X-Total-Count ${delta.total}`,
      count: delta.total,
    });
  }
  return results;
}

type Page = { records: Rec[]; total: number } | { reason: string; hint: string };

/** One page of a collection, checked as SDS reads it: 200, JSON, the envelope key, X-Total-Count. */
async function getPage(ctx: Ctx, name: string, query: Record<string, string>): Promise<Page> {
  const url = `${ctx.base}/${name}?${new URLSearchParams(query)}`;
  const probe = await send(ctx, url, { headers: { authorization: `Bearer ${ctx.token}` } });
  if ('reason' in probe) return probe;
  const { status, headers, body } = probe.answer;
  if (status !== 200)
    return {
      reason: `answers HTTP ${status}${describeError(body)}`,
      hint: STATUS_HINTS[status] ?? "SDS needs 200 for this request: see the provider's logs",
    };
  const records = (body as Rec | undefined)?.[name];
  if (!Array.isArray(records)) {
    return {
      reason: `the answer has no "${name}" array`,
      hint: `OneRoster 1.1 wraps a collection as {"${name}": [ … ]} with Content-Type application/json`,
    };
  }
  const total = Number(headers.get('x-total-count') ?? NaN);
  if (!Number.isInteger(total) || total < 0) {
    return {
      reason: 'no valid X-Total-Count header',
      hint: 'SDS pages by X-Total-Count: the provider must send it (and a proxy must pass it on)',
    };
  }
  return { records: records as Rec[], total };
}

const STATUS_HINTS: Record<number, string> = {
  401: 'the token was issued but refused: check that the token URL belongs to this API',
  403: 'the client lacks the scope roster-core.readonly: ask the provider to grant it',
  400: 'the provider does not accept the filter SDS sends: it must support OneRoster 1.1 filters',
  404: 'check the base URL; SDS needs 200 with an empty array, never 404, for a filter without records',
};

function describeError(body: unknown): string {
  const b = body as Rec | undefined;
  const text =
    b?.imsx_description ??
    (b?.statusInfoSet as Rec[] | undefined)?.[0]?.imsx_description ??
    b?.error_description ??
    b?.error;
  return typeof text === 'string' ? `: ${text}` : '';
}

/** Every active record of a collection, by pages of 1000 following offset up to X-Total-Count. */
async function fetchAll(ctx: Ctx, name: string): Promise<Rec[] | { reason: string; hint: string }> {
  const records: Rec[] = [];
  for (;;) {
    const page = await getPage(ctx, name, { limit: String(PAGE), offset: String(records.length), filter: ACTIVE });
    if ('reason' in page) return { reason: `page at offset ${records.length}: ${page.reason}`, hint: page.hint };
    records.push(...page.records);
    if (page.records.length === 0 || records.length >= page.total) return records;
  }
}

const SWEPT: readonly RuleCollection[] = ['orgs', 'academicSessions', 'users', 'classes', 'enrollments'];
type Swept = Record<RuleCollection, Rec[]>;

async function sweep(ctx: Ctx): Promise<CheckResult[]> {
  const all = {} as Swept;
  const results: CheckResult[] = [];
  for (const name of SWEPT) {
    const records = await fetchAll(ctx, name);
    if (Array.isArray(records)) all[name] = records;
    else results.push(fail('sweep', `full sweep of /${name}`, records.reason, records.hint));
  }
  if (results.length > 0) return results;
  const checked = SWEPT.map((name) => `${all[name].length} ${name}`).join(', ');
  return [{ step: 'sweep', status: 'pass', title: `full sweep read ${checked}` }, ...sweepWarnings(all)];
}

const EFFECT = { error: 'SDS drops the record', warning: 'SDS drops the value' };

/**
 * The data problems SDS reports only after a sync, as warnings with counts and a few examples: each breach of SDS's
 * rules (src/sds-rules, the same table as the data-health report), then what spans records (duplicates, dangling
 * references).
 */
export function sweepWarnings(all: Partial<Swept>): CheckResult[] {
  const found = new Map<string, string[]>();
  for (const collection of SWEPT)
    for (const record of all[collection] ?? [])
      for (const { rule, value } of breachesOf(collection, record))
        found.set(rule.id, [...(found.get(rule.id) ?? []), `${String(record.sourcedId)}: '${value}'`]);
  const ruleWarnings = SDS_RULES.filter((rule) => found.has(rule.id)).map((rule) => {
    const examples = found.get(rule.id)!;
    return warning(`${rule.id}: ${rule.rule} (${EFFECT[rule.severity]})`, examples, `${rule.fix} (${rule.source})`);
  });
  return [...ruleWarnings, ...crossRecordWarnings(all.users ?? [], all.classes ?? [], all.enrollments ?? [])];
}

const warning = (title: string, found: string[], hint: string): CheckResult => ({
  step: 'sweep',
  status: 'warn',
  title,
  count: found.length,
  examples: found.slice(0, EXAMPLES),
  hint,
});

function crossRecordWarnings(users: Rec[], classes: Rec[], enrollments: Rec[]): CheckResult[] {
  const name = (user: Rec) => (typeof user.username === 'string' ? user.username : '');
  const byName = new Map<string, Rec[]>();
  for (const user of users)
    byName.set(name(user).toLowerCase(), [...(byName.get(name(user).toLowerCase()) ?? []), user]);
  const duplicates = [...byName.entries()].filter(([key, group]) => key && group.length > 1);
  const classIds = new Set(classes.map((c) => c.sourcedId));
  const refId = (ref: unknown) => (ref as Rec | undefined)?.sourcedId;
  const warnings: [string, string[], string][] = [
    [
      'usernames without a domain (no @)',
      users.filter((u) => name(u) !== '' && !name(u).includes('@')).map((u) => `${String(u.sourcedId)}: '${name(u)}'`),
      'SDS matches username to the Entra userPrincipalName: give usernames a domain, or append one in SDS',
    ],
    [
      'duplicate usernames (case-insensitive)',
      duplicates.map(([, group]) => `${name(group[0])}: ${group.map((u) => String(u.sourcedId)).join(', ')}`),
      'SDS matches one account per username: make them unique',
    ],
    [
      'enrollments pointing at classes not in /classes',
      enrollments
        .filter((e) => !classIds.has(refId(e.class)))
        .map((e) => `${String(e.sourcedId)} → ${String(refId(e.class))}`),
      "SDS drops these enrollments: the class must be active and in the client's scope",
    ],
  ];
  return warnings.filter(([, found]) => found.length > 0).map(([title, found, hint]) => warning(title, found, hint));
}

/** One HTTP request with the timeout; a network or TLS failure becomes a reason and a hint. */
async function send(ctx: Ctx, url: string, init: RequestInit): Promise<Probe> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ctx.options.timeoutMs) });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { answer: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    return networkFailure(url, error, ctx.options.timeoutMs);
  }
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

export function networkFailure(url: string, error: unknown, timeoutMs: number): { reason: string; hint: string } {
  const { host } = new URL(url);
  const e = error as Error & { cause?: Error & { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return {
      reason: `no answer from ${host} within ${timeoutMs / 1000} s`,
      hint: 'check that the server is up and no firewall blocks it; SDS gives up after 30 s',
    };
  }
  const code = e.cause?.code ?? '';
  const detail = e.cause?.message ?? e.message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      reason: `the host name ${new URL(url).hostname} does not resolve (${code})`,
      hint: 'check the host name; SDS needs a public DNS name',
    };
  }
  if (code === 'ECONNREFUSED')
    return {
      reason: `connection refused by ${host}`,
      hint: 'check the port and that the server runs and is reachable from the internet',
    };
  if (TLS_CODE.test(code) || /certificate/i.test(detail)) {
    return {
      reason: `TLS certificate not valid: ${code || detail}`,
      hint: 'SDS accepts only a valid certificate from a public CA for this host name, with its full chain',
    };
  }
  return {
    reason: `request failed: ${code ? `${code} ` : ''}${detail}`,
    hint: 'check the URL and the network between here and the server',
  };
}
