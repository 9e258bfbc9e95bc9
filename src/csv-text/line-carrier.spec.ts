import { hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CarryRule, LineCarrier, NotCarriableError } from './line-carrier';
import { LineCounter } from './line-counter';
import { ParsedRecord, RecordParser } from './record-parser';

const parserOptions = { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false } as const;

/** Bytes cut at `cuts`, as a stream delivers them. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const ends = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const end of [...ends, bytes.length]) {
    chunks.push(bytes.subarray(from, end));
    from = end;
  }
  return chunks;
}

async function parse(chunks: Buffer[], carrier?: LineCarrier): Promise<ParsedRecord[]> {
  const parser = new RecordParser(parserOptions);
  const records: ParsedRecord[] = [];
  parser.on('data', (record: ParsedRecord) => records.push(record));
  const stages = carrier ? [carrier, parser] : [parser];
  await pipeline(Readable.from(chunks), ...(stages as [LineCarrier, RecordParser]));
  return records;
}

/** Where each record starts, by line, as the reader finds it without a carrier. */
async function linesOf(chunks: Buffer[]): Promise<number[]> {
  const counter = new LineCounter();
  chunks.forEach((chunk) => counter.feed(chunk));
  let start = 0;
  return (await parse(chunks)).map(({ bytes }) => {
    const line = counter.contentLineFrom(start);
    start = bytes;
    return line;
  });
}

const rule = (carried: Set<string>, strict = false): CarryRule => ({
  prefixFor: (header) => `p${header.length}:`,
  carry: (digest) => carried.has(digest),
  strict,
});

const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é'), maxLength: 8 });
/** A CSV file as an exporter writes it: quoted where needed, LF or CRLF, maybe blank lines, a BOM, no last newline. */
const csvFile = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 12 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    blankAfter: fc.array(fc.nat(12), { maxLength: 3 }),
    lastNewline: fc.boolean(),
  })
  .map(({ rows, crlf, bom, blankAfter, lastNewline }) => {
    const eol = crlf ? '\r\n' : '\n';
    const lines = [['h1', 'h2'], ...rows].map((row) =>
      stringify([row], { record_delimiter: eol, quoted_match: /[\r\n]/ }).slice(0, -eol.length),
    );
    blankAfter.forEach((at) => lines.splice(Math.min(at + 1, lines.length), 0, ''));
    const text = lines.join(eol) + (lastNewline ? eol : '');
    return { text: (bom ? '\ufeff' : '') + text, eol };
  });

const digestOf = (text: string) => hash('sha1', Buffer.from(text), 'base64');

describe('LineCarrier', () => {
  it('passes every record as the parser reads it, with its line, its end and the hash of its bytes', async () => {
    await fc.assert(
      fc.asyncProperty(csvFile, fc.array(fc.nat(), { maxLength: 6 }), async ({ text }, cuts) => {
        const chunks = chunked(Buffer.from(text), cuts);
        const carrier = new LineCarrier(rule(new Set()));
        const records = await parse(chunks, carrier);
        expect(records.map((r) => r.record)).toEqual((await parse(chunks)).map((r) => r.record));
        expect(carrier.passed.map((p) => p.end)).toEqual(records.map((r) => r.bytes));
        expect(carrier.passed.map((p) => p.line)).toEqual(await linesOf(chunks));
        const dataLines = carrier.passed.slice(1).map((p) => p.lineHash);
        const raw = records.slice(1).map((r) => stringify([r.record]).slice(0, -1));
        // An exporter's own quoting may differ from csv-stringify's: compare where the text is the same.
        raw.forEach((line, i) => {
          if (text.includes(line)) expect(dataLines[i]).toBe(`p5:${digestOf(line)}`);
        });
      }),
    );
  });

  it('drops the records it carries: the parser reads the others, on their own lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        csvFile,
        fc.array(fc.boolean()),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (file, picks, cuts) => {
          const chunks = chunked(Buffer.from(file.text), cuts);
          const all = new LineCarrier(rule(new Set()));
          const records = await parse(chunks, all);
          const carried = new Set(all.passed.slice(1).flatMap((p, i) => (picks[i] ? [p.lineHash.slice(3)] : [])));
          const carrier = new LineCarrier(rule(carried, true));
          const kept = await parse(chunks, carrier);
          const expected = records.filter((_, i) => i === 0 || !carried.has(all.passed[i].lineHash.slice(3)));
          expect(kept.map((r) => r.record)).toEqual(expected.map((r) => r.record));
          expect(carrier.passed.map((p) => p.line)).toEqual(
            all.passed.filter((p, i) => i === 0 || !carried.has(p.lineHash.slice(3))).map((p) => p.line),
          );
          expect(carrier.passed.map((p) => p.end)).toEqual(kept.map((r) => r.bytes));
        },
      ),
    );
  });

  it('hashes a line the same with LF or CRLF, and without a last newline', async () => {
    const hashes = async (text: string) => {
      const carrier = new LineCarrier(rule(new Set()));
      await parse([Buffer.from(text)], carrier);
      return carrier.passed.map((p) => p.lineHash);
    };
    const expected = ['', `p5:${digestOf('a,"b\nc"')}`, `p5:${digestOf('d,e')}`];
    expect(await hashes('h1,h2\na,"b\nc"\nd,e\n')).toEqual(expected);
    expect(await hashes('h1,h2\r\na,"b\nc"\r\nd,e')).toEqual(expected);
  });

  it('gives up on a lone CR when strict, and otherwise passes the rest whole', async () => {
    const text = 'h1,h2\na,b\rc,d\ne,f\n';
    await expect(parse([Buffer.from(text)], new LineCarrier(rule(new Set(), true)))).rejects.toThrow(NotCarriableError);
    const carrier = new LineCarrier(rule(new Set()));
    const records = await parse([Buffer.from(text)], carrier);
    expect(records.map((r) => r.record)).toEqual((await parse([Buffer.from(text)])).map((r) => r.record));
    expect(carrier.passed.map((p) => p.line)).toEqual([1]);
  });

  it('splits mixed line ends otherwise than the parser, which the ends tell', async () => {
    // The parser takes CRLF as the record delimiter from the first line: the bare LF after `a` is data to it.
    const text = 'h1,h2\r\na\nb,c\r\nd,e\r\n';
    const carrier = new LineCarrier(rule(new Set()));
    const records = await parse([Buffer.from(text)], carrier);
    expect(records.map((r) => r.bytes)).not.toEqual(carrier.passed.map((p) => p.end));
  });

  it('holds no record longer than the parser takes: it passes the rest whole, and says on which line it stopped', async () => {
    const long = Buffer.from(`h1,h2\na,b\n${'x'.repeat(100)},y\nc,d\n`);
    const chunks = chunked(long, [12, 40, 80]);
    for (const strict of [false, true]) {
      const carrier = new LineCarrier(rule(new Set(), strict), 64);
      expect((await parse(chunks, carrier)).map((r) => r.record)).toEqual((await parse(chunks)).map((r) => r.record));
      expect(carrier.passed.map((p) => p.line)).toEqual([1, 2]);
      expect(carrier.lineOfRecordAt(10)).toBe(3);
    }
  });

  it('gives up on a quote left open at the end when strict', async () => {
    await expect(parse([Buffer.from('h1,h2\na,"b\n')], new LineCarrier(rule(new Set(), true)))).rejects.toThrow(
      NotCarriableError,
    );
  });
});
