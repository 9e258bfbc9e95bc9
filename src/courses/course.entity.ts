import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

@Entity('courses')
@Index('ix_courses_status', ['status', 'sourcedId'])
@Index('ix_courses_feed', ['feed', 'sourcedId'])
@Index('ix_courses_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_courses_org', ['orgSourcedId'])
export class CourseEntity extends RosteringRecord {
  @Column({ type: String, length: 255 })
  title: string;

  @Column({ name: 'school_year_sourced_id', type: String, length: 255, nullable: true })
  schoolYearSourcedId: string | null;

  @Column({ name: 'course_code', type: String, length: 255, nullable: true })
  courseCode: string | null;

  @Column({ type: 'simple-json', nullable: true })
  grades: string[] | null;

  @Column({ name: 'org_sourced_id', type: String, length: 255 })
  orgSourcedId: string;

  @Column({ type: 'simple-json', nullable: true })
  subjects: string[] | null;

  @Column({ name: 'subject_codes', type: 'simple-json', nullable: true })
  subjectCodes: string[] | null;
}
