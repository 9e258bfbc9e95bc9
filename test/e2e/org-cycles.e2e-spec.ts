import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { formatProblem } from '../../src/csv/import-problem';
import { OrgEntity } from '../../src/orgs/org.entity';
import { copyBundle, dumpRostering, editCsv, FIXTURES, setManifest } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

const at = (iso: string) => () => new Date(iso);
const T1 = '2026-11-01T06:00:00.000Z';
const T2 = '2026-11-02T06:00:00.000Z';
const ORGS_HEADER = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId';

/** The base bundle with one org's parentSourcedId changed (base orgs.csv: district, school-1, site-1a, school-2). */
function baseWithParent(sourcedId: string, parent: string): string {
  const dir = copyBundle('base');
  editCsv(dir, 'orgs.csv', (text) => text.replace(new RegExp(`^(${sourcedId},.*,)[^,\\n]*$`, 'm'), `$1${parent}`));
  return dir;
}

/** A delta bundle of orgs alone. */
function orgsDelta(...rows: string[]): string {
  const dir = copyBundle('delta');
  rmSync(join(dir, 'users.csv'));
  setManifest(dir, 'file.users', 'absent');
  setManifest(dir, 'file.orgs', 'delta');
  writeFileSync(join(dir, 'orgs.csv'), [ORGS_HEADER, ...rows, ''].join('\n'));
  return dir;
}

describe('org hierarchy cycles', () => {
  let t: TestApp;
  let importer: BundleImporter;
  beforeEach(async () => {
    t = await startTestApp();
    importer = t.app.get(BundleImporter);
    await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
  });
  afterEach(() => t?.close());

  it.each([
    ['a self-parent', 'org-school-2', 'org-school-2', ['orgs.csv:5 parentSourcedId: org-school-2 is its own parent']],
    [
      'a 2-cycle',
      'org-district',
      'org-school-1',
      [
        'orgs.csv:2 parentSourcedId: cycle org-district → org-school-1 → org-district',
        'orgs.csv:3 parentSourcedId: cycle org-school-1 → org-district → org-school-1',
      ],
    ],
    [
      'a 3-cycle',
      'org-district',
      'org-site-1a',
      [
        'orgs.csv:2 parentSourcedId: cycle org-district → org-site-1a → org-school-1 → org-district',
        'orgs.csv:3 parentSourcedId: cycle org-school-1 → org-district → org-site-1a → org-school-1',
        'orgs.csv:4 parentSourcedId: cycle org-site-1a → org-school-1 → org-district → org-site-1a',
      ],
    ],
  ])(
    'refuses %s in a bulk bundle, naming it on every org in it, and changes nothing',
    async (_, org, parent, errors) => {
      const before = await dumpRostering(t.dataSource);
      const report = await importer.importBundle(baseWithParent(org, parent), { now: at(T2) });
      expect(report.applied).toBe(false);
      expect(report.errors.map(formatProblem)).toEqual(errors);
      expect(await dumpRostering(t.dataSource)).toEqual(before);
    },
  );

  it('refuses a delta bundle that closes a cycle with stored orgs, and changes nothing', async () => {
    const before = await dumpRostering(t.dataSource);
    const delta = orgsDelta(`org-district,active,${T2},Scholengroep Leie,district,SG01,org-site-1a`);
    const report = await importer.importBundle(delta, { now: at(T2) });
    expect(report.applied).toBe(false);
    expect(report.errors.map(formatProblem)).toEqual([
      'orgs.csv:2 parentSourcedId: cycle org-district → org-site-1a → org-school-1 → org-district',
    ]);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it("--skip-invalid sets a cycle's rows aside, then a row closing a cycle with the parents they leave stored", async () => {
    const delta = orgsDelta(
      `org-site-1a,active,${T2},Campus Noord,school,012345-2,org-school-2`,
      `org-school-2,active,${T2},Atheneum Zuid,school,067890,org-site-1a`,
      `org-school-1,active,${T2},Sint-Jozefscollege,school,012345,org-site-1a`,
      `org-district,active,${T2},Scholengroep Leie-Brugge,district,SG01,`,
    );
    const report = await importer.importBundle(delta, {
      now: at(T2),
      skipInvalid: true,
      rejectedCsvPath: join(delta, 'rejected.csv'),
    });
    // Once lines 2 and 3 are set aside, org-site-1a keeps its stored parent, org-school-1: a cycle with line 4.
    expect(report.errors.map(formatProblem)).toEqual([
      'orgs.csv:2 parentSourcedId: cycle org-site-1a → org-school-2 → org-site-1a',
      'orgs.csv:3 parentSourcedId: cycle org-school-2 → org-site-1a → org-school-2',
      'orgs.csv:4 parentSourcedId: cycle org-school-1 → org-site-1a → org-school-1',
    ]);
    expect(report).toMatchObject({ applied: true, files: { orgs: { rejected: 3, updated: 1 } } });
    const parents = await t.dataSource.getRepository(OrgEntity).find({ order: { sourcedId: 'ASC' } });
    expect(parents.map((org) => [org.sourcedId, org.parentSourcedId, org.name])).toEqual([
      ['org-district', null, 'Scholengroep Leie-Brugge'],
      ['org-school-1', 'org-district', 'Sint-Jozefscollege'],
      ['org-school-2', 'org-district', 'Atheneum Zuid'],
      ['org-site-1a', 'org-school-1', 'Sint-Jozefscollege, Campus Noord'],
    ]);
  });
});
