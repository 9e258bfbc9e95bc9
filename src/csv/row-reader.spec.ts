import { describe, expect, it } from 'vitest';
import { DeviationNotes, RowReader } from './row-reader';

const reader = (header: string[], cells: string[]) =>
  new RowReader(cells, new Map(header.map((name, index) => [name, index])), 'users.csv', 2, new DeviationNotes());

describe('RowReader', () => {
  it("keeps a row's filled metadata.* cells as its metadata, for every header", () => {
    const header = ['sourcedId', 'metadata.house', 'givenName', 'metadata.locker'];
    expect(reader(header, ['u1', ' Red ', 'Ann', '']).metadata()).toEqual({ house: 'Red' });
    expect(reader(header, ['u2', '', 'Bo', '12']).metadata()).toEqual({ locker: '12' });
    expect(reader(header, ['u3', '', 'Cy', '']).metadata()).toBeNull();
    expect(reader(['metadata.bus', 'sourcedId'], ['7', 'u4']).metadata()).toEqual({ bus: '7' });
    expect(reader(['sourcedId'], ['u5']).metadata()).toBeNull();
  });

  it('names each column that holds a control character, and lets tabs and line breaks through', () => {
    const header = ['sourcedId', 'givenName', 'familyName'];
    const row = reader(header, ['u1', 'An\u0007n', 'Po\u0000ppe']);
    row.checkCells();
    expect(row.errors.map((e) => [e.column, e.reason])).toEqual([
      ['givenName', 'holds a control character (U+0007)'],
      ['familyName', 'holds a control character (U+0000)'],
    ]);
    const clean = reader(header, ['u2', 'Ann\tMarie', 'Line\r\nbreak']);
    clean.checkCells();
    expect(clean.errors).toEqual([]);
  });
});
