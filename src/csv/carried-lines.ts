import { hash } from 'node:crypto';
import { CarryRule, NotCarriableError } from '../csv-text/line-carrier';
import { StoredLines } from './stored-lines';

/** What the line hashes of one import depend on besides a file's header: a change in any makes every line new. */
export interface LineContext {
  version: string;
  feed: string;
  modes: Record<string, string>;
  encoding: string | null;
  maxLineBytes: number;
}

/** The hash prefix of a file's lines: its header's bytes and the import's context, in 8 characters. */
export function linePrefix(context: LineContext, header: Buffer): string {
  return hash('sha256', Buffer.concat([Buffer.from(JSON.stringify(context)), header]), 'base64url').slice(0, 8);
}

/** Reads every record of a file whole: the line hashes are kept for the next import, nothing is carried. */
export function readWhole(context: LineContext): CarryRule {
  return { prefixFor: (header) => linePrefix(context, header), carry: () => false, strict: false };
}

/** A stored record's line is not seen yet, or was carried. */
const enum Seen {
  No,
  Carried,
}

/**
 * The lines of one bulk file that an import carries: a line byte for byte the one a stored active record of the
 * import's feed was last read from (its line hash) is that record, unchanged, and is not parsed, checked or staged.
 * What the file no longer lists is found here too (`missing`), as the stored records neither carried nor parsed. A
 * stored record seen twice stops the carrying (NotCarriableError): the import is read again whole, and its checks
 * report the duplicate.
 */
export class CarriedLines implements CarryRule {
  readonly strict = true;
  carried = 0;
  /** The stored records of the current header's lines, by their line hash (see LineLookup). */
  /** Built when the header is read (prefixFor), before any line. */
  private lookup?: LineLookup;
  /** The number of the record carried last. */
  private lastCarried = -1;
  private readonly seen: Uint8Array;
  /** The sourcedIds of the rows parsed: few on a quiet night. */
  private readonly parsedIds = new Set<string>();

  constructor(
    private readonly context: LineContext,
    /** The stored active records of the feed: line hash (empty when unknown) and sourcedId. */
    private readonly stored: StoredLines,
    /** Told of each carried record, as staged rows tell the staged targets (for the files references point at). */
    private readonly onCarried?: (sourcedId: string) => void,
  ) {
    this.seen = new Uint8Array(stored.length);
  }

  prefixFor(header: Buffer): string {
    const prefix = linePrefix(this.context, header);
    this.lookup = new LineLookup(this.stored, prefix);
    return prefix;
  }

  carry(digest: string): boolean {
    // Most lines come in the order the records were stored (the order of the import that wrote them): the record after
    // the last one carried is tried first, read on from where the last was.
    const lookup = this.lookup!;
    const next = this.lastCarried + 1;
    const index = next < this.stored.length && lookup.holds(next, digest) ? next : lookup.find(digest);
    if (index === -1) return false;
    if (this.seen[index] === Seen.Carried) throw new NotCarriableError(`a line appears twice`);
    this.seen[index] = Seen.Carried;
    this.carried++;
    this.lastCarried = index;
    this.onCarried?.(this.stored.sourcedId(index));
    return true;
  }

  /** A row of the file that was parsed (a changed or new record). */
  parsed(sourcedId: string): void {
    this.parsedIds.add(sourcedId);
  }

  /**
   * The stored active records of the feed the file did not list (bulk semantics mark them tobedeleted), once the
   * file is read. A record both carried and parsed is listed twice: NotCarriableError.
   */
  missing(): string[] {
    const missing: string[] = [];
    // A carried record's sourcedId is made (a string) only if a parsed row's may be the same.
    const parsedHashes = new Set([...this.parsedIds].map((sourcedId) => textHash(sourcedId, 0, sourcedId.length)));
    for (let index = 0; index < this.stored.length; index++) {
      const carried = this.seen[index] === Seen.Carried;
      if (carried && (parsedHashes.size === 0 || !parsedHashes.has(this.stored.readId(index, textHash)))) continue;
      const sourcedId = this.stored.sourcedId(index);
      const parsed = this.parsedIds.has(sourcedId);
      if (carried && parsed) throw new NotCarriableError(`sourcedId '${sourcedId}' appears twice`);
      if (!carried && !parsed) missing.push(sourcedId);
    }
    return missing;
  }
}

/**
 * The stored records whose line hashes are of the current header (its prefix) by their digest, in an open-addressing
 * table of their numbers: a lookup reads six characters of the digest and compares the one candidate's, with no string
 * built or hashed per line.
 */
class LineLookup {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Which records are in the table: those whose line hash is of the prefix. */
  private readonly listed: Uint8Array;

  constructor(
    private readonly stored: StoredLines,
    private readonly prefix: string,
  ) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(2, stored.length * 2)));
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.listed = new Uint8Array(stored.length);
    for (let index = 0; index < stored.length; index++) {
      if (!stored.hashedAs(index, prefix, DIGEST_LENGTH)) continue;
      this.listed[index] = 1;
      let slot = stored.readHash(index, prefix.length, slotOf) & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = index;
    }
  }

  /** Whether the stored record's line hash is the prefix and `digest`. */
  holds(index: number, digest: string): boolean {
    return this.listed[index] === 1 && this.stored.digestIs(index, this.prefix.length, digest);
  }

  /** The number of the stored record whose line hash is the prefix and `digest`, or -1. */
  find(digest: string): number {
    if (digest.length !== DIGEST_LENGTH) return -1;
    for (let slot = slotOf(digest, 0) & this.mask; ; slot = (slot + 1) & this.mask) {
      const index = this.slots[slot];
      if (index === -1 || this.stored.digestIs(index, this.prefix.length, digest)) return index;
    }
  }
}

/** A line's digest: SHA-1 in base64, as LineCarrier writes it. */
const DIGEST_LENGTH = 28;

/** A table slot from six base64 characters of a digest. */
const slotOf = (text: string, at: number): number => textHash(text, at, at + 6);

/** FNV-1a of the characters of `text` from `start` to `end`, the high bits folded into the low. */
function textHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash ^ (hash >>> 15)) >>> 0;
}
