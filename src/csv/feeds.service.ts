import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APPLY_TARGETS } from './apply-targets';
import { ImportRunEntity, ImportRunState } from './import-run.entity';
import { ROSTER_FILES, RosterFile } from './manifest';

export interface FeedView {
  feed: string;
  /** Active records of the feed, per file. */
  active: Partial<Record<RosterFile, number>>;
  lastImport: { id: string; state: ImportRunState; startedAt: string; finishedAt: string | null } | null;
}

/** Feeds as they stand: every feed that has records or imports, with its active records and its last import. */
@Injectable()
export class FeedsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<FeedView[]> {
    const active = new Map<string, FeedView['active']>();
    for (const file of ROSTER_FILES) {
      const rows = await this.dataSource
        .createQueryBuilder(APPLY_TARGETS[file].entity, 'record')
        .select('record.feed', 'feed')
        .addSelect('COUNT(1)', 'count')
        .where("record.status = 'active'")
        .groupBy('record.feed')
        .getRawMany<{ feed: string; count: string | number }>();
      for (const row of rows) active.set(row.feed, { ...active.get(row.feed), [file]: Number(row.count) });
    }
    const runs = await this.dataSource.getRepository(ImportRunEntity).find({ order: { startedAt: 'DESC' } });
    const feeds = [...new Set([...active.keys(), ...runs.map((run) => run.feed)])].sort();
    return feeds.map((feed) => {
      const last = runs.find((run) => run.feed === feed);
      return {
        feed,
        active: active.get(feed) ?? {},
        lastImport: last
          ? { id: last.id, state: last.state, startedAt: last.startedAt, finishedAt: last.finishedAt }
          : null,
      };
    });
  }
}
