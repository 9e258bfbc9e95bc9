import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Where a page of a client's sweep ended (see PageCache), kept in the database on server dialects so that every
 * instance behind a load balancer continues the sweep from the same place.
 */
@Entity('sweep_page_ends')
@Index('ix_sweep_page_ends_updated', ['updatedAt'])
export class SweepPageEndEntity {
  /** Hash of the tenant, client and query (see ListQueryService). */
  @PrimaryColumn({ name: 'list_key', type: String, length: 64 })
  listKey: string;

  /** The offset the next page starts at. */
  @PrimaryColumn({ name: 'next_offset', type: Number })
  nextOffset: number;

  @Column({ name: 'last_sourced_id', type: String, length: 255 })
  lastSourcedId: string;

  @Column({ name: 'updated_at', type: String, length: 24 })
  updatedAt: string;
}
