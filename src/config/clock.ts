/**
 * Where "now" comes from for the calendar rules and the rate-limit windows; tests replace it to cross a begin
 * date or the switch date, or to stay inside one window.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
