/** Where "now" comes from for the calendar rules; tests replace it to cross a begin date or the switch date. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
