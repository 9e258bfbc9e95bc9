import { parse } from 'csv-parse';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ParsedRecord, RecordParser } from './record-parser';

const OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true };

/** Every record with its end offset, read by `parser` from `bytes` cut into chunks at `cuts`. */
async function readAll(parser: NodeJS.ReadWriteStream, bytes: Buffer, cuts: number[]) {
  const ends = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [...ends, bytes.length].map((end, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], end));
  const read: ParsedRecord[] = [];
  try {
    const stream = Readable.from(chunks.filter((chunk) => chunk.length > 0)).pipe(parser);
    for await (const item of stream as AsyncIterable<ParsedRecord>) read.push(item);
  } catch (error) {
    return { read, error: (error as Error).message };
  }
  return { read };
}

const csvText = fc
  .array(fc.constantFrom('a', 'é', ',', '"', '""', '\n', '\r\n', '\r', ' ', '\uFEFF'), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('RecordParser', () => {
  it("yields the records csv-parse yields, each with csv-parse's info.bytes, however the bytes arrive", async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
        const bytes = Buffer.from(text, 'utf8');
        const ours = await readAll(new RecordParser(OPTIONS), bytes, cuts);
        const theirs = await readAll(parse({ ...OPTIONS, info: true }), bytes, cuts);
        const expected = (theirs.read as unknown as { record: string[]; info: { bytes: number } }[]).map(
          ({ record, info }) => ({ record, bytes: info.bytes }),
        );
        expect(ours).toEqual({ read: expected, ...(theirs.error && { error: theirs.error }) });
      }),
      { numRuns: 300 },
    );
  });
});
