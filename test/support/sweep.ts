import { API, TestApp } from './test-app';

/** Follows SDS's full sync: offset paging with a filter (status='active') until X-Total-Count is reached. */
export async function sweep(
  t: TestApp,
  collection: string,
  limit: number,
  filter = "status='active'",
  orderBy = 'asc',
) {
  const seen: string[] = [];
  let total = Number.NaN;
  for (let offset = 0; offset === 0 || offset < total; offset += limit) {
    const res = await t.http
      .get(
        `${API}/${collection}?offset=${offset}&limit=${limit}&orderBy=${orderBy}&filter=${encodeURIComponent(filter)}`,
      )
      .expect(200);
    total = Number(res.headers['x-total-count']);
    seen.push(...res.body[collection].map((r: { sourcedId: string }) => r.sourcedId));
  }
  return { seen, total };
}
