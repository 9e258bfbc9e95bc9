import { Clock } from '../../src/config/clock';

/** A clock a test sets: to cross a begin date or the school-year switch without waiting for it. */
export class MovableClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(instant: string | Date): void {
    this.at = new Date(instant);
  }
}
