import { pipeline } from 'node:stream';
import { text } from 'node:stream/consumers';
import { NotTextError, TextDecoding, TextEncoding } from '../csv-text/text-decoding';
import { DataSource } from 'typeorm';
import { PhaseTimer } from '../logging/phase-timer';
import { BundleSource } from './bundle-source';
import { ImportProblem, ProblemList } from './import-problem';
import { ImportOptions, ImportReport } from './import-report';
import { IGNORED_FILES, Manifest, readManifest, ROSTER_FILES } from './manifest';
import { readFile } from './read-file';
import { FILE_SPECS } from './readers';
import { looksLikeSdsV2 } from './sds-v2';
import { StagingWriter } from './staging';
import { StagedTargets } from './staged-targets';
import { TextFormTap } from './text-form';

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

/** Streams each file the manifest names into staging, one transaction per file, counting what it read. */
export async function stageBundleFiles(
  dataSource: DataSource,
  bundle: BundleSource,
  manifest: Manifest,
  report: ImportReport,
  errors: ProblemList,
  options: ImportOptions,
  timer: PhaseTimer,
  maxLineBytes: number,
) {
  const referenceNumbers = { next: 0 };
  const stagedTargets = options.skipInvalid ? undefined : new StagedTargets();
  for (const file of ROSTER_FILES) {
    const mode = manifest.modes[file];
    if (mode === 'absent' || !bundle.names.includes(`${file}.csv`)) continue;
    const totalBytes = bundle.size(`${file}.csv`);
    const result = await timer.time(`staging ${file}`, () =>
      dataSource.transaction(async (manager) =>
        readFile({
          spec: FILE_SPECS[file],
          mode,
          stream: await bundle.open(`${file}.csv`),
          staging: new StagingWriter(manager, report.importId, referenceNumbers, stagedTargets),
          encoding: options.encoding,
          maxLineBytes,
          errors,
          warnings: report.warnings,
          onRow: (bytes) => options.onProgress?.({ file: `${file}.csv`, rows: 0, bytes, totalBytes, phase: 'reading' }),
        }),
      ),
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
