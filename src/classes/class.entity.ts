import { Column, Entity, Index } from 'typeorm';
import { RosteringRecord } from '../oneroster/rostering-record';

export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
export type ClassType = (typeof CLASS_TYPES)[number];

@Entity('classes')
@Index('ix_classes_status', ['status', 'sourcedId'])
@Index('ix_classes_feed', ['feed', 'sourcedId'])
@Index('ix_classes_modified', ['dateLastModified', 'sourcedId'])
@Index('ix_classes_school', ['schoolSourcedId', 'sourcedId'])
@Index('ix_classes_course', ['courseSourcedId', 'sourcedId'])
export class ClassEntity extends RosteringRecord {
  @Column({ type: String, length: 255 })
  title: string;

  @Column({ name: 'class_code', type: String, length: 255, nullable: true })
  classCode: string | null;

  @Column({ name: 'class_type', type: String, length: 16 })
  classType: ClassType;

  @Column({ type: String, length: 255, nullable: true })
  location: string | null;

  @Column({ name: 'course_sourced_id', type: String, length: 255 })
  courseSourcedId: string;

  @Column({ name: 'school_sourced_id', type: String, length: 255 })
  schoolSourcedId: string;

  @Column({ type: 'simple-json', nullable: true })
  grades: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  subjects: string[] | null;

  @Column({ name: 'subject_codes', type: 'simple-json', nullable: true })
  subjectCodes: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  periods: string[] | null;

  /** Lowest and highest OneRoster schoolYear of the class's terms (derived after each import; see school-year-spans.ts). */
  @Column({ name: 'school_year_first', type: String, length: 4, nullable: true })
  schoolYearFirst: string | null;

  @Column({ name: 'school_year_last', type: String, length: 4, nullable: true })
  schoolYearLast: string | null;
}
