import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export type EnrollmentRole = (typeof ENROLLMENT_ROLES)[number];

@Entity('enrollments')
@Index('ix_enrollments_status', ['status', 'sourcedId'])
@Index('ix_enrollments_feed', ['feed', 'sourcedId'])
@Index('ix_enrollments_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_enrollments_class', ['classSourcedId', 'sourcedId'])
@Index('ix_enrollments_school', ['schoolSourcedId', 'sourcedId'])
@Index('ix_enrollments_user', ['userSourcedId', 'sourcedId'])
export class EnrollmentEntity extends RosteringRecord {
  @Column({ name: 'class_sourced_id', type: String, length: 255 })
  classSourcedId: string;

  @Column({ name: 'school_sourced_id', type: String, length: 255 })
  schoolSourcedId: string;

  @Column({ name: 'user_sourced_id', type: String, length: 255 })
  userSourcedId: string;

  @Column({ type: String, length: 16 })
  role: EnrollmentRole;

  @Column({ type: Boolean, nullable: true })
  primary: boolean | null;

  @Column({ name: 'begin_date', type: String, length: 10, nullable: true })
  beginDate: string | null;

  @Column({ name: 'end_date', type: String, length: 10, nullable: true })
  endDate: string | null;

  /** Lowest and highest OneRoster schoolYear of the enrollment's class (derived after each import; see school-year-spans.ts). */
  @Column({ name: 'school_year_first', type: String, length: 4, nullable: true })
  schoolYearFirst: string | null;

  @Column({ name: 'school_year_last', type: String, length: 4, nullable: true })
  schoolYearLast: string | null;
}
