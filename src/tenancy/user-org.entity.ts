import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** user.orgs, in the order the CSV listed them. */
@Entity('user_orgs')
@Index('ix_user_orgs_org', ['orgSourcedId', 'userSourcedId'])
export class UserOrgEntity {
  @PrimaryColumn({ name: 'user_sourced_id', type: String, length: 255 })
  userSourcedId: string;

  @PrimaryColumn({ name: 'org_sourced_id', type: String, length: 255 })
  orgSourcedId: string;

  @Column({ type: Number })
  position: number;
}
