import { DataSource, LessThan } from 'typeorm';
import { AccessLogEntity } from './access-log.entity';

/** The access log's statements, built here so the SQL Server checks build the very same ones offline. */
export const accessLogQueries = {
  insert: (dataSource: DataSource, rows: AccessLogEntity[]) =>
    dataSource.createQueryBuilder().insert().into(AccessLogEntity).values(rows),

  prune: (dataSource: DataSource, cutoff: string) =>
    dataSource
      .createQueryBuilder()
      .delete()
      .from(AccessLogEntity)
      .where({ at: LessThan(cutoff) }),

  /** The id ranges of a tenant's rostering reads in a period: which rows may hold a sourcedId. */
  ranges: (dataSource: DataSource, tenantId: string, from: string, to: string) =>
    dataSource
      .getRepository(AccessLogEntity)
      .createQueryBuilder('log')
      .select(['log.id', 'log.firstId', 'log.lastId'])
      .where("log.tenantId = :tenantId AND log.kind = 'read' AND log.firstId IS NOT NULL", { tenantId })
      .andWhere('log.at BETWEEN :from AND :to', { from, to }),

  /** The page reads the sync monitor works the sweeps out from. */
  pageReads: (dataSource: DataSource, tenantId: string, since: string) =>
    dataSource
      .getRepository(AccessLogEntity)
      .createQueryBuilder('log')
      .select([
        'log.at',
        'log.clientId',
        'log.route',
        'log.filter',
        'log.status',
        'log.pageOffset',
        'log.total',
        'log.records',
      ])
      .where("log.tenantId = :tenantId AND log.kind = 'read' AND log.at >= :since", { tenantId, since }),
};
