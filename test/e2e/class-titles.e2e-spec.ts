import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassTitlesService } from '../../src/publication/class-titles.service';
import { MAX_PARAMETERS_PER_STATEMENT } from '../../src/database/batches';
import { TenantsService } from '../../src/tenants/tenants.service';
import { factories } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

/** Class titles are rendered a page of classes at a time: a board with more classes than one page gets every one. */
describe('class titles of a board larger than one rendering page', () => {
  let t: TestApp;
  const many = MAX_PARAMETERS_PER_STATEMENT + 50;

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    const make = factories(t.dataSource);
    for (let n = 0; n < many; n++) {
      await make.class(`bulk-${String(n).padStart(5, '0')}`, {
        course: 'course-math',
        // Titles are rendered school by school: one school holds more classes than a page.
        school: n < 50 ? 'school-2' : 'school-1',
        terms: [],
      });
    }
  }, 120_000);
  afterAll(() => t?.close());

  const total = async (filter?: string) =>
    Number(
      (
        await t.http
          .get(`${API}/classes`)
          .query(filter ? { filter } : {})
          .expect(200)
      ).headers['x-total-count'],
    );

  it('renders every class from the format, and a second rendering changes nothing', async () => {
    await t.app.get(TenantsService).update(TEST_TENANT, { classTitleFormat: '{classTitle} - {schoolName}' });
    const classes = await total();
    expect(classes).toBeGreaterThan(many);
    expect(await total("title~' - '")).toBe(classes);
    const last = await t.http.get(`${API}/classes/bulk-${String(many - 1).padStart(5, '0')}`).expect(200);
    expect(last.body.class.title).toBe(`Class bulk-${String(many - 1).padStart(5, '0')} - Sint-Jozefscollege`);
    expect(
      await t.app
        .get(ClassTitlesService)
        .render(t.dataSource.manager, await t.app.get(TenantsService).find(TEST_TENANT)),
    ).toBe(0);
  });
});
