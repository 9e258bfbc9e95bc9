import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

@Entity('academic_sessions')
@Index('ix_academic_sessions_status', ['status', 'sourcedId'])
@Index('ix_academic_sessions_feed', ['feed', 'sourcedId'])
@Index('ix_academic_sessions_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_academic_sessions_type', ['type', 'sourcedId'])
@Index('ix_academic_sessions_parent', ['parentSourcedId'])
export class AcademicSessionEntity extends RosteringRecord {
  @Column({ type: String, length: 255 })
  title: string;

  @Column({ type: String, length: 16 })
  type: SessionType;

  /** `YYYY-MM-DD`; fixed width, so string order is date order. */
  @Column({ name: 'start_date', type: String, length: 10 })
  startDate: string;

  @Column({ name: 'end_date', type: String, length: 10 })
  endDate: string;

  @Column({ name: 'parent_sourced_id', type: String, length: 255, nullable: true })
  parentSourcedId: string | null;

  /** The year the school year ends, `YYYY` (OneRoster 1.1 data model). */
  @Column({ name: 'school_year', type: String, length: 4 })
  schoolYear: string;
}
