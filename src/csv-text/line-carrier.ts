import { hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A record the carrier passed on: the line it starts on, the hash of its bytes, and the offset just past it in what
 * the parser reads (csv-parse's `info.bytes` for that record), by which the reader knows the parser saw the same record.
 */
export interface PassedRecord {
  line: number;
  lineHash: string;
  end: number;
}

/** Carrying was asked for, but the file is not one the carrier can split as the parser does (a lone CR). */
export class NotCarriableError extends Error {}

/** Which records a carrier drops, and the hash prefix a file's header decides. */
export interface CarryRule {
  /** The prefix of every record hash: the header's own bytes and whatever else shapes how records are read. */
  prefixFor(header: Buffer): string;
  /** Whether the record whose bytes have this hash (the line hash without its prefix) is carried, not passed on. */
  carry(digest: string): boolean;
  /** True: a file the carrier cannot split throws NotCarriableError. False: the carrier then passes the rest whole. */
  strict: boolean;
}

/**
 * Splits a CSV file's bytes into records (a line break inside quotes does not end one) and hashes each data record's
 * bytes, line end excluded, after a prefix the header decides. A record the rule carries is dropped: the parser never
 * sees it. Everything else passes on unchanged, blank lines included (the parser skips them), and `passed` lists the
 * header and each record passed, in order, one entry per record the parser will yield.
 *
 * A lone CR ends a line for LineCounter and may end a record for the parser, but not here: a strict carrier throws
 * NotCarriableError; any other passes the rest of the file through whole and lists nothing more. Any carrier does so
 * at a record longer than the parser takes, which is never held here whole: the parser refuses it.
 */
export class LineCarrier extends Transform {
  readonly passed: PassedRecord[] = [];
  /** The unfinished record's bytes from earlier chunks, not yet passed on. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private inQuotes = false;
  private line = 1;
  private recordLine = 1;
  private crAtEnd = false;
  private prefix: string | null = null;
  private atStart = true;
  /** Bytes passed on so far. */
  private forwarded = 0;
  /** After a lone CR in a lenient carrier: everything passes, nothing is listed. */
  private whole = false;

  constructor(
    private readonly rule: CarryRule,
    /** A record longer than this is not split here: the parser refuses it (its max_record_size) as it always did. */
    private readonly maxRecordBytes = Infinity,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.whole) this.forward(chunk);
      else this.scan(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.whole && (this.inQuotes || this.crAtEnd)) this.unsplittable();
      const last = Buffer.concat(this.pending);
      this.pending = [];
      if (this.whole) this.forward(last);
      else if (last.length > 0) {
        const passed = this.decide(last);
        if (passed !== null) this.forward(last);
        if (passed) passed.end = this.forwarded;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private scan(chunk: Buffer) {
    if (this.crAtEnd && chunk[0] !== LF) return this.unsplittable(chunk, 0);
    this.crAtEnd = false;
    let start = 0;
    /** The first byte of this chunk neither passed on nor dropped. */
    let region = 0;
    // Found by indexOf (native), not byte by byte in JavaScript: most lines have neither a quote nor a lone CR.
    let quote = chunk.indexOf(QUOTE);
    let cr = chunk.indexOf(CR);
    for (let from = 0; ;) {
      const lf = chunk.indexOf(LF, from);
      const end = lf === -1 ? chunk.length : lf;
      for (; quote !== -1 && quote < end; quote = chunk.indexOf(QUOTE, quote + 1)) this.inQuotes = !this.inQuotes;
      for (; cr !== -1 && cr < end; cr = chunk.indexOf(CR, cr + 1)) {
        if (cr + 1 === chunk.length) this.crAtEnd = true;
        else if (chunk[cr + 1] !== LF) return this.unsplittable(chunk, region);
      }
      if (lf === -1) break;
      this.line++;
      from = lf + 1;
      if (this.inQuotes) continue;
      const part = chunk.subarray(start, lf);
      const passed = this.decide(this.pending.length ? Buffer.concat([...this.pending, part]) : part);
      if (passed === null) {
        // Carried: what came before it passes on, the record and its line end are dropped.
        this.forward(chunk.subarray(region, start));
        region = lf + 1;
      } else {
        this.forward(Buffer.concat(this.pending));
        if (passed) passed.end = this.forwarded + (lf + 1 - region);
      }
      this.pending = [];
      this.pendingBytes = 0;
      start = lf + 1;
      this.recordLine = this.line;
    }
    this.forward(chunk.subarray(region, start));
    if (start === chunk.length) return;
    this.pending.push(chunk.subarray(start));
    this.pendingBytes += chunk.length - start;
    // Passed on whole, however strict: the parser stops at it and says where, and nothing is carried past it.
    if (this.pendingBytes > this.maxRecordBytes) this.passWhole();
  }

  /**
   * The line of the record the parser was reading at `bytes` (csv-parse's error offset): a record listed and not yet
   * read, or the one the carrier has not finished (a line too long to hold).
   */
  lineOfRecordAt(bytes: number | undefined): number {
    return this.passed.find((record) => bytes !== undefined && record.end > bytes)?.line ?? this.recordLine;
  }

  /** The record's entry when it passes (undefined for a blank line), null when it is carried. */
  private decide(raw: Buffer): PassedRecord | null | undefined {
    let record = raw.length > 0 && raw[raw.length - 1] === CR ? raw.subarray(0, raw.length - 1) : raw;
    // The parser drops a byte-order mark at the start of the file: a line of it alone is blank.
    if (this.atStart && record.subarray(0, 3).equals(BOM)) record = record.subarray(3);
    this.atStart = false;
    if (record.length === 0) return undefined;
    if (this.prefix === null) {
      this.prefix = this.rule.prefixFor(record);
      return this.list({ line: this.recordLine, lineHash: '', end: 0 });
    }
    const digest = hash('sha1', record, 'base64');
    if (this.rule.carry(digest)) return null;
    return this.list({ line: this.recordLine, lineHash: this.prefix + digest, end: 0 });
  }

  private list(passed: PassedRecord): PassedRecord {
    this.passed.push(passed);
    return passed;
  }

  /** A lone CR, or a quote left open at the end: the rest of the file (from `region` of `chunk`) passes whole. */
  private unsplittable(chunk?: Buffer, region = 0) {
    if (this.rule.strict) throw new NotCarriableError('a lone CR or an open quote: the file is read whole');
    this.passWhole(chunk, region);
  }

  /** Everything from here passes on as it comes: what is pending, the rest of `chunk` from `region`, later chunks. */
  private passWhole(chunk?: Buffer, region = 0) {
    this.whole = true;
    this.forward(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
    if (chunk) this.forward(chunk.subarray(region));
  }

  private forward(bytes: Buffer) {
    if (bytes.length === 0) return;
    this.forwarded += bytes.length;
    this.push(bytes);
  }
}
