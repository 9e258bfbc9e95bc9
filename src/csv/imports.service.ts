import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { acquireImportLock, ImportUsageError } from './import-lock';
import { ImportRunEntity, ImportRunState } from './import-run.entity';
import { RemovalDiff } from './removal-guard';
import { clearStaging } from './staging';

/** An import's state in the admin API's words: running is staging, published is applied, failed includes rejected. */
export type ImportStatus = 'queued' | 'running' | 'held' | 'published' | 'failed' | 'discarded' | 'dry-run';

const STATUS: Record<ImportRunState, ImportStatus> = {
  queued: 'queued',
  staging: 'running',
  held: 'held',
  applied: 'published',
  rejected: 'failed',
  failed: 'failed',
  discarded: 'discarded',
  'dry-run': 'dry-run',
};

export type ImportView = Omit<ImportRunEntity, 'uploadPath'> & {
  status: ImportStatus;
  /** What the import would take (held, dry run) or took (applied) from each tenant's view. */
  diff?: RemovalDiff;
};

const RECENT = 100;

/** The history of imports, and the held ones a person decides on. */
@Injectable()
export class ImportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<ImportView[]> {
    const runs = await this.dataSource
      .getRepository(ImportRunEntity)
      .find({ order: { startedAt: 'DESC', queuedAt: 'DESC' }, take: RECENT });
    return runs.map(viewOf);
  }

  async show(id: string): Promise<ImportView> {
    return viewOf(await findRun(this.dataSource, id));
  }

  /** A held or queued import is dropped: its staging rows go, nothing of it was or will be published. */
  async discard(id: string, now = new Date()): Promise<void> {
    const lock = await acquireImportLock(this.dataSource);
    try {
      const run = await findRun(this.dataSource, id);
      if (run.state !== 'held' && run.state !== 'queued')
        throw new ImportUsageError(`import ${id} is ${run.state}, not held`, 'conflict');
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(ImportRunEntity).update(id, { state: 'discarded', finishedAt: now.toISOString() });
        await clearStaging(manager, id);
      });
    } finally {
      await lock.release();
    }
  }
}

export async function findRun(dataSource: DataSource, id: string): Promise<ImportRunEntity> {
  const run = await dataSource.getRepository(ImportRunEntity).findOneBy({ id });
  if (!run) throw new ImportUsageError(`no import '${id}' (see: imports list)`, 'not-found');
  return run;
}

function viewOf({ uploadPath: _upload, ...run }: ImportRunEntity): ImportView {
  const diff = run.summary?.diff as RemovalDiff | undefined;
  return { ...run, status: STATUS[run.state], ...(diff && { diff }) };
}
