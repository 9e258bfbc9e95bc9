import { pipeline } from 'node:stream';
import { text } from 'node:stream/consumers';
import { NotTextError, TextDecoding, TextEncoding } from '../csv-text/text-decoding';
import { DataSource, EntityManager } from 'typeorm';
import { PhaseTimer } from '../logging/phase-timer';
import { BundleSource } from './bundle-source';
import { ImportProblem, ProblemList } from './import-problem';
import { ImportOptions, ImportReport } from './import-report';
import { IGNORED_FILES, Manifest, readManifest, ROSTER_FILES, RosterFile } from './manifest';
import { readFile } from './read-file';
import { FILE_SPECS } from './readers';
import { looksLikeSdsV2 } from './sds-v2';
import { stageMissing, StagingWriter } from './staging';
import { APPLY_TARGETS } from './apply-targets';
import { CarriedLines, LineContext, readWhole } from './carried-lines';
import { storedLines } from './stored-lines';
import { StagedTargets } from './staged-targets';
import { writeTransaction } from '../database/write-lock';
import { ImportRecordEntity } from './import-record.entity';
import { TextFormTap } from './text-form';
import { isReferredTo } from './reference-check';

const MAX_MANIFEST_BYTES = 1024 * 1024;

/** The bundle's manifest, with its problems and the files it does not know reported; null without one. */
export async function readBundleManifest(
  bundle: BundleSource,
  errors: ProblemList,
  warnings: ImportProblem[],
  encoding?: TextEncoding,
): Promise<Manifest | null> {
  if (!bundle.names.includes('manifest.csv')) {
    const reason = (await looksLikeSdsV2(bundle))
      ? "missing: this looks like an SDS v2 CSV set (Microsoft's own format: no manifest.csv, no status/dateLastModified columns), not a OneRoster 1.1 bundle; export OneRoster 1.1 CSV from the SIS instead"
      : 'missing: a OneRoster 1.1 bundle starts with manifest.csv';
    errors.add({ file: 'manifest.csv', line: 0, reason }, 'file');
    return null;
  }
  if (bundle.size('manifest.csv') > MAX_MANIFEST_BYTES) {
    errors.add({ file: 'manifest.csv', line: 0, reason: 'larger than 1 MB: a manifest is a few short lines' }, 'file');
    return null;
  }
  const textForm = new TextFormTap();
  let content: string;
  try {
    pipeline(await bundle.open('manifest.csv'), new TextDecoding(encoding), textForm, () => undefined);
    content = await text(textForm);
  } catch (error) {
    // Not text: a problem of the bundle. Anything else (a corrupt zip entry) ends the import as the reader says.
    if (!(error instanceof NotTextError)) throw error;
    errors.add({ file: 'manifest.csv', line: error.line, reason: error.message }, 'file');
    return null;
  }
  const manifest = readManifest(content, bundle.names);
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

/**
 * The files whose unchanged lines an import may carry: orgs and sessions are few, and are read whole for the checks
 * that look at every one of them (an org's type, the org tree).
 */
const CARRIED_FILES: readonly RosterFile[] = ['courses', 'classes', 'users', 'enrollments', 'demographics'];

/** How an import reads its bundle's lines: what their hashes depend on, and whether unchanged ones are carried. */
export interface LineReading {
  context: LineContext;
  carry: boolean;
}

/** One import's reading of its bundle: what it reads, and where it reports what it found. */
export interface BundleStaging {
  bundle: BundleSource;
  manifest: Manifest;
  report: ImportReport;
  options: ImportOptions;
  timer: PhaseTimer;
}

/** Streams each file the manifest names into staging, one transaction per file, counting what it read. */
export async function stageBundleFiles(
  dataSource: DataSource,
  { bundle, manifest, report, options, timer }: BundleStaging,
  errors: ProblemList,
  reading: LineReading,
) {
  const referenceNumbers = { next: 0 };
  const stagedTargets = options.skipInvalid ? undefined : new StagedTargets(options.rememberedTargets);
  for (const file of ROSTER_FILES) {
    const mode = manifest.modes[file];
    if (mode === 'absent' || !bundle.names.includes(`${file}.csv`)) continue;
    const totalBytes = bundle.size(`${file}.csv`);
    const { entityType } = FILE_SPECS[file];
    const result = await timer.time(`staging ${file}`, () =>
      // It reads the stored lines before it stages.
      writeTransaction(dataSource, ImportRecordEntity, async (manager) => {
        const carry =
          reading.carry && mode === 'bulk' && CARRIED_FILES.includes(file)
            ? await carriedLinesOf(
                manager,
                file,
                reading.context,
                stagedTargets && isReferredTo(file) ? (id) => stagedTargets.add(entityType, id, null) : undefined,
              )
            : null;
        const read = await readFile({
          spec: FILE_SPECS[file],
          mode,
          stream: await bundle.open(`${file}.csv`),
          staging: new StagingWriter(manager, report.importId, referenceNumbers, stagedTargets),
          encoding: options.encoding,
          maxLineBytes: reading.context.maxLineBytes,
          carry: carry ?? readWhole(reading.context),
          errors,
          warnings: report.warnings,
          onRow: (bytes) => options.onProgress?.({ file: `${file}.csv`, rows: 0, bytes, totalBytes, phase: 'reading' }),
        });
        if (!carry) return read;
        await stageMissing(manager, report.importId, entityType, carry.missing());
        return { ...read, rows: read.rows + carry.carried, carried: carry.carried };
      }),
    );
    const { hasHeader, ...counts } = result;
    report.files[file] = { mode, ...counts };
    if (mode === 'bulk' && hasHeader && result.rows === 0 && !errors.unreadable) {
      errors.add(
        {
          file: `${file}.csv`,
          line: 2,
          reason: 'a bulk file with no data rows would mark every stored record tobedeleted; declare it absent instead',
        },
        'file',
      );
    }
  }
}

/** The carried lines of a file: null when its feed has no stored record with a line hash, or too many records. */
async function carriedLinesOf(
  manager: EntityManager,
  file: RosterFile,
  context: LineContext,
  onCarried?: (sourcedId: string) => void,
): Promise<CarriedLines | null> {
  const lines = await storedLines(manager, APPLY_TARGETS[file].entity, context.feed);
  return lines && new CarriedLines(context, lines, onCarried);
}
