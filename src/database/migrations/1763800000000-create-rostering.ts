import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/** The OneRoster records and their relation tables (orgs, sessions, courses, classes, users, enrollments, demographics). */
export class CreateRostering1763800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    const record = () => [
      c.string('sourced_id', 255, { isPrimary: true }),
      c.string('status', 16),
      c.string('date_last_modified', 24),
      c.string('content_hash', 64),
      c.json('metadata'),
    ];
    const recordIndexes = (table: string) => [
      index(`ix_${table}_status`, ['status', 'sourced_id']),
      index(`ix_${table}_modified`, ['date_last_modified', 'sourced_id']),
    ];
    const create = (name: string, columns: ReturnType<typeof record>, indices: ReturnType<typeof index>[]) =>
      queryRunner.createTable(new Table({ name, columns, indices }));

    await create(
      'orgs',
      [
        ...record(),
        c.string('name', 255),
        c.string('type', 16),
        c.string('identifier', 255, nullable),
        c.string('parent_sourced_id', 255, nullable),
      ],
      [
        ...recordIndexes('orgs'),
        index('ix_orgs_parent', ['parent_sourced_id']),
        index('ix_orgs_identifier', ['identifier']),
      ],
    );
    await create(
      'academic_sessions',
      [
        ...record(),
        c.string('title', 255),
        c.string('type', 16),
        c.string('start_date', 10),
        c.string('end_date', 10),
        c.string('parent_sourced_id', 255, nullable),
        c.string('school_year', 4),
      ],
      [
        ...recordIndexes('academic_sessions'),
        index('ix_academic_sessions_type', ['type', 'sourced_id']),
        index('ix_academic_sessions_parent', ['parent_sourced_id']),
      ],
    );
    await create(
      'courses',
      [
        ...record(),
        c.string('title', 255),
        c.string('school_year_sourced_id', 255, nullable),
        c.string('course_code', 255, nullable),
        c.json('grades'),
        c.string('org_sourced_id', 255),
        c.json('subjects'),
        c.json('subject_codes'),
      ],
      [...recordIndexes('courses'), index('ix_courses_org', ['org_sourced_id'])],
    );
    await create(
      'classes',
      [
        ...record(),
        c.string('title', 255),
        c.string('class_code', 255, nullable),
        c.string('class_type', 16),
        c.string('location', 255, nullable),
        c.string('course_sourced_id', 255),
        c.string('school_sourced_id', 255),
        c.json('grades'),
        c.json('subjects'),
        c.json('subject_codes'),
        c.json('periods'),
      ],
      [
        ...recordIndexes('classes'),
        index('ix_classes_school', ['school_sourced_id', 'sourced_id']),
        index('ix_classes_course', ['course_sourced_id', 'sourced_id']),
      ],
    );
    await create(
      'class_terms',
      [
        c.string('class_sourced_id', 255, { isPrimary: true }),
        c.string('term_sourced_id', 255, { isPrimary: true }),
        c.integer('position'),
      ],
      [index('ix_class_terms_term', ['term_sourced_id', 'class_sourced_id'])],
    );
    await create(
      'users',
      [
        ...record(),
        c.boolean('enabled_user'),
        c.string('role', 16),
        c.string('username', 255),
        c.json('user_ids'),
        c.string('given_name', 255),
        c.string('family_name', 255),
        c.string('middle_name', 255, nullable),
        c.string('identifier', 255, nullable),
        c.string('email', 255, nullable),
        c.string('sms', 255, nullable),
        c.string('phone', 255, nullable),
        c.json('grades'),
      ],
      [
        ...recordIndexes('users'),
        index('ix_users_role', ['role', 'sourced_id']),
        index('ix_users_identifier', ['identifier']),
      ],
    );
    await create(
      'user_orgs',
      [
        c.string('user_sourced_id', 255, { isPrimary: true }),
        c.string('org_sourced_id', 255, { isPrimary: true }),
        c.integer('position'),
      ],
      [index('ix_user_orgs_org', ['org_sourced_id', 'user_sourced_id'])],
    );
    await create(
      'user_agents',
      [
        c.string('user_sourced_id', 255, { isPrimary: true }),
        c.string('agent_sourced_id', 255, { isPrimary: true }),
        c.integer('position'),
      ],
      [index('ix_user_agents_agent', ['agent_sourced_id', 'user_sourced_id'])],
    );
    await create(
      'enrollments',
      [
        ...record(),
        c.string('class_sourced_id', 255),
        c.string('school_sourced_id', 255),
        c.string('user_sourced_id', 255),
        c.string('role', 16),
        c.boolean('primary', nullable),
        c.string('begin_date', 10, nullable),
        c.string('end_date', 10, nullable),
      ],
      [
        ...recordIndexes('enrollments'),
        index('ix_enrollments_class', ['class_sourced_id', 'sourced_id']),
        index('ix_enrollments_school', ['school_sourced_id', 'sourced_id']),
        index('ix_enrollments_user', ['user_sourced_id', 'sourced_id']),
      ],
    );
    await create(
      'demographics',
      [
        ...record(),
        c.string('birth_date', 10, nullable),
        c.string('sex', 16, nullable),
        c.boolean('american_indian_or_alaska_native', nullable),
        c.boolean('asian', nullable),
        c.boolean('black_or_african_american', nullable),
        c.boolean('native_hawaiian_or_other_pacific_islander', nullable),
        c.boolean('white', nullable),
        c.boolean('demographic_race_two_or_more_races', nullable),
        c.boolean('hispanic_or_latino_ethnicity', nullable),
        c.string('country_of_birth_code', 255, nullable),
        c.string('state_of_birth_abbreviation', 255, nullable),
        c.string('city_of_birth', 255, nullable),
        c.string('public_school_residence_status', 255, nullable),
      ],
      recordIndexes('demographics'),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'demographics',
      'enrollments',
      'user_agents',
      'user_orgs',
      'users',
      'class_terms',
      'classes',
      'courses',
      'academic_sessions',
      'orgs',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
