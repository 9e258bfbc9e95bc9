import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { Logger } from 'pino';
import { DataSource, In, MoreThan } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PINO_LOGGER } from '../logging/logging.module';
import { PhaseTimer } from '../logging/phase-timer';
import { chunks } from '../oneroster/query/batches';
import { Publisher } from '../publication/publisher.service';
import { analyzeTables, refreshPlannerStatistics, vacuumTables } from '../database/planner-statistics';
import { DeferredIndexes } from '../database/deferred-indexes';
import { withPageCache } from '../database/page-cache';
import { applyFile, restamp } from './apply';
import { findFeedCollisions } from './feed-check';
import { acquireImportLock, ImportUsageError } from './import-lock';
import { DEFAULT_FEED } from '../oneroster/rostering-record';
import { APPLY_TARGETS, tablesOf } from './apply-targets';
import { BundleSource, openBundle } from './bundle-source';
import { findDuplicateSourcedIds } from './duplicate-check';
import { ImportProblem, ProblemList } from './import-problem';
import { ImportRecordEntity } from './import-record.entity';
import { ImportReferenceEntity } from './import-reference.entity';
import { FileSummary, ImportOptions, ImportReport } from './import-report';
import { ImportRunEntity } from './import-run.entity';
import { FileMode, IGNORED_FILES, Manifest, readManifest, ROSTER_FILES, RosterFile } from './manifest';
import { RemovalDiff, RemovalGuard } from './removal-guard';
import { findRun } from './imports.service';
import { AppConfig } from '../config/app-config';
import { readFile } from './read-file';
import { FILE_SPECS } from './readers';
import { DanglingReference, findDanglingReferences } from './reference-check';
import { writeRejectedCsv } from './rejected-csv';
import { looksLikeSdsV2 } from './sds-v2';
import { clearStaging, rejectedType, StagingWriter } from './staging';
import { stageWithKeyIndexAfter } from './staging-index';
import { TextFormTap } from './text-form';

/**
 * SQLite's page cache while the checks, the apply transaction and the tenants' refresh run (they
 * look rows up across the whole board): a sixth of the import's 400 MB memory budget.
 */
const IMPORT_PAGE_CACHE_MB = 64;

/** Thrown inside the apply's transaction to roll it back: a dry run, or an import the guard holds. */
class NotPublished extends Error {}

const FEED_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A feed names one SIS export, e.g. `brugge`; the default feed when an import names none. */
const feedOf = (options: ImportOptions) => options.feed ?? DEFAULT_FEED;

function checkFeedName(feed: string) {
  if (!FEED_NAME.test(feed))
    throw new ImportUsageError(`feed '${feed}': use 1-64 characters a-z, 0-9 and -, starting with a letter or digit`);
}

const APPLIED_TABLES = Object.values(APPLY_TARGETS).flatMap(tablesOf);

/** Whether the apply changed a record (a re-import of the same bundle does not: readers keep what they remembered). */
function changedRecords(report: ImportReport): boolean {
  return Object.values(report.files).some(
    (file) => (file.inserted ?? 0) + (file.updated ?? 0) + (file.deleted ?? 0) > 0,
  );
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
  ) {}

  /**
   * One import at a time per deployment (ImportRunningError for a second). A run that a dead process left
   * behind is closed first: its staging rows cleared, its state failed.
   */
  async importBundle(source: string, options: ImportOptions = {}): Promise<ImportReport> {
    checkFeedName(feedOf(options));
    const lock = await acquireImportLock(this.dataSource);
    try {
      await this.closeAbandonedRuns(options.now ?? (() => new Date()));
      return await this.importLocked(source, options);
    } finally {
      await lock.release();
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

  private async importLocked(source: string, options: ImportOptions): Promise<ImportReport> {
    const bundle = await openBundle(source);
    const now = options.now ?? (() => new Date());
    const run = await this.dataSource.getRepository(ImportRunEntity).save({
      id: randomUUID(),
      source: bundle.description.slice(0, 1000),
      feed: feedOf(options),
      state: 'staging',
      startedAt: now().toISOString(),
      finishedAt: null,
      summary: null,
    });
    const report: ImportReport = {
      importId: run.id,
      applied: false,
      files: {},
      errors: [],
      errorCount: 0,
      warnings: [],
    };
    const errors = new ProblemList();
    const timer = new PhaseTimer();
    try {
      const manifest = await this.readManifest(bundle, errors, report.warnings);
      if (manifest)
        await stageWithKeyIndexAfter(
          this.dataSource,
          run.id,
          () => this.stageFiles(bundle, manifest, report, errors, options, timer),
          timer,
        );
      await timer.time('staging statistics', () =>
        refreshPlannerStatistics(this.dataSource.manager, [ImportRecordEntity, ImportReferenceEntity]),
      );
      if (manifest) {
        await timer.time('checks', () =>
          withPageCache(this.dataSource.manager, IMPORT_PAGE_CACHE_MB, () =>
            this.checkStaged(run.id, manifest, report, errors, options),
          ),
        );
      }
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
      return report;
    } catch (error) {
      await this.close(run.id, { state: 'failed', finishedAt: now().toISOString() });
      throw error;
    } finally {
      await bundle.close();
    }
  }

  private async readManifest(
    bundle: BundleSource,
    errors: ProblemList,
    warnings: ImportProblem[],
  ): Promise<Manifest | null> {
    if (!bundle.names.includes('manifest.csv')) {
      const reason = (await looksLikeSdsV2(bundle))
        ? "missing: this looks like an SDS v2 CSV set (Microsoft's own format: no manifest.csv, no status/dateLastModified columns), not a OneRoster 1.1 bundle; export OneRoster 1.1 CSV from the SIS instead"
        : 'missing: a OneRoster 1.1 bundle starts with manifest.csv';
      errors.add({ file: 'manifest.csv', line: 0, reason }, 'file');
      return null;
    }
    const textForm = new TextFormTap();
    const manifest = readManifest(await text((await bundle.open('manifest.csv')).pipe(textForm)), bundle.names);
    manifest.problems.forEach((p) => errors.add(p, 'file'));
    const textWarning = textForm.warning('manifest.csv');
    if (textWarning) warnings.push(textWarning);
    for (const name of bundle.names) {
      const base = name.replace(/\.csv$/, '');
      if (IGNORED_FILES.includes(base))
        warnings.push({ file: name, line: 0, reason: 'gradebook/resources file ignored by a rostering provider' });
      else if (name !== 'manifest.csv' && !(ROSTER_FILES as readonly string[]).includes(base)) {
        warnings.push({ file: name, line: 0, reason: 'not a OneRoster 1.1 file; ignored' });
      }
    }
    return manifest;
  }

  private async stageFiles(
    bundle: BundleSource,
    manifest: Manifest,
    report: ImportReport,
    errors: ProblemList,
    options: ImportOptions,
    timer: PhaseTimer,
  ) {
    for (const file of ROSTER_FILES) {
      const mode = manifest.modes[file];
      if (mode === 'absent' || !bundle.names.includes(`${file}.csv`)) continue;
      const totalBytes = bundle.size(`${file}.csv`);
      const result = await timer.time(`staging ${file}`, () =>
        this.dataSource.transaction(async (manager) =>
          readFile({
            spec: FILE_SPECS[file],
            mode,
            stream: await bundle.open(`${file}.csv`),
            staging: new StagingWriter(manager, report.importId),
            errors,
            warnings: report.warnings,
            onRow: (bytes) =>
              options.onProgress?.({ file: `${file}.csv`, rows: 0, bytes, totalBytes, phase: 'reading' }),
          }),
        ),
      );
      const { hasHeader, ...counts } = result;
      report.files[file] = { mode, ...counts };
      if (mode === 'bulk' && hasHeader && result.rows === 0) {
        errors.add(
          {
            file: `${file}.csv`,
            line: 2,
            reason:
              'a bulk file with no data rows would mark every stored record tobedeleted; declare it absent instead',
          },
          'file',
        );
      }
    }
  }

  /** Duplicates and dangling references; with skipInvalid the rows at fault (and what depends on them) are set aside. */
  private async checkStaged(
    importId: string,
    manifest: Manifest,
    report: ImportReport,
    errors: ProblemList,
    options: ImportOptions,
  ) {
    options.onProgress?.({ file: '', rows: 0, bytes: 0, totalBytes: 0, phase: 'checking' });
    const manager = this.dataSource.manager;
    const reject = async (problems: DanglingReference[]) => {
      problems.forEach(({ entityType: _type, ...problem }) => errors.add(problem));
      if (options.skipInvalid) await this.setAside(importId, problems, report);
    };
    await reject(await findDuplicateSourcedIds(manager, importId));
    await reject(await findFeedCollisions(manager, { importId, feed: feedOf(options) }));
    for (let round = 0; round < 20; round++) {
      const dangling = await findDanglingReferences(manager, importId, manifest.modes, !options.skipInvalid);
      await reject(dangling);
      if (!options.skipInvalid || dangling.length === 0) break;
    }
  }

  private async setAside(importId: string, problems: DanglingReference[], report: ImportReport) {
    const byType = new Map<string, number[]>();
    for (const p of problems) byType.set(p.entityType, [...(byType.get(p.entityType) ?? []), p.line]);
    for (const [entityType, lines] of byType) {
      const unique = [...new Set(lines)];
      for (const chunk of chunks(unique)) {
        await this.dataSource
          .getRepository(ImportRecordEntity)
          .update({ importId, entityType, line: In(chunk) }, { entityType: rejectedType(entityType) });
      }
      const file = FILE_SPECS[ROSTER_FILES.find((f) => FILE_SPECS[f].entityType === entityType)!].file;
      if (report.files[file]) report.files[file].rejected += unique.length;
    }
  }

  /**
   * Applies the staged rows and publishes them in one transaction. The guard's diff is taken after the apply,
   * with the tenants' scopes as they were: a dry run stops there, and so does an import the guard holds, unless
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
    const provisional = `pending:${importId}`.slice(0, 24);
    const guard = new RemovalGuard(this.config.importGuard);
    try {
      await this.dataSource.transaction((manager) =>
        withPageCache(manager, IMPORT_PAGE_CACHE_MB, async () => {
          const before = await timer.time('guard counts', () => guard.activeBefore(manager));
          const deferred = new DeferredIndexes(manager);
          for (const file of ROSTER_FILES) {
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
                applyFile(manager, { importId, feed: feedOf(options) }, FILE_SPECS[file], mode, provisional),
              ),
            );
          }
          const stamp = now().toISOString();
          await timer.time('restamping', () => restamp(manager, provisional, stamp));
          report.diff = await timer.time('guard diff', () => guard.diff(manager, before, stamp));
          if (approved && JSON.stringify(report.diff) !== JSON.stringify(approved))
            throw new ImportUsageError(
              `import ${importId} would now retire other records than its diff showed (a tenant changed since): discard it and import again`,
            );
          if (options.dryRun || (report.diff.held && !approved)) throw new NotPublished();
          // After the restamp: on PostgreSQL each restamped row is a new row version, with an entry in every index.
          await timer.time('building indexes', () => deferred.build());
          await timer.time('statistics', () => analyzeTables(manager, APPLIED_TABLES));
          // New schools, sites and terms join the scopes that cover them, in this same transaction.
          options.onProgress?.({ file: '', rows: 0, bytes: 0, totalBytes: 0, phase: 'publishing' });
          await this.publisher.publishIn(manager, { dataChanged: changedRecords(report), timer, stamp });
        }),
      );
    } catch (error) {
      if (!(error instanceof NotPublished)) throw error;
      if (options.dryRun) report.dryRun = true;
      else report.held = true;
      return;
    }
    report.applied = true;
    // VACUUM cannot run in a transaction; it only spares the first sweep setting every fresh row's hint bits.
    await timer.time('vacuum', () => vacuumTables(this.dataSource.manager, APPLIED_TABLES));
  }

  private async finish(run: ImportRunEntity, report: ImportReport, now: () => Date, timer: PhaseTimer) {
    const state = report.applied ? 'applied' : report.held ? 'held' : report.dryRun ? 'dry-run' : 'rejected';
    const summary = {
      files: report.files,
      errors: report.errorCount,
      warnings: report.warnings.length,
      ...(report.diff && { diff: report.diff }),
    };
    const outcome = { state, finishedAt: now().toISOString(), summary } as const;
    // A held import keeps its staging rows: `imports approve` publishes them as they are.
    if (report.held) await this.dataSource.getRepository(ImportRunEntity).update(run.id, outcome);
    else await timer.time('staging cleared', () => this.close(run.id, outcome));
    report.phaseSeconds = timer.entries();
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
      if (run.state !== 'held') throw new ImportUsageError(`import ${id} is ${run.state}, not held`);
      const runs = this.dataSource.getRepository(ImportRunEntity);
      if (await runs.existsBy({ state: 'applied', finishedAt: MoreThan(run.finishedAt ?? '') }))
        throw new ImportUsageError(
          `import ${id} was held before another import was published, so its diff no longer holds: discard it and import again`,
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
