import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { DataSource, EntityManager, MoreThan, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PINO_LOGGER } from '../logging/logging.module';
import { Metrics } from '../metrics/metrics';
import { PhaseTimer } from '../logging/phase-timer';
import { Publisher } from '../publication/publisher.service';
import { refreshSchoolYearSpans } from '../publication/roster-spans';
import { analyzeTables, plannedRows, refreshPlannerStatistics, vacuumTables } from '../database/planner-statistics';
import { DeferredIndexes } from '../database/deferred-indexes';
import { shrinkSqliteFile, sqliteFilePages } from '../database/sqlite-file';
import { requireSnapshotReads } from '../database/snapshot-reads';
import { withPageCache } from '../database/page-cache';
import { applyFile } from './apply';
import { checkFeedName, feedOf } from './feed-check';
import { BundleStaging, LineReading, readBundleManifest, stageBundleFiles } from './bundle-reading';
import { carriedReferenceLost } from './carried-references';
import { NotCarriableError } from '../csv-text/line-carrier';
import { writeTransaction } from '../database/write-lock';
import { checkStaged } from './staged-checks';
import { acquireImportLock, ImportNotQueuedError, ImportUsageError } from './import-lock';
import { APPLY_ORDER, APPLY_TARGETS, tablesOf } from './apply-targets';
import { bundleDigest } from './bundle-digest';
import { BundleSource, openBundle } from './bundle-source';
import { ProblemList } from './import-problem';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReferenceEntity } from './import-reference.entity';
import { FileSummary, ImportOptions, ImportReport } from './import-report';
import { ImportRunEntity } from './import-run.entity';
import { FileMode, Manifest, ROSTER_FILES, RosterFile } from './manifest';
import { RemovalDiff, RemovalGuard, sameRemovals } from './removal-guard';
import { findRun } from './imports.service';
import { AppConfig } from '../config/app-config';
import { APP_VERSION } from '../config/app-version';
import { FILE_SPECS } from './readers';
import { writeRejectedCsv } from './rejected-csv';
import { clearStaging } from './staging';
import { stageWithKeyIndexAfter } from './staging-index';

/**
 * SQLite's page cache while the checks, the apply transaction and the tenants' refresh run (they
 * look rows up across the whole board): a sixth of the import's 400 MB memory budget.
 */
const IMPORT_PAGE_CACHE_MB = 64;

/** Rejected rows an import's summary keeps (the CLI prints them, --skip-invalid writes all of them to a CSV). */
const SUMMARY_PROBLEMS = 100;

/** Thrown inside the apply's transaction to roll it back: a dry run, or an import the guard holds. */
class NotPublished extends Error {}

/**
 * The modes in which a file's import depends on the bundle alone: a delta file's references may be found in the
 * database, and so may those to a file declared absent; nothing references enrollments and demographics.
 */
const SELF_CONTAINED: Record<RosterFile, readonly FileMode[]> = {
  orgs: ['bulk'],
  academicSessions: ['bulk'],
  courses: ['bulk'],
  classes: ['bulk'],
  users: ['bulk'],
  enrollments: ['bulk', 'absent'],
  demographics: ['bulk', 'absent'],
};

/**
 * The run of an import, written as it starts: the queued run it is, or a new one. Not `save`, whose read of the row
 * first, in a transaction, could fail on SQLite when another process commits in between (see writeTransaction).
 */
async function startRun(
  dataSource: DataSource,
  queuedId: string | undefined,
  { source, feed, startedAt }: Pick<ImportRunEntity, 'source' | 'feed' | 'startedAt'>,
): Promise<ImportRunEntity> {
  const fields = { source, feed, startedAt, state: 'staging' as const, finishedAt: null, summary: null };
  const runs = dataSource.getRepository(ImportRunEntity);
  const id = queuedId ?? randomUUID();
  if (queuedId === undefined) await runs.insert({ id, ...fields });
  else await runs.update(queuedId, fields);
  return runs.create({ id, ...fields });
}

/** Whether each file's import depends on the bundle alone (see SELF_CONTAINED). */
const selfContained = (manifest: Manifest) =>
  ROSTER_FILES.every((file) => SELF_CONTAINED[file].includes(manifest.modes[file]));

/** The records a file's apply inserted, updated or marked tobedeleted. */
const written = (counts: FileSummary) => (counts.inserted ?? 0) + (counts.updated ?? 0) + (counts.deleted ?? 0);

/** The tables of the files whose apply wrote at least a tenth of their rows: many of the feed's records are fresh. */
function largelyWritten(report: ImportReport) {
  return ROSTER_FILES.filter((file) => {
    const counts = report.files[file];
    return counts && written(counts) > 0 && written(counts) * 10 >= counts.rows;
  }).flatMap((file) => tablesOf(APPLY_TARGETS[file]));
}

/**
 * The tables whose apply wrote at least a tenth of the rows the planner's statistics count in them (PostgreSQL's
 * autoanalyze threshold): a first import or a large change, not the first import of one board among many, whose
 * ANALYZE sampled the other boards' rows again (1.3 s of a 5,000-student board's 9 s, the fifteenth of twenty).
 */
async function staleStatistics(manager: EntityManager, report: ImportReport) {
  const tables: (new () => ObjectLiteral)[] = [];
  for (const file of ROSTER_FILES) {
    const counts = report.files[file];
    if (!counts || written(counts) === 0) continue;
    const target = APPLY_TARGETS[file];
    const rows = await plannedRows(manager, target.entity);
    if (rows === undefined || written(counts) * 10 >= rows) tables.push(...tablesOf(target));
  }
  return tables;
}

/** Whether the apply changed a record (a re-import of the same bundle does not: readers keep what they remembered). */
function changedRecords(report: ImportReport): boolean {
  return Object.values(report.files).some((counts) => written(counts) > 0);
}

/**
 * Imports a OneRoster 1.1 CSV bundle: stage and validate everything, check references in SQL,
 * then apply all of it in one transaction, or nothing (unless skipInvalid).
 */
@Injectable()
export class BundleImporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly publisher: Publisher,
    private readonly config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /**
   * One import at a time per deployment (ImportRunningError for a second). A run that a dead process left
   * behind is closed first: its staging rows cleared, its state failed.
   */
  async importBundle(source: string, options: ImportOptions = {}): Promise<ImportReport> {
    checkFeedName(feedOf(options));
    await requireSnapshotReads(this.dataSource);
    // A wrong path or a refused zip is said at once, whether another import is running or not.
    const bundle = await openBundle(source, this.config.importLimits);
    try {
      const lock = await acquireImportLock(this.dataSource);
      try {
        await this.closeAbandonedRuns(options.now ?? (() => new Date()));
        return await this.importLocked(bundle, options);
      } finally {
        await lock.release();
      }
    } finally {
      await bundle.close();
    }
  }

  /** Runs still staging while this import holds the lock: their process died (killed, or the machine went down). */
  private async closeAbandonedRuns(now: () => Date) {
    const abandoned = await this.dataSource.getRepository(ImportRunEntity).findBy({ state: 'staging' });
    for (const run of abandoned) {
      await this.close(run.id, { state: 'failed', finishedAt: now().toISOString() });
      this.logger.warn({ importId: run.id, startedAt: run.startedAt }, 'import left behind by a process that died');
    }
  }

  /** Under the lock: a queued run is taken once, whichever instance's worker gets to it first. */
  private async takeQueued(importId: string) {
    const run = await findRun(this.dataSource, importId);
    if (run.state !== 'queued') throw new ImportNotQueuedError(`import ${importId} is ${run.state}, not queued`);
  }

  private async importLocked(bundle: BundleSource, options: ImportOptions): Promise<ImportReport> {
    const pagesBefore = await sqliteFilePages(this.dataSource.manager);
    const now = options.now ?? (() => new Date());
    if (options.importId) await this.takeQueued(options.importId);
    const run = await startRun(this.dataSource, options.importId, {
      source: bundle.description.slice(0, 1000),
      feed: feedOf(options),
      startedAt: now().toISOString(),
    });
    const report: ImportReport = {
      importId: run.id,
      applied: false,
      files: {},
      errors: [],
      errorCount: 0,
      warnings: [],
    };
    let errors = new ProblemList();
    const timer = new PhaseTimer();
    try {
      const manifest = await readBundleManifest(bundle, errors, report.warnings, options.encoding);
      if (manifest && (await this.unchangedSincePublished(bundle, run, manifest, report, options, timer))) {
        await this.finish(run, report, now, timer);
        return report;
      }
      if (manifest) errors = await this.stageAndCheck({ bundle, manifest, report, options, timer }, run, errors);
      report.errors = errors.items;
      report.errorCount = errors.count;
      if (errors.count > 0 && options.skipInvalid) {
        report.rejectedCsvPath = options.rejectedCsvPath ?? `rejected-${now().toISOString().replace(/[:.]/g, '-')}.csv`;
        await writeRejectedCsv(report.rejectedCsvPath, errors.items);
      }
      // --skip-invalid sets rows aside, never a whole file: a file-level error stops the import.
      if (manifest && (errors.count === 0 || (options.skipInvalid && errors.fileLevel === 0)))
        await this.apply(run.id, manifest.modes, report, now, options, timer);
      await this.finish(run, report, now, timer);
      // A held import keeps its staging rows for `imports approve`; any other that published nothing gives back its room.
      if (!report.applied && !report.held) await shrinkSqliteFile(this.dataSource.manager, pagesBefore);
      return report;
    } catch (error) {
      await this.close(run.id, { state: 'failed', finishedAt: now().toISOString() });
      await shrinkSqliteFile(this.dataSource.manager, pagesBefore);
      throw error;
    }
  }

  /**
   * Stages the bundle and checks it, carrying the lines its feed's stored records were read from when the bundle is
   * self-contained, nothing is wrong with its manifest and no row may be set aside (see CarriedLines). A carrying read
   * that meets anything out of the ordinary (an error, a duplicate, a carried row whose target left) is given up, and
   * the bundle is read again whole: then every check sees every row and reports as it always did. Returns the problems.
   */
  private async stageAndCheck(staging: BundleStaging, run: ImportRunEntity, errors: ProblemList): Promise<ProblemList> {
    const { manifest, report, options, timer } = staging;
    const context = {
      version: APP_VERSION,
      feed: run.feed,
      modes: manifest.modes,
      encoding: options.encoding ?? null,
      maxLineBytes: this.config.importLimits.maxLineBytes,
    };
    if (errors.count === 0 && !options.skipInvalid && selfContained(manifest)) {
      const warnings = report.warnings.length;
      if (await this.stagedAndChecked(staging, run, errors, { context, carry: true })) return errors;
      this.logger.info({ importId: run.id }, 'carried lines given up: the bundle is read again whole');
      await timer.time('staging cleared', () => clearStaging(this.dataSource.manager, run.id));
      report.files = {};
      report.warnings.length = warnings;
      errors = new ProblemList();
    }
    await this.stagedAndChecked(staging, run, errors, { context, carry: false });
    return errors;
  }

  /** False when a carrying read was given up. */
  private async stagedAndChecked(
    staging: BundleStaging,
    run: ImportRunEntity,
    errors: ProblemList,
    reading: LineReading,
  ): Promise<boolean> {
    const { manifest, report, options, timer } = staging;
    try {
      await stageWithKeyIndexAfter(
        this.dataSource,
        run.id,
        () => stageBundleFiles(this.dataSource, staging, errors, reading),
        timer,
      );
    } catch (error) {
      if (reading.carry && error instanceof NotCarriableError) return false;
      throw error;
    }
    await timer.time('staging statistics', () =>
      refreshPlannerStatistics(this.dataSource.manager, [ImportRecordEntity, ImportReferenceEntity]),
    );
    // A file that could not be read on (its encoding, a line past the limit) leaves the checks nothing true to say.
    if (!errors.unreadable) {
      await timer.time('checks', () =>
        withPageCache(this.dataSource.manager, IMPORT_PAGE_CACHE_MB, () =>
          checkStaged(this.dataSource, run.id, manifest, report, errors, options),
        ),
      );
    }
    // A file that could not be read on is reported as a whole read would (its rows carried had no error): the import
    // is refused either way, and its source is not read a second time (it may be a stream).
    if (!reading.carry || errors.unreadable) return true;
    if (errors.count > 0) return false;
    const identity = { importId: run.id, feed: run.feed };
    return !(await timer.time('carried references', () =>
      carriedReferenceLost(this.dataSource.manager, identity, report),
    ));
  }

  /**
   * A bundle byte for byte the one its feed's last published import read, with the same options, when that import
   * found no error: staging it would find every row unchanged, so nothing is staged, written or published and every
   * dateLastModified stays (the nightly export of a quiet day). Only when no file is read in delta mode and every file
   * that others reference is bulk: then no check looks at the database, whose other feeds may have changed since.
   */
  private async unchangedSincePublished(
    bundle: BundleSource,
    run: ImportRunEntity,
    manifest: Manifest,
    report: ImportReport,
    options: ImportOptions,
    timer: PhaseTimer,
  ): Promise<boolean> {
    if (!selfContained(manifest)) return false;
    const shapedBy = { feed: run.feed, skipInvalid: !!options.skipInvalid, encoding: options.encoding ?? null };
    const digest = await timer.time('bundle digest', () =>
      bundleDigest(bundle, { ...shapedBy, limits: this.config.importLimits, version: APP_VERSION }),
    );
    if (!digest) return false;
    const runs = this.dataSource.getRepository(ImportRunEntity);
    await runs.update(run.id, { bundleDigest: digest });
    const last = await runs.findOne({ where: { feed: run.feed, state: 'applied' }, order: { finishedAt: 'DESC' } });
    const summary = last?.summary as
      { files: Record<string, FileSummary>; errors: number; unchangedSince?: string } | undefined;
    if (!last || last.bundleDigest !== digest || !summary || summary.errors > 0) return false;
    report.files = Object.fromEntries(
      Object.entries(summary.files).map(([file, { mode, rows }]) => [
        file,
        { mode, rows, rejected: 0, inserted: 0, updated: 0, unchanged: rows, deleted: 0, skipped: 0 },
      ]),
    );
    report.unchangedSince = summary.unchangedSince ?? last.id;
    if (options.dryRun) report.dryRun = true;
    else report.applied = true;
    return true;
  }

  /**
   * Applies the staged rows and publishes them in one transaction. The guard's diff is taken after the publication,
   * inside the transaction: a dry run stops there, and so does an import the guard holds, unless
   * it is the approval of a held import whose diff is still `approved`. Stopping rolls everything back.
   */
  private async apply(
    importId: string,
    modes: Record<RosterFile, FileMode>,
    report: ImportReport,
    now: () => Date,
    options: ImportOptions,
    timer: PhaseTimer,
    approved?: RemovalDiff,
  ) {
    const guard = new RemovalGuard(this.config.importGuard);
    try {
      // The guard reads before the apply writes.
      await writeTransaction(this.dataSource, ImportRecordEntity, (manager) =>
        withPageCache(manager, IMPORT_PAGE_CACHE_MB, async () => {
          const before = await timer.time('guard counts', () => guard.activeBefore(manager));
          // Taken once the write lock is held: every record the import writes carries it. It is earlier than the
          // commit, as every publication's writes are: the publication's window covers readers in between.
          const stamp = now().toISOString();
          const deferred = new DeferredIndexes(manager);
          for (const file of APPLY_ORDER) {
            const mode = modes[file];
            if (mode === 'absent' || !report.files[file]) continue;
            options.onProgress?.({
              file: `${file}.csv`,
              rows: report.files[file].rows,
              bytes: 0,
              totalBytes: 0,
              phase: 'applying',
            });
            await deferred.dropIfEmpty(tablesOf(APPLY_TARGETS[file]));
            Object.assign(
              report.files[file],
              await timer.time(`applying ${file}`, () =>
                applyFile(manager, { importId, feed: feedOf(options) }, FILE_SPECS[file], {
                  mode,
                  stamp,
                  carried: report.files[file].carried,
                  filled: deferred.filled,
                }),
              ),
            );
          }
          const dataChanged = changedRecords(report);
          if (dataChanged)
            await timer.time('school-year spans', () =>
              refreshSchoolYearSpans(manager, { at: stamp, filled: deferred.filled }),
            );
          // After the spans: on PostgreSQL each row they update is a new row version, with an entry in every index.
          await timer.time('building indexes', () => deferred.build());
          // Only where the statistics moved: a nightly 1% re-analysed every table, 0.47 s on PostgreSQL at 20,000 students.
          await timer.time('statistics', async () => analyzeTables(manager, await staleStatistics(manager, report)));
          // New schools, sites and terms join the scopes that cover them, in this same transaction.
          options.onProgress?.({ file: '', rows: 0, bytes: 0, totalBytes: 0, phase: 'publishing' });
          const touched = new Set(
            await this.publisher.publishIn(manager, {
              dataChanged,
              timer,
              stamp,
              byImport: true,
              filled: deferred.filled,
            }),
          );
          // After the publication: a record can leave a view by its new scope (see TenantDepartures) as well as retired.
          report.diff = await timer.time('guard diff', () => guard.diff(manager, before, { stamp, touched }));
          await timer.time('guard counts', () => guard.keepCounts(manager, before, touched));
          if (approved && !sameRemovals(report.diff, approved))
            throw new ImportUsageError(
              `import ${importId} would now retire other records than its diff showed (a tenant changed since): discard it and import again`,
              'conflict',
            );
          if (options.dryRun || (report.diff.held && !approved)) throw new NotPublished();
        }),
      );
    } catch (error) {
      if (!(error instanceof NotPublished)) throw error;
      if (options.dryRun) report.dryRun = true;
      else report.held = true;
      return;
    }
    report.applied = true;
    await this.publisher.published(now());
    // VACUUM cannot run in a transaction; it only spares the first sweep setting every fresh row's hint bits, which is
    // worth it where many rows are fresh (a nightly 1% leaves it to autovacuum).
    await timer.time('vacuum', () => vacuumTables(this.dataSource.manager, largelyWritten(report)));
  }

  private async finish(run: ImportRunEntity, report: ImportReport, now: () => Date, timer: PhaseTimer) {
    const state = report.applied ? 'applied' : report.held ? 'held' : report.dryRun ? 'dry-run' : 'rejected';
    const summary = {
      files: report.files,
      errors: report.errorCount,
      warnings: report.warnings.length,
      ...(report.diff && { diff: report.diff }),
      ...(report.unchangedSince && { unchangedSince: report.unchangedSince }),
      // What the admin API shows of a run: its first rejected rows and where its time went.
      problems: report.errors.slice(0, SUMMARY_PROBLEMS),
      phaseSeconds: timer.entries(),
    };
    const outcome = { state, finishedAt: now().toISOString(), summary } as const;
    // A held import keeps its staging rows: `imports approve` publishes them as they are.
    if (report.held) await this.dataSource.getRepository(ImportRunEntity).update(run.id, outcome);
    else await timer.time('staging cleared', () => this.close(run.id, outcome));
    report.phaseSeconds = timer.entries();
    this.metrics?.importFinished({
      state,
      seconds: (Date.parse(outcome.finishedAt) - Date.parse(run.startedAt)) / 1000,
      files: report.files,
      phaseSeconds: report.phaseSeconds,
    });
    this.logger.info(
      { importId: run.id, state, files: report.files, errors: report.errorCount, phaseSeconds: report.phaseSeconds },
      'import finished',
    );
  }

  /**
   * Publishes a held import from its staging rows, exactly as its diff showed: refused when another import has
   * been published since it was held, or when the diff came out otherwise now.
   */
  async approveHeld(id: string, options: Pick<ImportOptions, 'now'> = {}): Promise<ImportReport> {
    const lock = await acquireImportLock(this.dataSource);
    try {
      const run = await findRun(this.dataSource, id);
      if (run.state !== 'held') throw new ImportUsageError(`import ${id} is ${run.state}, not held`, 'conflict');
      const runs = this.dataSource.getRepository(ImportRunEntity);
      if (await runs.existsBy({ state: 'applied', finishedAt: MoreThan(run.finishedAt ?? '') }))
        throw new ImportUsageError(
          `import ${id} was held before another import was published, so its diff no longer holds: discard it and import again`,
          'conflict',
        );
      const { files, diff } = run.summary as { files: Record<string, FileSummary>; diff: RemovalDiff };
      const report: ImportReport = { importId: id, applied: false, files, errors: [], errorCount: 0, warnings: [] };
      const now = options.now ?? (() => new Date());
      const timer = new PhaseTimer();
      const modes = Object.fromEntries(ROSTER_FILES.map((file) => [file, files[file]?.mode ?? 'absent']));
      await this.apply(id, modes as Record<RosterFile, FileMode>, report, now, { feed: run.feed }, timer, diff);
      await this.finish(run, report, now, timer);
      return report;
    } finally {
      await lock.release();
    }
  }

  /** Records how the run ended and clears its staging rows, in one transaction whose first write is the run's. */
  private async close(importId: string, outcome: QueryDeepPartialEntity<ImportRunEntity>) {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(ImportRunEntity).update(importId, outcome);
      await clearStaging(manager, importId);
    });
  }
}
