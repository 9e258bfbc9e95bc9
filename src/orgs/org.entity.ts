import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const ORG_TYPES = ['department', 'school', 'district', 'local', 'state', 'national'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

@Entity('orgs')
@Index('ix_orgs_status', ['status', 'sourcedId'])
@Index('ix_orgs_feed', ['feed', 'sourcedId'])
@Index('ix_orgs_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_orgs_parent', ['parentSourcedId'])
@Index('ix_orgs_identifier', ['identifier'])
export class OrgEntity extends RosteringRecord {
  @Column({ type: String, length: 255 })
  name: string;

  @Column({ type: String, length: 16 })
  type: OrgType;

  @Column({ type: String, length: 255, nullable: true })
  identifier: string | null;

  @Column({ name: 'parent_sourced_id', type: String, length: 255, nullable: true })
  parentSourcedId: string | null;
}
