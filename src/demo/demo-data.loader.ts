import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { BundleImporter } from '../csv/bundle-importer';
import { formatProblem } from '../csv/import-problem';
import { PINO_LOGGER } from '../logging/logging.module';
import { OrgEntity } from '../orgs/org.entity';
import { generateBoard } from './board-generator';

export const DEMO_STUDENTS = 360;
export const DEMO_SEED = 2026;

/** On start, fills an empty database with the demo board (DEMO_DATA=true, the default). */
@Injectable()
export class DemoDataLoader implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly importer: BundleImporter,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    if (await this.dataSource.getRepository(OrgEntity).exists()) return;
    const dir = await mkdtemp(join(tmpdir(), 'oneroster-demo-'));
    try {
      const counts = await generateBoard(dir, { students: DEMO_STUDENTS, seed: DEMO_SEED });
      const report = await this.importer.importBundle(dir);
      if (!report.applied) {
        const first = report.errors.slice(0, 5).map(formatProblem).join('; ');
        throw new Error(`The demo data set did not import (${report.errorCount} errors): ${first}`);
      }
      this.logger.info({ counts }, 'Loaded the demo school board into the empty database (DEMO_DATA=true)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
