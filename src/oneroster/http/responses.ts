import { ListQuery } from '../query/list-query';
import { RenderedPage } from '../query/page-json';

/**
 * One page of a collection, as a handler returns it; OneRosterResponseInterceptor renders it. Its
 * records are objects built in Node, or the JSON text the database wrote (see renderPage), which goes
 * out as it is and is parsed only for a caller in the process that reads `records`.
 */
export class CollectionPage<T extends object = object> {
  private built?: T[];

  constructor(
    /** Envelope key, e.g. `users` (OneRoster 1.1 REST binding, endpoint list). */
    readonly key: string,
    records: T[] | RenderedPage,
    readonly total: number,
    readonly query: ListQuery,
  ) {
    if (Array.isArray(records)) this.built = records;
    else this.rendered = records;
  }

  /** The page as the database wrote it, when it did. */
  readonly rendered?: RenderedPage;

  get records(): T[] {
    return (this.built ??= JSON.parse(this.rendered!.json) as T[]);
  }

  /** Every record's sourcedId, in order. */
  get sourcedIds(): readonly string[] {
    return this.rendered?.sourcedIds ?? sourcedIdsOf(this.records);
  }
}

/** Every record served names its sourcedId, whatever `fields` leaves of it: the access log keeps them. */
export function sourcedIdsOf(records: readonly object[]): string[] {
  return records.map((record) => (record as { sourcedId: string }).sourcedId);
}

/** One record, as a handler returns it, with the `fields` it was asked for. */
export class SingleRecord<T extends object = object> {
  constructor(
    readonly key: string,
    readonly record: T,
    readonly fields?: readonly string[],
  ) {}
}
