import { parse } from 'csv-parse/sync';
import type TestAgent from 'supertest/lib/agent';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UserEntity } from '../../src/users/user.entity';
import { EntraReservationsService } from '../../src/usernames/entra-reservations.service';
import { TenantUsernameEntity } from '../../src/users/tenant-username.entity';
import { UsernameChangesService } from '../../src/usernames/username-changes.service';
import { ReviewFileError, UsernameReviewService } from '../../src/usernames/username-review.service';
import { factories, T0 } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp, tokenFor } from '../support/test-app';

const TENANT = 'leie';
type ReviewRecord = Record<string, string>;

describe('username review, corrections, Entra reservations and regeneration', () => {
  let t: TestApp;
  let api: TestAgent;
  let review: UsernameReviewService;
  const readReview = (csv: string): ReviewRecord[] => parse(csv, { columns: true, bom: true });
  const served = async (id: string) => (await api.get(`${API}/users/${id}`).expect(200)).body.user;
  const names = async () =>
    Object.fromEntries(
      (await t.dataSource.getRepository(TenantUsernameEntity).findBy({ tenantId: TENANT })).map((row) => [
        row.userSourcedId,
        row.localPart,
      ]),
    );
  /** The review file as Excel in Belgium saves it: `;`, CRLF, BOM, dd/mm/yy dates. */
  const asExcel = (records: ReviewRecord[], corrections: Record<string, string> = {}) => {
    const columns = Object.keys(records[0]);
    const cell = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const dayFirst = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)}` : '');
    const lines = records.map((r) =>
      columns
        .map((c) =>
          cell(c === 'corrected username' ? (corrections[r.ID] ?? r[c]) : c === 'birth date' ? dayFirst(r[c]) : r[c]),
        )
        .join(';'),
    );
    return Buffer.from(`\uFEFF${[columns.join(';'), ...lines].join('\r\n')}\r\n`, 'utf8');
  };
  const refresh = () => t.app.get(Publisher).refresh(undefined, T0);

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await factories(t.dataSource).user(
      'formula',
      { orgs: ['school-1'] },
      { role: 'student', givenName: '=HYPERLINK("x")', familyName: '+Peeters' },
    );
    await t.app
      .get(TenantsService)
      .create(TENANT, { name: 'Leie', orgs: ['district'], domain: 'sgleie.be', studentDomain: 'leerling.sgleie.be' });
    const client = await t.app.get(ClientsService).create(TENANT, 'sds');
    const http = request.agent(t.app.getHttpServer());
    api = request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${await tokenFor(http, client)}`);
    review = t.app.get(UsernameReviewService);
  });
  afterAll(() => t?.close());

  it('exports one line per student and staff member: the six review columns first, UTF-8 with BOM, accents intact, no formula cells', async () => {
    const csv = await review.export(TENANT);
    expect(
      csv.startsWith('\uFEFFID,Office365 username,corrected username,first name,last name,birth date,role,school'),
    ).toBe(true);
    const records = readReview(csv);
    expect(records).toHaveLength(2 + 14 + 1);
    expect(records.find((r) => r.ID === 'student-02')).toMatchObject({
      'Office365 username': 'zoe.vandenbroeck@leerling.sgleie.be',
      'first name': 'Zoë',
      'last name': 'Van den Broeck',
      school: 'Sint-Jozefscollege',
    });
    expect(records.find((r) => r.ID === 'student-01')!['birth date']).toBe('2014-03-02');
    expect(records.find((r) => r.ID === 'teacher-2')).toMatchObject({
      'first name': 'Jürgen',
      school: 'Atheneum Zuid / Scholengroep Leie',
    });
    expect(records.find((r) => r.ID === 'formula')).toMatchObject({
      'first name': `'=HYPERLINK("x")`,
      'last name': "'+Peeters",
    });
    for (const record of records) for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+\-@]/);
  });

  it('round-trips an Excel file (;, BOM, CRLF, dd/mm/yy): the correction is served, and moves dateLastModified for a delta sync', async () => {
    const before = await served('teacher-1');
    const file = asExcel(readReview(await review.export(TENANT)), { 'teacher-1': 'Evy.Poppe@sgleie.be' });
    expect(await review.import(TENANT, file)).toMatchObject({ corrected: 1, cleared: 0 });
    const after = await served('teacher-1');
    expect(after.username).toBe('evy.poppe@sgleie.be');
    expect(after.dateLastModified > before.dateLastModified).toBe(true);
    const delta = await api
      .get(`${API}/users`)
      .query({ filter: `dateLastModified>'${before.dateLastModified}'` })
      .expect(200);
    expect(delta.body.users.map((u: { sourcedId: string }) => u.sourcedId)).toContain('teacher-1');
    const filtered = await api.get(`${API}/users`).query({ filter: "username='evy.poppe@sgleie.be'" }).expect(200);
    expect(filtered.body.users.map((u: { sourcedId: string }) => u.sourcedId)).toEqual(['teacher-1']);
    // The export now shows the correction; importing it again changes nothing.
    const again = readReview(await review.export(TENANT)).find((r) => r.ID === 'teacher-1')!;
    expect(again).toMatchObject({
      'Office365 username': 'evy.poppe@sgleie.be',
      'corrected username': 'evy.poppe@sgleie.be',
    });
    expect(await review.import(TENANT, asExcel(readReview(await review.export(TENANT))))).toMatchObject({
      corrected: 0,
      cleared: 0,
    });
  });

  it('rejects a file with any wrong line, with every reason and its line number, and changes nothing', async () => {
    const before = await names();
    const records = readReview(await review.export(TENANT));
    const line = (id: string) => records.findIndex((r) => r.ID === id) + 2;
    const file = asExcel([...records, { ...records[0], ID: 'nobody' }], {
      'student-03': 'zoe.vandenbroeck', // another student's name
      'student-04': 'jan..peeters',
      'student-05': 'x@other.be',
      'student-06': 'student7.family7.x',
      'student-08': 'student7.family7.x', // twice in the file
      'student-09': 'ok.name',
    });
    const error = await review.import(TENANT, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewFileError);
    expect((error as ReviewFileError).problems.map((p) => p.line)).toEqual(
      [line('student-03'), line('student-04'), line('student-05'), line('student-08'), records.length + 2].sort(
        (a, b) => a - b,
      ),
    );
    expect((error as Error).message).toMatch(
      /line \d+: corrected username 'zoe.vandenbroeck' is already the username of student-02/,
    );
    expect((error as Error).message).toContain("must not contain '..'");
    expect((error as Error).message).toContain("ID 'nobody' is not a student or staff member");
    expect(await names()).toEqual(before);
  });

  it('keeps a correction on an empty cell, and drops it with --clear-empty', async () => {
    const records = readReview(await review.export(TENANT));
    expect(await review.import(TENANT, asExcel(records, { 'teacher-1': '' }))).toMatchObject({
      corrected: 0,
      cleared: 0,
    });
    expect((await served('teacher-1')).username).toBe('evy.poppe@sgleie.be');
    expect(await review.import(TENANT, asExcel(records, { 'teacher-1': '' }), { clearEmpty: true })).toMatchObject({
      cleared: 1,
      regenerated: 1,
    });
    // The generated name was retired when the correction came; the person gets a fresh one, never somebody else's.
    expect((await served('teacher-1')).username).toMatch(/^evelien\.poppe\d*@sgleie\.be$/);
  });

  it('reserves Entra accounts: no generated name lands on one, a single same-name account is proposed, ambiguous ones are listed', async () => {
    const entra = [
      'userPrincipalName,displayName,givenName,surname,accountEnabled',
      'an.peeters@leerling.sgleie.be,An Peeters,An,Peeters,true',
      's5.family5@leerling.sgleie.be,"Family5, Student5",Student5,Family5,true',
      'student5.f@leerling.sgleie.be,Student5 F,Student5,Family5,true',
      'student6.family6@leerling.sgleie.be,Somebody Else,Somebody,Else,true',
      'boss@other-board.be,Boss,Big,Boss,true',
      'guest_gmail.com#EXT#@sgleie.onmicrosoft.com,Guest,G,Uest,true',
    ].join('\r\n');
    const report = await t.app.get(EntraReservationsService).reserve(TENANT, `\uFEFF${entra}`);
    expect(report).toMatchObject({ reserved: 4, otherDomains: 1, skippedGuests: 1 });
    expect(report.ambiguous.map((a) => a.sourcedId)).toEqual(['student-05']);
    expect(report.conflicts.map((c) => c.sourcedId)).toEqual(['student-06']);
    await factories(t.dataSource).user(
      'an',
      { orgs: ['school-1'] },
      { role: 'student', givenName: 'An', familyName: 'Peeters' },
    );
    await refresh();
    expect((await served('an')).username).toBe('an.peeters2@leerling.sgleie.be');
    const proposed = readReview(await review.export(TENANT)).find((r) => r.ID === 'an')!;
    expect(proposed).toMatchObject({
      'corrected username': '',
      'proposed correction': 'an.peeters@leerling.sgleie.be',
    });
    await review.import(
      TENANT,
      asExcel(readReview(await review.export(TENANT)), { an: proposed['proposed correction'] }),
    );
    expect((await served('an')).username).toBe('an.peeters@leerling.sgleie.be');
  });

  it('renames nobody by itself: `changes` lists a changed name, applies only on request, and retires the old name', async () => {
    await t.dataSource.getRepository(UserEntity).update({ sourcedId: 'student-07' }, { givenName: 'Lotte' });
    await refresh();
    const changes = t.app.get(UsernameChangesService);
    expect((await changes.plan(TENANT)).filter((c) => c.before !== c.after)).toEqual([
      expect.objectContaining({
        sourcedId: 'student-07',
        before: 'student7.family7@leerling.sgleie.be',
        after: 'lotte.family7@leerling.sgleie.be',
      }),
    ]);
    expect((await served('student-07')).username).toBe('student7.family7@leerling.sgleie.be');
    expect((await changes.apply(TENANT)).map((c) => c.sourcedId)).toEqual(['student-07']);
    expect((await served('student-07')).username).toBe('lotte.family7@leerling.sgleie.be');
    await factories(t.dataSource).user(
      'newcomer',
      { orgs: ['school-1'] },
      { role: 'student', givenName: 'Student7', familyName: 'Family7' },
    );
    await refresh();
    expect((await served('newcomer')).username).toBe('student7.family72@leerling.sgleie.be');
  });

  it('`regenerate` after a format change: every generated name before and after, corrections untouched', async () => {
    await t.app.get(TenantsService).update(TENANT, { usernameFormat: '{firstName:1}{lastName}' });
    const changes = t.app.get(UsernameChangesService);
    const plan = await changes.plan(TENANT);
    expect(plan.find((c) => c.sourcedId === 'student-02')).toMatchObject({
      before: 'zoe.vandenbroeck@leerling.sgleie.be',
      after: 'zvandenbroeck@leerling.sgleie.be',
    });
    expect(plan.map((c) => c.sourcedId)).not.toContain('an'); // a correction
    expect((await served('student-02')).username).toBe('zoe.vandenbroeck@leerling.sgleie.be');
    await changes.apply(TENANT);
    expect((await served('student-02')).username).toBe('zvandenbroeck@leerling.sgleie.be');
    expect((await served('an')).username).toBe('an.peeters@leerling.sgleie.be');
    expect((await changes.plan(TENANT)).every((c) => c.before === c.after)).toBe(true);
  });
});
