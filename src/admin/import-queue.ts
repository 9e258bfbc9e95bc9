import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger } from 'pino';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ImportNotQueuedError, ImportRunningError } from '../csv/import-lock';
import { ImportOptions, ImportReport } from '../csv/import-report';
import { ImportRunEntity } from '../csv/import-run.entity';
import { PINO_LOGGER } from '../logging/logging.module';
import { AdminWriters } from './admin-writers';

/** How often an idle worker looks for runs another instance queued, or waits out a CLI import holding the lock. */
const POLL_MS = 10_000;

/** What a push may ask of its import. */
export type PushOptions = Pick<ImportOptions, 'skipInvalid' | 'dryRun' | 'encoding'>;

/**
 * Pushed imports, run one at a time in the background in the order they were queued: the import lock keeps them one
 * at a time across instances and against the CLI, and each run is taken once (BundleImporter checks it is still queued
 * under the lock). A worker resumes the queue at start, so a push survives a restart.
 */
@Injectable()
export class ImportQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private poll?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly config: AppConfig,
    private readonly writers: AdminWriters,
  ) {}

  /** Approves a held import (POST …/approve), on the writer connection. */
  approve(importId: string): Promise<ImportReport> {
    return this.writers.run(({ importer }) => importer.approveHeld(importId));
  }

  /** Discards a held or queued import and its uploaded bundle (POST …/discard). */
  async discard(importId: string): Promise<void> {
    await this.writers.run(({ imports }) => imports.discard(importId));
    await rm(this.folderOf(importId), { recursive: true, force: true });
  }

  /** The folder a pushed import's bundle waits in until its run is over. */
  folderOf(importId: string): string {
    return resolve(join(this.config.uploads.dir, importId));
  }

  onApplicationBootstrap() {
    this.poll = setInterval(() => this.kick(), POLL_MS).unref();
    this.kick();
  }

  /** Lets the run in progress finish (its transaction commits or rolls back), then stops. */
  async beforeApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.poll);
    await this.running;
  }

  async enqueue(importId: string, feed: string, bundlePath: string, pushedBy: string, options: PushOptions) {
    const now = new Date().toISOString();
    await this.dataSource.getRepository(ImportRunEntity).insert({
      id: importId,
      source: `pushed by ${pushedBy}`,
      feed,
      state: 'queued',
      queuedAt: now,
      startedAt: now,
      finishedAt: null,
      summary: null,
      pushedBy,
      uploadPath: bundlePath,
      options: { ...options, rejectedCsvPath: join(this.folderOf(importId), 'rejected.csv') },
      error: null,
    });
    this.kick();
  }

  /** Starts the worker, or tells the running one to look again when it is done. */
  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'import queue stopped'))
      .finally(() => {
        this.running = undefined;
        if (this.again) this.kick();
      });
  }

  private async drain() {
    while (!this.stopped) {
      this.again = false;
      const next = await this.dataSource
        .getRepository(ImportRunEntity)
        .findOne({ where: { state: 'queued' }, order: { queuedAt: 'ASC', id: 'ASC' } });
      if (!next || !(await this.run(next))) return;
    }
  }

  /** Runs one queued import; false when the lock is busy (the poll tries again). */
  private async run(run: ImportRunEntity): Promise<boolean> {
    const options = (run.options ?? {}) as ImportOptions;
    try {
      const importing = { ...options, feed: run.feed, importId: run.id };
      await this.writers.run(({ importer }) => importer.importBundle(run.uploadPath!, importing));
    } catch (error) {
      if (error instanceof ImportRunningError) return false;
      if (error instanceof ImportNotQueuedError) return true; // another worker has it, or it was discarded
      await this.failed(run.id, error as Error);
    }
    await rm(this.folderOf(run.id), { recursive: true, force: true });
    return true;
  }

  /** Why a run failed: before it started (still queued: its bundle could not be read), or during it. */
  private async failed(importId: string, error: Error) {
    this.logger.warn({ importId, err: error }, 'pushed import failed');
    const runs = this.dataSource.getRepository(ImportRunEntity);
    const why = error.message.replaceAll(this.folderOf(importId), 'the pushed bundle').slice(0, 1000);
    const finishedAt = new Date().toISOString();
    await runs.update({ id: importId, state: 'queued' }, { state: 'failed', error: why, finishedAt });
    await runs.update({ id: importId, error: IsNull() }, { error: why });
  }
}
