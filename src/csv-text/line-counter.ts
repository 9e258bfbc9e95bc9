import { Transform, TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * The 1-based physical line at a byte offset of a CSV file, for the offsets where its records start (the
 * parser reports where each record ends). A line ends at LF, CRLF or a lone CR, inside a quoted cell too:
 * csv-parse's own `lines` counts a CRLF inside quotes twice. Fed the bytes as they pass; offsets asked for
 * must not decrease, and only chunks not yet counted are kept.
 */
export class LineCounter {
  private readonly chunks: Buffer[] = [];
  /** Offset of the first byte of chunks[0]. */
  private base = 0;
  /** Offset counted up to, and the line it is on. */
  private position = 0;
  private line = 1;

  feed(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  /** A stream stage that feeds this counter and passes every byte on unchanged. */
  tap(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => {
        this.feed(chunk);
        done(null, chunk);
      },
    });
  }

  /** The line the byte at `offset` is on. */
  lineAt(offset: number): number {
    while (this.position < offset && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const end = Math.min(offset, this.base + chunk.length) - this.base;
      for (let i = this.position - this.base; i < end; i++) {
        const byte = chunk[i];
        if (byte === LF || (byte === CR && this.byteAt(this.base + i + 1) !== LF)) this.line++;
      }
      this.position = this.base + end;
      if (end < chunk.length) break;
      this.base += chunk.length;
      this.chunks.shift();
    }
    return this.line;
  }

  /** The line of the first byte at or after `offset` that is not a line break: where a record starts when the parser skips blank lines. */
  contentLineFrom(offset: number): number {
    this.lineAt(offset);
    for (let byte = this.byteAt(this.position); byte === LF || byte === CR; byte = this.byteAt(this.position)) {
      this.lineAt(this.position + 1);
    }
    return this.line;
  }

  private byteAt(offset: number): number | undefined {
    let start = this.base;
    for (const chunk of this.chunks) {
      if (offset < start + chunk.length) return chunk[offset - start];
      start += chunk.length;
    }
    return undefined;
  }
}
