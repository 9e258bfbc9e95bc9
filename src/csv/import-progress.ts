import { SingleBar } from 'cli-progress';
import { ImportProgressEvent } from './import-report';

const LOG_EVERY_MS = 5000;

/** A progress bar on a terminal; a line every few seconds otherwise (CI logs, cron). */
export class ImportProgress {
  private bar?: SingleBar;
  private file = '';
  private lastLog = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(event: ImportProgressEvent): void {
    if (this.out.isTTY) this.updateBar(event);
    else this.log(event);
  }

  stop(): void {
    this.bar?.stop();
  }

  private updateBar(event: ImportProgressEvent) {
    if (event.phase !== 'reading') {
      this.bar?.stop();
      this.bar = undefined;
      return;
    }
    if (event.file !== this.file || !this.bar) {
      this.bar?.stop();
      this.file = event.file;
      this.bar = new SingleBar({ stream: this.out, format: `${event.file.padEnd(22)} {bar} {percentage}%` });
      this.bar.start(Math.max(event.totalBytes, 1), 0);
    }
    this.bar.update(event.bytes);
  }

  private log(event: ImportProgressEvent) {
    const now = Date.now();
    const phaseChanged = event.phase !== 'reading' || event.file !== this.file;
    if (!phaseChanged && now - this.lastLog < LOG_EVERY_MS) return;
    this.file = event.file;
    this.lastLog = now;
    const share = event.totalBytes ? ` ${Math.round((100 * event.bytes) / event.totalBytes)}%` : '';
    this.out.write(`import: ${event.phase} ${event.file}${share}\n`);
  }
}
