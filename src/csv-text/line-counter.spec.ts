import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter } from './line-counter';

/** The reference: 1 + the line ends (CRLF, CR or LF, matched over the whole text) that end at or before `offset`. */
function lineOf(text: string, offset: number): number {
  return 1 + [...text.matchAll(/\r\n|\r|\n/g)].filter((end) => end.index + end[0].length <= offset).length;
}

/** Feeds `bytes` cut at `cuts` and asks for each offset in order. */
function countAt(bytes: Buffer, cuts: number[], offsets: number[]): number[] {
  const counter = new LineCounter();
  const ends = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const end of [...ends, bytes.length]) {
    counter.feed(bytes.subarray(from, end));
    from = end;
  }
  return offsets.map((offset) => counter.lineAt(offset));
}

const text = fc
  .array(fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', 'é'), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('LineCounter', () => {
  it('counts LF, CRLF and lone CR once each, however the bytes arrive', () => {
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (s, cuts, picks) => {
          const bytes = Buffer.from(s, 'latin1');
          const offsets = picks.map((pick) => pick % (bytes.length + 1)).sort((a, b) => a - b);
          expect(countAt(bytes, cuts, offsets)).toEqual(offsets.map((offset) => lineOf(s, offset)));
        },
      ),
    );
  });

  it('counts a CRLF inside a quoted cell once, where csv-parse counts it twice', () => {
    const bytes = Buffer.from('a,b\r\n1,"x\r\ny"\r\n2,z\r\n');
    expect(countAt(bytes, [], [0, 5, 15])).toEqual([1, 2, 4]);
  });

  it('finds where a record starts past the blank lines the parser skipped', () => {
    const counter = new LineCounter();
    counter.feed(Buffer.from('a,b\r\n2,z\r\n\r\n\n3,w\n'));
    expect(counter.contentLineFrom(5)).toBe(2);
    expect(counter.contentLineFrom(10)).toBe(5);
  });

  it('a CR split from its LF across two chunks is one line end', () => {
    expect(countAt(Buffer.from('a\r\nb'), [2], [4])).toEqual([2]);
  });
});
