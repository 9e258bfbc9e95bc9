import { parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { BundleSource } from './bundle-source';

/** Files only Microsoft's SDS v2/v2.1 CSV format has. */
const SDS_ONLY_FILES = ['roles.csv', 'relationships.csv', 'userFlags.csv'];
const SHARED_NAMES = ['orgs.csv', 'users.csv', 'classes.csv', 'enrollments.csv', 'academicSessions.csv', 'courses.csv'];

async function headerOf(bundle: BundleSource, name: string): Promise<string[]> {
  const stream = await bundle.open(name);
  try {
    for await (const record of pipeline(stream, parse({ bom: true, relax_column_count: true }), () => undefined)) {
      return (record as string[]).map((column) => column.trim());
    }
    return [];
  } finally {
    stream.destroy();
  }
}

/**
 * A bundle without manifest.csv that is an SDS v2 CSV set: it has an SDS-only file, or a data file
 * named as in OneRoster whose header lacks dateLastModified (every OneRoster 1.0/1.1 file has it).
 */
export async function looksLikeSdsV2(bundle: BundleSource): Promise<boolean> {
  if (SDS_ONLY_FILES.some((name) => bundle.names.includes(name))) return true;
  for (const name of SHARED_NAMES.filter((n) => bundle.names.includes(n))) {
    if (!(await headerOf(bundle, name)).includes('dateLastModified')) return true;
  }
  return false;
}
