import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantsService } from '../../src/tenants/tenants.service';
import { TenantClassTitleEntity } from '../../src/classes/tenant-class-title.entity';
import { copyBundle, editCsv } from '../support/bundles';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

/**
 * An import renders again only the class titles it can have moved: of the classes it wrote, and of those whose school
 * or terms' sessions it wrote. These are the two that change without the class's own line changing.
 */
describe('class titles after an import', () => {
  let t: TestApp;
  const importBundle = (dir: string) => t.app.get(BundleImporter).importBundle(dir);
  const title = async (id: string) =>
    (
      (await t.http.get(`${API}/classes/${id}`).expect(200)).body as {
        class: { title: string };
      }
    ).class.title;

  const rendered = async (classSourcedId: string) =>
    (
      await t.dataSource
        .getRepository(TenantClassTitleEntity)
        .findOneByOrFail({ tenantId: TEST_TENANT, classSourcedId })
    ).title;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app
      .get(TenantsService)
      .update(TEST_TENANT, { classTitleFormat: '{classTitle} - {schoolName} {schoolYear}' });
    expect((await importBundle(copyBundle('base'))).applied).toBe(true);
  });
  afterAll(() => t?.close());

  /** The base bundle with Atheneum Zuid renamed. */
  const renamedSchool = () => {
    const dir = copyBundle('base');
    editCsv(dir, 'orgs.csv', (text) => text.replace('Atheneum Zuid', 'Atheneum Zuid-West'));
    return dir;
  };

  it("follow a school's new name, and leave the other school's classes as they were", async () => {
    expect(await title('class-1b-ned')).toBe('Nederlands 1B - Atheneum Zuid 2026-27');
    expect((await importBundle(renamedSchool())).applied).toBe(true);
    expect(await title('class-1b-ned')).toBe('Nederlands 1B - Atheneum Zuid-West 2026-27');
    expect(await title('class-1a-wis')).toBe('Wiskunde 1A - Sint-Jozefscollege 2026-27');
  });

  it("follow a term's school year, the class's own line unchanged", async () => {
    const dir = renamedSchool();
    editCsv(dir, 'academicSessions.csv', (text) =>
      text.replace(
        'Semester 1,term,2026-09-01,2027-01-31,as-2027,2027',
        'Semester 1,term,2026-09-01,2027-01-31,as-2027,2028',
      ),
    );
    const report = await importBundle(dir);
    expect(report.files.classes).toMatchObject({ carried: 2, unchanged: 2 });
    // Rendered, not served: the class now belongs to the next school year (see the calendar rules).
    expect(await rendered('class-1b-ned')).toBe('Nederlands 1B - Atheneum Zuid-West 2027-28');
  });
});
