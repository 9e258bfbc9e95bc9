/**
 * Lets at most `limit` holders in at once; the others wait their turn, first come first served. A list page of 5,000
 * records is megabytes of rows, records and JSON text while it is built: twenty at once took the server past 300 MB.
 */
export class PageGate {
  private inside = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves once in, with the function that lets the next one in (it does nothing when called again). */
  async enter(): Promise<() => void> {
    if (this.inside < this.limit) this.inside++;
    else await new Promise<void>((admit) => this.waiting.push(admit));
    return this.leaving();
  }

  /** In at once if there is room and nobody waits (work that may as well not be done), else undefined. */
  tryEnter(): (() => void) | undefined {
    if (this.inside >= this.limit || this.waiting.length > 0) return undefined;
    this.inside++;
    return this.leaving();
  }

  private leaving(): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.inside--;
    };
  }
}
