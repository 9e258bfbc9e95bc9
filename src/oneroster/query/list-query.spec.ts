import { describe, expect, it } from 'vitest';
import { InvalidDataError } from '../errors/oneroster.errors';
import { parseFields, parseListQuery } from './list-query';

describe('parseListQuery', () => {
  it('applies the spec defaults', () => {
    expect(parseListQuery({}, 10000)).toEqual({
      limit: 100,
      offset: 0,
      orderBy: 'asc',
      filter: undefined,
      sort: undefined,
      fields: undefined,
    });
  });

  it('reads every parameter', () => {
    expect(
      parseListQuery(
        {
          limit: '5000',
          offset: '10000',
          filter: " status='active' ",
          sort: 'familyName',
          orderBy: 'desc',
          fields: 'sourcedId, givenName',
        },
        10000,
      ),
    ).toEqual({
      limit: 5000,
      offset: 10000,
      filter: "status='active'",
      sort: 'familyName',
      orderBy: 'desc',
      fields: ['sourcedId', 'givenName'],
    });
  });

  it('lowers a limit above the maximum to it', () => {
    expect(parseListQuery({ limit: '50000' }, 10000).limit).toBe(10000);
  });

  it.each([
    { limit: '0' },
    { limit: '1e3' },
    { offset: '-5' },
    { offset: 'x' },
    { orderBy: 'ascending' },
    { limit: ['1', '2'] },
    { filter: ['a', 'b'] },
  ])('%o is invaliddata', (raw) => expect(() => parseListQuery(raw, 10000)).toThrow(InvalidDataError));

  it('reads fields alone for single objects', () => {
    expect(parseFields({ fields: 'a,,b' })).toEqual(['a', 'b']);
    expect(parseFields({})).toBeUndefined();
  });
});
