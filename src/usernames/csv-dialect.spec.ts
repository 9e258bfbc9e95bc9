import { describe, expect, it } from 'vitest';
import {
  decodeText,
  detectSeparator,
  findColumn,
  headerKey,
  isBlank,
  missingColumnsMessage,
  readCsv,
} from './csv-dialect';

describe('decodeText', () => {
  it('drops a byte-order mark from bytes and from text', () => {
    expect(decodeText(Buffer.from('\uFEFFID,é', 'utf8'))).toBe('ID,é');
    expect(decodeText('\uFEFFID')).toBe('ID');
    expect(decodeText('ID')).toBe('ID');
  });
});

describe('detectSeparator', () => {
  it.each([
    ['ID,corrected username,first name', ','],
    ['ID;corrected username;first name', ';'],
    ['ID;"last, first";corrected username', ';'],
    ['ID,"a;b;c",corrected username', ','],
    ['ID\r\n1;2;3;4', ','],
    ['ID', ','],
    ['', ','],
  ])('%j → %j', (text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe('readCsv', () => {
  it('numbers records by the physical line they start on, across quoted line breaks in LF and CRLF files', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['a,b', '1,"two', 'lines"', '', '2,"three', '', 'lines"', '3,x'].join(eol);
      const { records, problem } = readCsv(text);
      expect(problem).toBeNull();
      expect(records.map((record) => [record.line, record.cells[0]])).toEqual([
        [1, 'a'],
        [2, '1'],
        [4, ''],
        [5, '2'],
        [8, '3'],
      ]);
      expect(records[1].cells[1]).toBe(`two${eol}lines`);
    }
  });

  it('counts lines after a byte-order mark and multi-byte characters correctly', () => {
    const { records } = readCsv(Buffer.from('\uFEFFa;b\r\nÉmile;"Ø\r\nx"\r\nZoë;y\r\n', 'utf8'));
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['Émile', 'Ø\r\nx'] },
      { line: 4, cells: ['Zoë', 'y'] },
    ]);
  });

  it('accepts rows shorter or longer than the header and stray quotes inside a cell', () => {
    const { records, problem } = readCsv('a,b\n1\n2,3,4\nD"Hondt,x\n');
    expect(problem).toBeNull();
    expect(records.map((record) => record.cells)).toEqual([['a', 'b'], ['1'], ['2', '3', '4'], ['D"Hondt', 'x']]);
  });

  it('keeps the records before a quote that is never closed and names the line of the broken row', () => {
    const { records, problem } = readCsv('a,b\r\n1,"x\r\ny"\r\n2,"never closed\r\n3,z\r\n');
    expect(records.map((record) => record.line)).toEqual([1, 2]);
    expect(problem).toEqual({ line: 4, message: expect.stringContaining('never closed') });
  });

  it('gives no records for an empty file', () => {
    expect(readCsv('')).toEqual({ records: [], problem: null });
  });
});

describe('header helpers', () => {
  it('match header names ignoring case and spaces', () => {
    expect(headerKey(' User principal name ')).toBe('userprincipalname');
    expect(findColumn(['x', 'First Name', 'givenName'], ['givenName', 'firstName'])).toBe(1);
    expect(findColumn(['x'], ['ID'])).toBe(-1);
  });

  it('treat a row of empty or blank cells as blank', () => {
    expect(isBlank(['', ' ', ''])).toBe(true);
    expect(isBlank([''])).toBe(true);
    expect(isBlank(['', 'x'])).toBe(false);
  });

  it('name the missing columns and the ones found', () => {
    expect(missingColumnsMessage(['ID'], ['name', ' role ', ''])).toBe(
      "missing column 'ID': the header has 'name', 'role'",
    );
    expect(missingColumnsMessage(['ID', 'corrected username'], [])).toBe(
      "missing columns 'ID', 'corrected username': the header line is empty",
    );
  });
});

describe('readCsv of a file not in UTF-8', () => {
  it('names the line of the first byte that is not UTF-8, and reads nothing: never a replacement character', () => {
    const latin = Buffer.from('ID;corrected username\nu-1;fran\u00e7ois.dupont\n', 'latin1');
    expect(readCsv(latin)).toEqual({
      records: [],
      problem: { line: 2, message: 'not UTF-8 (byte 0xE7); save it as UTF-8 (in Excel: CSV UTF-8)' },
    });
  });

  it('reads UTF-16 with its byte-order mark, as Excel\'s "Unicode text" writes it', () => {
    const text = 'ID,corrected username\nu-1,hélène.dupont\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(readCsv(utf16).records.map((record) => record.cells)).toEqual([
      ['ID', 'corrected username'],
      ['u-1', 'hélène.dupont'],
    ]);
  });
});
