import fc from 'fast-check';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotUtf16Error, NotUtf8Error, TextDecoding, TextEncoding } from './text-decoding';

/** The bytes in the given chunks through a TextDecoding, as one UTF-8 string. */
async function decoded(chunks: Buffer[], encoding?: TextEncoding): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new TextDecoding(encoding))) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((start, i) => bytes.subarray(start, points[i] ?? bytes.length)).filter((c) => c.length);
}

describe('TextDecoding', () => {
  it('passes any UTF-8 text through unchanged, however the chunks cut its characters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), fc.array(fc.nat()), async (text, offsets) => {
        const bytes = Buffer.from(text, 'utf8');
        expect(await decoded(cut(bytes, offsets))).toBe(text);
      }),
    );
  });

  it('stops at the first byte that is not UTF-8, naming its line, whatever the chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 5 }), fc.array(fc.nat()), async (linesBefore, offsets) => {
        const bytes = Buffer.concat([
          Buffer.from('sourcedId,name\n'.repeat(linesBefore) + 'u-1,Fran', 'utf8'),
          Buffer.from([0xe7]), // ç in Windows-1252
          Buffer.from('ois\n', 'utf8'),
        ]);
        const failure = await decoded(cut(bytes, offsets)).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(NotUtf8Error);
        expect(failure).toMatchObject({ line: linesBefore + 1, byte: 0xe7 });
      }),
    );
  });

  it('refuses a file that ends inside a character', async () => {
    await expect(decoded([Buffer.from([0x61, 0xc3])])).rejects.toThrow(NotUtf8Error);
  });

  it('reads a declared Windows-1252 or ISO-8859-1 file as what it is', async () => {
    const latin = Buffer.from([0x46, 0x72, 0x61, 0x6e, 0xe7, 0x6f, 0x69, 0x73, 0x20, 0x80]);
    expect(await decoded([latin], 'windows-1252')).toBe('François €');
    expect(await decoded([latin], 'iso-8859-1')).toBe('François \u0080');
  });

  it('reads UTF-16 with a byte-order mark, little or big endian, whatever was declared', async () => {
    const text = 'sourcedId,givenName\nu-1,Hélène\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    expect(await decoded(cut(le, [3, 7, 20]))).toBe(text);
    expect(await decoded([be], 'windows-1252')).toBe(text);
    await expect(decoded([Buffer.concat([le, Buffer.from([0x00, 0xd8])])])).rejects.toThrow(NotUtf16Error);
  });
});
