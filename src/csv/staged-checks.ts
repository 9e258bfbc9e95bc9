import { DataSource, In } from 'typeorm';
import { chunks } from '../database/batches';
import { findDuplicateSourcedIds } from './duplicate-check';
import { feedOf, findFeedCollisions } from './feed-check';
import { ProblemList } from './import-problem';
import { ImportRecordEntity } from './import-record.entity';
import { ImportOptions, ImportReport } from './import-report';
import { Manifest, ROSTER_FILES } from './manifest';
import { findOrgCycles } from './org-cycle-check';
import { FILE_SPECS } from './readers';
import { DanglingReference, findDanglingReferences } from './reference-check';
import { rejectedType } from './staging';

/**
 * Duplicates, another feed's sourcedIds, org cycles and dangling references; with skipInvalid the rows at fault (and
 * what depends on them) are set aside, in rounds: a row set aside can leave another dangling, and a staged org set aside
 * brings back its stored parent, which can close another cycle.
 */
export async function checkStaged(
  dataSource: DataSource,
  importId: string,
  manifest: Manifest,
  report: ImportReport,
  errors: ProblemList,
  options: ImportOptions,
) {
  options.onProgress?.({ file: '', rows: 0, bytes: 0, totalBytes: 0, phase: 'checking' });
  const manager = dataSource.manager;
  const reject = async (problems: DanglingReference[]) => {
    problems.forEach(({ entityType: _type, ...problem }) => errors.add(problem));
    if (options.skipInvalid) await setAside(dataSource, importId, problems, report);
  };
  await reject(await findDuplicateSourcedIds(manager, importId));
  const identity = { importId, feed: feedOf(options) };
  await reject(await findFeedCollisions(manager, identity, report));
  for (let round = 0; round < 20; round++) {
    const cycles = await findOrgCycles(manager, identity, manifest.modes.orgs);
    await reject(cycles);
    const dangling = await findDanglingReferences(manager, importId, manifest.modes, !options.skipInvalid, {
      feed: identity.feed,
      files: carriedFiles(report),
    });
    await reject(dangling);
    if (!options.skipInvalid || cycles.length + dangling.length === 0) break;
  }
}

/** The files whose apply finds records the import carried rather than staged. */
const carriedFiles = (report: ImportReport) => ROSTER_FILES.filter((file) => Boolean(report.files[file]?.carried));

async function setAside(dataSource: DataSource, importId: string, problems: DanglingReference[], report: ImportReport) {
  const byType = new Map<string, number[]>();
  for (const p of problems) byType.set(p.entityType, [...(byType.get(p.entityType) ?? []), p.line]);
  for (const [entityType, lines] of byType) {
    const unique = [...new Set(lines)];
    for (const chunk of chunks(unique)) {
      await dataSource
        .getRepository(ImportRecordEntity)
        .update({ importId, entityType, line: In(chunk) }, { entityType: rejectedType(entityType) });
    }
    const file = FILE_SPECS[ROSTER_FILES.find((f) => FILE_SPECS[f].entityType === entityType)!].file;
    if (report.files[file]) report.files[file].rejected += unique.length;
  }
}
