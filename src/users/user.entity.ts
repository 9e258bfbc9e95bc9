import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const USER_ROLES = [
  'administrator',
  'aide',
  'guardian',
  'parent',
  'proctor',
  'relative',
  'student',
  'teacher',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserIdentifier {
  type: string;
  identifier: string;
}

@Entity('users')
@Index('ix_users_status', ['status', 'sourcedId'])
@Index('ix_users_feed', ['feed', 'sourcedId'])
@Index('ix_users_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_users_role', ['role', 'sourcedId'])
@Index('ix_users_identifier', ['identifier'])
export class UserEntity extends RosteringRecord {
  @Column({ name: 'enabled_user', type: Boolean })
  enabledUser: boolean;

  @Column({ type: String, length: 16 })
  role: UserRole;

  /** The SIS's login name as imported; may be blank. */
  @Column({ type: String, length: 255 })
  username: string;

  @Column({ name: 'user_ids', type: 'simple-json', nullable: true })
  userIds: UserIdentifier[] | null;

  @Column({ name: 'given_name', type: String, length: 255 })
  givenName: string;

  @Column({ name: 'family_name', type: String, length: 255 })
  familyName: string;

  @Column({ name: 'middle_name', type: String, length: 255, nullable: true })
  middleName: string | null;

  @Column({ type: String, length: 255, nullable: true })
  identifier: string | null;

  @Column({ type: String, length: 255, nullable: true })
  email: string | null;

  @Column({ type: String, length: 255, nullable: true })
  sms: string | null;

  @Column({ type: String, length: 255, nullable: true })
  phone: string | null;

  @Column({ type: 'simple-json', nullable: true })
  grades: string[] | null;

  /**
   * Earliest beginDate of the user's active student enrollments ('0000-00-00' when one has none),
   * null without any; derived after each import, read by the future-students rule.
   */
  @Column({ name: 'first_begin_date', type: String, length: 10, nullable: true })
  firstBeginDate: string | null;
}
