import { Entity, PrimaryColumn } from 'typeorm';
import { DepartingType } from '../tenancy/tenant-departure.entity';

/**
 * An org a record belonged to before the import being applied moved it (a pupil to another school, a class to another
 * site). Written by the apply and read, then cleared, by the publication in the same transaction: it is how the
 * publication knows who was in a tenant's view before.
 */
@Entity('moved_records')
export class MovedRecordEntity {
  @PrimaryColumn({ name: 'entity_type', type: String, length: 16 })
  entityType: DepartingType;

  @PrimaryColumn({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;

  @PrimaryColumn({ name: 'old_org', type: String, length: 255 })
  oldOrg: string;
}
