import { isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';

/** The encodings a file may be declared in; UTF-16 is recognised by its byte-order mark. */
export const TEXT_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** The encoding an operator named (`cp1252`, `latin1` and such spellings too), or null when it is none we read. */
export function encodingNamed(value: string): TextEncoding | null {
  const name = value
    .toLowerCase()
    .replace(/^(cp|win|windows)-?1252$/, 'windows-1252')
    .replace(/^(latin-?1|iso-?8859-1)$/, 'iso-8859-1')
    .replace(/^utf-?8$/, 'utf-8');
  return (TEXT_ENCODINGS as readonly string[]).includes(name) ? (name as TextEncoding) : null;
}

/** A file's bytes that are not the text they claim to be, and the line where that shows. */
export class NotTextError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes that are not UTF-8 in a file read as UTF-8: where, so the operator can look, and how to declare another. */
export class NotUtf8Error extends NotTextError {
  constructor(
    line: number,
    readonly byte: number,
  ) {
    super(
      line,
      `not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}); ` +
        'if the file is in another encoding, declare it: import --encoding windows-1252 (or iso-8859-1)',
    );
  }
}

/** A UTF-16 file with something that is no character in it (a lone surrogate, an odd byte at the end). */
export class NotUtf16Error extends NotTextError {
  constructor(line: number) {
    super(line, 'not valid UTF-16 (it starts with a UTF-16 byte-order mark)');
  }
}

const LF = 0x0a;

/**
 * Turns a file's bytes into UTF-8, chunk by chunk, or throws at the first byte that is not what it claims to be
 * (NotTextError): never a silent replacement character. UTF-8 (the default) is checked and passed through unchanged;
 * a declared single-byte encoding is converted; a UTF-16 byte-order mark switches to UTF-16 whatever was declared.
 */
class StrictDecoder {
  private started = false;
  private utf16?: TextDecoder;
  /** The line the next input byte is on (UTF-8 input), or the next output character (decoded input). */
  private line = 1;
  /** The start of a UTF-8 sequence the previous chunk ended inside. */
  private pending = Buffer.alloc(0);
  encoding: string = 'utf-8';

  constructor(private readonly declared: TextEncoding) {}

  decode(chunk: Buffer): Buffer {
    if (!this.started) this.start(chunk);
    return this.utf16 ? this.fromUtf16(chunk, true) : this.convert(chunk);
  }

  /** What the last chunk left undecoded; throws when it is the unfinished start of a character. */
  end(): Buffer {
    if (this.utf16) return this.fromUtf16(Buffer.alloc(0), false);
    if (this.pending.length > 0) throw new NotUtf8Error(this.line, this.pending[0]);
    return Buffer.alloc(0);
  }

  private start(chunk: Buffer): void {
    this.started = true;
    const le = chunk[0] === 0xff && chunk[1] === 0xfe;
    const be = chunk[0] === 0xfe && chunk[1] === 0xff;
    if (!le && !be) {
      this.encoding = this.declared;
      return;
    }
    this.encoding = le ? 'utf-16le' : 'utf-16be';
    this.utf16 = new TextDecoder(this.encoding, { fatal: true });
  }

  private convert(chunk: Buffer): Buffer {
    switch (this.declared) {
      case 'utf-8':
        return this.checkUtf8(chunk);
      case 'windows-1252':
        return Buffer.from(fromWindows1252(chunk), 'utf8');
      case 'iso-8859-1':
        return Buffer.from(chunk.toString('latin1'), 'utf8');
    }
  }

  private checkUtf8(chunk: Buffer): Buffer {
    const bytes = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const whole = bytes.length - incompleteTail(bytes);
    const body = bytes.subarray(0, whole);
    if (!isUtf8(body)) {
      const bad = firstInvalidUtf8(body);
      throw new NotUtf8Error(this.line + countLineFeeds(body, bad), body[bad]);
    }
    this.line += countLineFeeds(body, body.length);
    this.pending = Buffer.from(bytes.subarray(whole));
    return body;
  }

  private fromUtf16(chunk: Buffer, stream: boolean): Buffer {
    try {
      const text = this.utf16!.decode(chunk, { stream });
      for (const character of text) if (character === '\n') this.line++;
      return Buffer.from(text, 'utf8');
    } catch {
      throw new NotUtf16Error(this.line);
    }
  }
}

/** A StrictDecoder as a stream stage: a file's bytes in, UTF-8 out, or the stream's error. */
export class TextDecoding extends Transform {
  private readonly decoder: StrictDecoder;

  constructor(declared: TextEncoding = 'utf-8') {
    super();
    this.decoder = new StrictDecoder(declared);
  }

  /** The encoding the file was read in: the declared one, or UTF-16 by its byte-order mark. */
  get encoding(): string {
    return this.decoder.encoding;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      done(null, this.decoder.decode(chunk));
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      done(null, this.decoder.end());
    } catch (error) {
      done(error as Error);
    }
  }
}

/** A whole (small) file's bytes as text, by the same rules; throws NotTextError. */
export function decodeFile(bytes: Buffer, declared: TextEncoding = 'utf-8'): string {
  const decoder = new StrictDecoder(declared);
  return Buffer.concat([decoder.decode(bytes), decoder.end()]).toString('utf8');
}

/**
 * Windows-1252 is ISO-8859-1 but for 0x80 to 0x9F, where it has typographic characters (€, quotes, dashes). Written
 * out because Node's TextDecoder reads 'windows-1252' as ISO-8859-1 for those bytes.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function fromWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  return /[\u0080-\u009F]/.test(latin1)
    ? latin1.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80])
    : latin1;
}

function countLineFeeds(bytes: Buffer, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at >= 0 && at < end; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}

/** How many bytes at the end start a UTF-8 sequence the chunk does not finish (0 to 3). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** The offset of the first byte that breaks UTF-8 (the input is known not to be valid). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let at = 0; at < bytes.length;) {
    const length = sequenceLength(bytes, at);
    if (length === 0) return at;
    at += length;
  }
  return bytes.length - 1;
}

/** The length of the valid UTF-8 sequence at `at`, or 0. */
function sequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at];
  if (lead < 0x80) return 1;
  const length =
    lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || at + length > bytes.length) return 0;
  for (let next = 1; next < length; next++) if ((bytes[at + next] & 0xc0) !== 0x80) return 0;
  return isUtf8(bytes.subarray(at, at + length)) ? length : 0;
}
