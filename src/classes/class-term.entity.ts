import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** class.terms: the academic sessions a class runs in, in the order the CSV listed them. */
@Entity('class_terms')
@Index('ix_class_terms_term', ['termSourcedId', 'classSourcedId'])
export class ClassTermEntity {
  @PrimaryColumn({ name: 'class_sourced_id', type: String, length: 255 })
  classSourcedId: string;

  @PrimaryColumn({ name: 'term_sourced_id', type: String, length: 255 })
  termSourcedId: string;

  @Column({ type: Number })
  position: number;
}
