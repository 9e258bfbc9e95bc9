import { Injectable } from '@nestjs/common';

/** A Map that forgets its least recently used entries beyond `capacity`. */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * What one page of a sweep learns for the next: the filtered total (X-Total-Count) and where the
 * page ended. A client paging with offset/limit repeats the same query with a growing offset; with
 * both remembered, page k costs what page 1 costs instead of counting and skipping k pages again.
 *
 * A total is kept per published state (the tenant's serving stamp, which every publication replaces),
 * so no count outlives the data it counted. A page end is kept per client's sweep and survives a
 * publication: the next page seeks past the last record served, so a record that was there before
 * and after the change is neither skipped nor repeated (see ListQueryService.page). Per instance.
 */
@Injectable()
export class PageCache {
  private readonly totals = new BoundedMap<number>(2_000);
  private readonly pageEnds = new BoundedMap<string>(20_000);

  total(listKey: string): number | undefined {
    return this.totals.get(listKey);
  }

  rememberTotal(listKey: string, total: number): void {
    this.totals.set(listKey, total);
  }

  /** The sourcedId of the record just before `offset` in this list, if a page ended there. */
  endBefore(listKey: string, offset: number): string | undefined {
    return this.pageEnds.get(`${offset}\n${listKey}`);
  }

  rememberPageEnd(listKey: string, nextOffset: number, lastSourcedId: string): void {
    this.pageEnds.set(`${nextOffset}\n${listKey}`, lastSourcedId);
  }
}
