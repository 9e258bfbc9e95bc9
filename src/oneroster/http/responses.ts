import { ListQuery } from '../query/list-query';

/** One page of a collection, as a handler returns it; OneRosterResponseInterceptor renders it. */
export class CollectionPage<T extends object = object> {
  constructor(
    /** Envelope key, e.g. `users` (OneRoster 1.1 REST binding, endpoint list). */
    readonly key: string,
    readonly records: T[],
    readonly total: number,
    readonly query: ListQuery,
  ) {}
}

/** One record, as a handler returns it, with the `fields` it was asked for. */
export class SingleRecord<T extends object = object> {
  constructor(
    readonly key: string,
    readonly record: T,
    readonly fields?: readonly string[],
  ) {}
}
