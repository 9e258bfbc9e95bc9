import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In } from 'typeorm';
import { UsageError } from '../usage-error';
import { AccessLogEntity } from './access-log.entity';
import { accessLogQueries } from './access-log.queries';
import { unpackIds } from './served-ids';

/** A row of the access log as exported: everything but the packed ids (how many there were is `records`). */
export type AccessRecord = Omit<AccessLogEntity, 'servedIds' | 'firstId' | 'lastId'>;

/** One request that served a given sourcedId. */
export interface ReadOfRecord {
  at: string;
  clientId: string;
  path: string;
  route: string;
  filter: string | null;
}

export interface Period {
  from?: string;
  to?: string;
}

/** Rows read at once when looking for one sourcedId in the packed ids. */
const CHUNK = 500;

function bounds({ from, to }: Period): [string, string] {
  const at = (value: string | undefined, fallback: string, name: string) => {
    if (value === undefined) return fallback;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new UsageError(`${name} '${value}' is not a date or time (e.g. 2025-09-01)`);
    return new Date(time).toISOString();
  };
  return [at(from, '0000', 'from'), at(to, '9999', 'to')];
}

/** What the access log answers: the requests of a tenant in a period, and which clients read one record, when. */
@Injectable()
export class AccessLogQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every logged request of the tenant in the period, oldest first: rostering reads and admin requests naming it. */
  async export(tenantId: string, period: Period): Promise<AccessRecord[]> {
    const rows = await this.dataSource.getRepository(AccessLogEntity).find({
      where: { tenantId, at: Between(...bounds(period)) },
      order: { at: 'ASC', id: 'ASC' },
    });
    return rows.map(({ servedIds: _ids, firstId: _first, lastId: _last, ...row }) => row);
  }

  /**
   * Which clients were served the record with this sourcedId (a user, a demographics record, any record), and when:
   * the rows whose range holds it (compared here, in JavaScript's order, as the range was taken), then their ids.
   */
  async readsOf(tenantId: string, sourcedId: string, period: Period = {}): Promise<ReadOfRecord[]> {
    const repository = this.dataSource.getRepository(AccessLogEntity);
    const ranges = await accessLogQueries.ranges(this.dataSource, tenantId, ...bounds(period)).getMany();
    const candidates = ranges.filter((row) => row.firstId! <= sourcedId && sourcedId <= row.lastId!).map((r) => r.id);
    const reads: ReadOfRecord[] = [];
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const rows = await repository.findBy({ id: In(candidates.slice(i, i + CHUNK)) });
      for (const row of rows)
        if ((await unpackIds(row.servedIds!)).includes(sourcedId))
          reads.push({ at: row.at, clientId: row.clientId, path: row.path, route: row.route, filter: row.filter });
    }
    return reads.sort((a, b) => a.at.localeCompare(b.at));
  }
}
