import { Transform, TransformCallback } from 'node:stream';
import { ImportProblem } from './import-problem';

/**
 * Passes a file's bytes through unchanged and notes the text-form deviations the importer accepts
 * (OneRoster 1.1 CSV binding; docs/csv-import.md): a UTF-8 byte-order mark, CRLF line ends, no newline after the last line.
 * The CSV parser copes with all three; this only makes them visible as one warning per file.
 */
export class TextFormTap extends Transform {
  private bytes = 0;
  private bom = false;
  private crlf = false;
  private lineEndSeen = false;
  private lastByte = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.bytes === 0) this.bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    const lf = this.lineEndSeen ? -1 : chunk.indexOf(0x0a);
    if (lf >= 0) {
      // the first line end tells the file's form; its \r may end the previous chunk
      this.crlf = lf > 0 ? chunk[lf - 1] === 0x0d : this.lastByte === 0x0d;
      this.lineEndSeen = true;
    }
    this.bytes += chunk.length;
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1];
    done(null, chunk);
  }

  /** One warning naming what was normalised, or none. */
  warning(file: string): ImportProblem | null {
    const found = [
      this.bom && 'a UTF-8 byte-order mark (ignored)',
      this.crlf && 'CRLF line ends',
      this.bytes > 0 && this.lastByte !== 0x0a && 'no newline after the last line',
    ].filter(Boolean);
    return found.length ? { file, line: 0, reason: `text form accepted: ${found.join(', ')}` } : null;
  }
}
