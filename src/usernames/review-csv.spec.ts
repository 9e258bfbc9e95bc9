import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  guardFormula,
  parseReviewCsv,
  parseReviewDate,
  REVIEW_COLUMNS,
  reviewCsvHeader,
  reviewCsvLines,
  ReviewRow,
  unguardFormula,
} from './review-csv';

const TODAY = new Date('2025-06-01T12:00:00Z');
const HEADER_LINE =
  'ID,Office365 username,corrected username,first name,last name,birth date,role,school,proposed correction';
const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

function row(overrides: Partial<ReviewRow> = {}): ReviewRow {
  return {
    id: 'stu-1',
    username: 'emile.dupont',
    correction: '',
    givenName: 'Émile',
    familyName: 'Dupont',
    birthDate: '2012-04-03',
    role: 'student',
    school: 'Sint-Jozef',
    proposedCorrection: '',
    ...overrides,
  };
}

function exported(rows: ReviewRow[]): Buffer {
  return Buffer.from(reviewCsvHeader() + reviewCsvLines(rows), 'utf8');
}

describe('reviewCsvHeader', () => {
  it('is a byte-order mark and the English column names, ending in CRLF', () => {
    expect(reviewCsvHeader()).toBe(`\uFEFF${HEADER_LINE}\r\n`);
    expect(REVIEW_COLUMNS.join(',')).toBe(HEADER_LINE);
  });
});

describe('reviewCsvLines', () => {
  it('writes one CRLF line per row, in column order, with an ISO birth date', () => {
    expect(reviewCsvLines([row(), row({ id: 'stu-2', birthDate: '', proposedCorrection: 'e.dupont' })])).toBe(
      'stu-1,emile.dupont,,Émile,Dupont,2012-04-03,student,Sint-Jozef,\r\n' +
        'stu-2,emile.dupont,,Émile,Dupont,,student,Sint-Jozef,e.dupont\r\n',
    );
  });

  it('quotes cells with a comma, a quote or a line break', () => {
    const line = reviewCsvLines([
      row({ givenName: 'a,b', familyName: 'say "hi"', school: 'two\nlines', role: 'cr\ronly' }),
    ]);
    expect(line).toBe('stu-1,emile.dupont,,"a,b","say ""hi""",2012-04-03,"cr\ronly","two\nlines",\r\n');
  });

  it('gives no text for no rows, so batches can be streamed', () => {
    expect(reviewCsvLines([])).toBe('');
  });

  it('throws when a birth date is not ISO: that is a bug in the caller', () => {
    expect(() => reviewCsvLines([row({ birthDate: '03/04/2012' })])).toThrow(/YYYY-MM-DD/);
  });

  it('guards every cell that a spreadsheet would read as a formula', () => {
    const line = reviewCsvLines([
      row({ id: '=1+1', givenName: '@SUM(A1)', familyName: '-2', school: '+x', role: '＝HYPERLINK()' }),
    ]);
    expect(line).toBe("'=1+1,emile.dupont,,'@SUM(A1),'-2,2012-04-03,'＝HYPERLINK(),'+x,\r\n");
  });
});

describe('guardFormula and unguardFormula', () => {
  it.each(FORMULA_CHARACTERS)('guard a cell starting with %j', (start) => {
    expect(guardFormula(`${start}x`)).toBe(`'${start}x`);
    expect(unguardFormula(`'${start}x`)).toBe(`${start}x`);
  });

  it.each([
    ["'=x", "''=x"],
    ["''-x", "'''-x"],
    ["'x", "'x"],
    ["D'Hondt", "D'Hondt"],
    ['a=b', 'a=b'],
    ['', ''],
  ])('guard %j as %j and read it back', (cell, guarded) => {
    expect(guardFormula(cell)).toBe(guarded);
    expect(unguardFormula(guarded)).toBe(cell);
  });

  it('leave an apostrophe alone when no formula character follows', () => {
    expect(unguardFormula("'x")).toBe("'x");
    expect(unguardFormula("'")).toBe("'");
  });
});

describe('parseReviewCsv', () => {
  it('reads back what was exported: accents, apostrophes, formula characters, separators and quotes', () => {
    const rows = [
      row({ id: 'stu-1', givenName: 'Émile', familyName: "D'Hondt", correction: 'emile.dhondt' }),
      row({ id: 'stu-2', givenName: 'Øystein', familyName: '=Rasmussen', birthDate: '' }),
      row({ id: '=stu-3', givenName: 'a;b "c"', correction: "'=x", school: 'line\nbreak' }),
    ];
    expect(parseReviewCsv(exported(rows), { today: TODAY })).toEqual({
      lines: [
        { line: 2, id: 'stu-1', correction: 'emile.dhondt', birthDate: '2012-04-03' },
        { line: 3, id: 'stu-2', correction: '', birthDate: null },
        { line: 4, id: '=stu-3', correction: "'=x", birthDate: '2012-04-03' },
      ],
      problems: [],
    });
  });

  it('reads a file saved by Excel in Belgium: BOM, semicolons, CRLF, dd/mm/yy dates, extra columns in another order', () => {
    const file = [
      '\uFEFFid ; Corrected Username;First Name;Birth Date;Office365 username;remark',
      "stu-1;emile.dupont2;Émile;03/04/12;emile.dupont;'=not a formula",
      'stu-2;;Zoë;3/4/98;zoe.peeters;',
      ';;;;;',
      "'-stu-3; j.peeters ;Jan;03.04.2012;jan.peeters;",
      '',
    ].join('\r\n');
    expect(parseReviewCsv(Buffer.from(file, 'utf8'), { today: TODAY })).toEqual({
      lines: [
        { line: 2, id: 'stu-1', correction: 'emile.dupont2', birthDate: '2012-04-03' },
        { line: 3, id: 'stu-2', correction: '', birthDate: '1998-04-03' },
        { line: 5, id: '-stu-3', correction: 'j.peeters', birthDate: '2012-04-03' },
      ],
      problems: [],
    });
  });

  it('accepts a file without a birth date column', () => {
    const parsed = parseReviewCsv('corrected username,ID\nx,1\n');
    expect(parsed).toEqual({ lines: [{ line: 2, id: '1', correction: 'x', birthDate: null }], problems: [] });
  });

  it('reads missing cells at the end of a short row as empty', () => {
    const parsed = parseReviewCsv('ID,birth date,corrected username\n1\n');
    expect(parsed.lines).toEqual([{ line: 2, id: '1', correction: '', birthDate: null }]);
  });

  it('gives physical line numbers when quoted cells span lines', () => {
    const file = `${HEADER_LINE}\r\n1,a,,"two\r\nlines",x,,student,s,\r\n2,b,,"three\r\n\r\nlines",y,,student,s,\r\n,b,,,,,,,\r\n`;
    const parsed = parseReviewCsv(file);
    expect(parsed.lines.map((line) => [line.line, line.id])).toEqual([
      [2, '1'],
      [4, '2'],
    ]);
    expect(parsed.problems).toEqual([{ line: 7, message: 'the ID is empty' }]);
  });

  it.each([
    ['corrected username', "missing column 'ID': the header has 'corrected username'"],
    ['ID;first name', "missing column 'corrected username': the header has 'ID', 'first name'"],
    ['username', "missing columns 'ID', 'corrected username': the header has 'username'"],
    ['', "missing columns 'ID', 'corrected username': the header line is empty"],
  ])('refuses the header %j on line 1', (header, message) => {
    expect(parseReviewCsv(`${header}\n1;x\n`)).toEqual({ lines: [], problems: [{ line: 1, message }] });
  });

  it('reports an empty ID', () => {
    expect(parseReviewCsv('ID,corrected username\n1,a\n ,b\n')).toEqual({
      lines: [{ line: 2, id: '1', correction: 'a', birthDate: null }],
      problems: [{ line: 3, message: 'the ID is empty' }],
    });
  });

  it('reports an ID given twice, names both lines, and uses neither', () => {
    expect(parseReviewCsv('ID,corrected username\n1,a\n2,b\n1,c\n')).toEqual({
      lines: [{ line: 3, id: '2', correction: 'b', birthDate: null }],
      problems: [{ line: 4, message: "ID '1' appears on lines 2 and 4" }],
    });
  });

  it.each([
    '31/02/2010',
    '2010-13-01',
    '29/02/2023',
    '32/01/2010',
    '00/01/2010',
    'garbage',
    '03/04-2012',
    '2012-4-3',
    '3/4/123',
  ])('reports the birth date %j as invalid with its line', (date) => {
    expect(parseReviewCsv(`ID,corrected username,birth date\n1,a,${date}\n`, { today: TODAY })).toEqual({
      lines: [],
      problems: [{ line: 2, message: `birth date '${date}' is not a date: write it as dd/mm/yyyy or yyyy-mm-dd` }],
    });
  });

  it('reports a quote that is never closed, keeping the lines before it', () => {
    const parsed = parseReviewCsv('ID,corrected username\n1,a\n2,"b\n3,c\n');
    expect(parsed.lines).toEqual([{ line: 2, id: '1', correction: 'a', birthDate: null }]);
    expect(parsed.problems).toEqual([{ line: 3, message: expect.stringContaining('never closed') }]);
  });

  it('reports nothing and reads nothing for a header-only file', () => {
    expect(parseReviewCsv(reviewCsvHeader())).toEqual({ lines: [], problems: [] });
  });

  it('reads a two-digit year by the current date when no date is given', () => {
    const nextYear = String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0');
    const parsed = parseReviewCsv(`ID,corrected username,birth date\n1,a,01/01/${nextYear}\n`);
    expect(parsed.lines[0].birthDate).toMatch(/^(19|20)\d\d-01-01$/);
    expect(parsed.lines[0].birthDate! <= new Date().toISOString()).toBe(true);
  });
});

describe('parseReviewDate', () => {
  it.each([
    ['03/04/12', '2012-04-03'],
    ['03/04/98', '1998-04-03'],
    ['3/4/2012', '2012-04-03'],
    ['03-04-2012', '2012-04-03'],
    ['3.4.12', '2012-04-03'],
    ['2012-04-03', '2012-04-03'],
    ['29/02/2000', '2000-02-29'],
    ['29/02/24', '2024-02-29'],
    ['01/06/25', '2025-06-01'],
    ['02/06/25', '1925-06-02'],
    ['29/02/1900', null],
    ['31/04/2012', null],
    ['2012/04/03', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(parseReviewDate(text, TODAY)).toBe(expected);
  });
});

describe('review CSV round trip', () => {
  const tricky = fc.constantFrom(
    'a',
    'É',
    'ø',
    "'",
    '"',
    ',',
    ';',
    ' ',
    '\t',
    '\r',
    '\n',
    '\r\n',
    '李',
    '😀',
    ...FORMULA_CHARACTERS,
  );
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: tricky, maxLength: 12 }),
  );
  const isoDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-05-31T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
  const reviewRow = fc.record({
    id: text.filter((id) => id.trim() !== ''),
    username: text,
    correction: text,
    givenName: text,
    familyName: text,
    birthDate: fc.oneof(fc.constant(''), isoDate),
    role: text,
    school: text,
    proposedCorrection: text,
  });
  const reviewRows = fc.uniqueArray(reviewRow, { selector: (r) => r.id.trim(), maxLength: 8 });

  it('reads every exported row back with the same ID, correction and birth date (cells are trimmed)', () => {
    fc.assert(
      fc.property(reviewRows, (rows) => {
        const parsed = parseReviewCsv(exported(rows), { today: TODAY });
        expect(parsed.problems).toEqual([]);
        expect(parsed.lines.map(({ id, correction, birthDate }) => ({ id, correction, birthDate }))).toEqual(
          rows.map((r) => ({ id: r.id.trim(), correction: r.correction.trim(), birthDate: r.birthDate || null })),
        );
      }),
    );
  });

  it('never writes a cell that starts a formula', () => {
    fc.assert(
      fc.property(reviewRows, (rows) => {
        const cells: string[][] = parse(exported(rows), { bom: true });
        for (const cell of cells.flat()) expect(FORMULA_CHARACTERS).not.toContain(cell[0]);
      }),
    );
  });
});
