import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import yauzl, { Entry, ZipFile } from 'yauzl';
import { UsageError } from '../usage-error';

/** The files of a bundle, opened one at a time as streams, whether it is a folder or a zip. */
export interface BundleSource {
  readonly description: string;
  /** File names at the bundle root (or inside its single top-level folder). */
  readonly names: readonly string[];
  /** Whether its files can be read twice (no named pipe): the import may then hash the bundle before staging it. */
  readonly rereadable: boolean;
  size(name: string): number;
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

/** A bundle that cannot be opened or read (missing, neither a folder nor a zip, a corrupt zip): the CLI prints one line. */
export class BundleSourceError extends UsageError {}

function unreadable(path: string, error: NodeJS.ErrnoException): BundleSourceError {
  if (error.code === 'ENOENT') return new BundleSourceError(`${path}: no such file or folder`);
  return new BundleSourceError(`${path}: cannot be read (${error.code ?? error.message})`);
}

/**
 * The stream, failing with `toError`'s error when it fails (the reader then names the bundle file), and destroyed when
 * its reader stops early.
 */
function failingAs(stream: Readable, toError: (error: Error) => Error): Readable {
  const out = new PassThrough();
  stream.once('error', (error) => out.destroy(toError(error)));
  out.once('close', () => stream.destroy());
  return stream.pipe(out);
}

async function folderSource(path: string): Promise<BundleSource> {
  let dir = path;
  const list = (folder: string) =>
    readdir(folder, { withFileTypes: true }).catch((e) => Promise.reject(unreadable(folder, e)));
  let entries = await list(dir);
  const folders = entries.filter((e) => e.isDirectory());
  if (!entries.some((e) => e.isFile() && e.name.endsWith('.csv')) && folders.length === 1) {
    dir = join(dir, folders[0].name);
    entries = await list(dir);
  }
  // A named pipe too: a bundle file may be streamed in as it is exported.
  const files = entries.filter((e) => e.isFile() || e.isFIFO());
  const sizes = new Map<string, number>();
  for (const file of files) sizes.set(file.name, (await stat(join(dir, file.name))).size);
  return {
    description: dir,
    names: files.map((f) => f.name),
    rereadable: files.every((f) => f.isFile()),
    size: (name) => sizes.get(name) ?? 0,
    open: async (name) =>
      failingAs(createReadStream(join(dir, name), { highWaterMark: READ_CHUNK }), (error) =>
        unreadable(join(dir, name), error),
      ),
    close: async () => undefined,
  };
}

/** Bytes read from a file at a time: fewer trips to the thread pool than the default 64 KiB (35 MB at 20,000 pupils). */
const READ_CHUNK = 1024 * 1024;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Zip entries at the root, or inside exactly one top-level folder (how some SIS exports zip). */
function bundleEntries(entries: Entry[]): Map<string, Entry> {
  const files = entries.filter((e) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/'));
  const folders = new Set(files.map((e) => (e.fileName.includes('/') ? e.fileName.split('/')[0] : '')));
  const prefix = folders.size === 1 && !folders.has('') ? `${[...folders][0]}/` : '';
  const result = new Map<string, Entry>();
  for (const entry of files) {
    const name = entry.fileName.slice(prefix.length);
    if (!name.includes('/')) result.set(name, entry);
  }
  return result;
}

/** What a zip may hold (IMPORT_MAX_ZIP_FILES, IMPORT_MAX_UNCOMPRESSED_MB, IMPORT_MAX_COMPRESSION_RATIO). */
export interface ZipLimits {
  readonly maxZipFiles: number;
  readonly maxUncompressedBytes: number;
  readonly maxCompressionRatio: number;
}

/**
 * Refuses a zip from its headers, before anything is inflated or staged: too many files, too large once inflated, or
 * compressed more than text ever is (a zip bomb). Inflating then holds each file to the size its header declares
 * (yauzl's validateEntrySizes), so a header that lies stops there.
 */
function checkZipLimits(path: string, entries: Entry[], limits: ZipLimits): void {
  const files = entries.filter((entry) => !entry.fileName.endsWith('/'));
  const refuse = (reason: string) => {
    throw new BundleSourceError(`${path}: ${reason}`);
  };
  if (files.length > limits.maxZipFiles)
    refuse(`holds ${files.length} files, more than ${limits.maxZipFiles} (IMPORT_MAX_ZIP_FILES)`);
  const total = files.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes)
    refuse(
      `inflates to ${megabytes(total)}, more than ${megabytes(limits.maxUncompressedBytes)} (IMPORT_MAX_UNCOMPRESSED_MB)`,
    );
  for (const entry of files) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (ratio > limits.maxCompressionRatio)
      refuse(
        `${entry.fileName} is compressed ${Math.round(ratio)} to 1, more than ${limits.maxCompressionRatio} (IMPORT_MAX_COMPRESSION_RATIO): refused as a zip bomb`,
      );
  }
}

const megabytes = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MB`;

/** Why yauzl cannot open or list a zip: an entry named outside its folder (it refuses "zip slip"), or not a zip. */
function unlistable(path: string, error: Error): BundleSourceError {
  const outside = /^(?:invalid relative path|absolute path): (.*)$/.exec(error.message);
  if (outside)
    return new BundleSourceError(
      `${path}: refused: entry '${outside[1]}' would be unpacked outside the bundle (zip path traversal)`,
    );
  return new BundleSourceError(`${path}: not a readable zip file (${error.message})`);
}

async function zipSource(path: string, limits: ZipLimits): Promise<BundleSource> {
  const zip = await openZip(path).catch((error: Error) => Promise.reject(unlistable(path, error)));
  let listed: Entry[];
  try {
    listed = await listEntries(zip);
  } catch (error) {
    zip.close();
    throw unlistable(path, error as Error);
  }
  try {
    checkZipLimits(path, listed, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
  const entries = bundleEntries(listed);
  const corrupt = (name: string) => (error: Error) =>
    new BundleSourceError(`${path}: ${name} in the zip is corrupt (${error.message})`);
  return {
    description: path,
    names: [...entries.keys()],
    rereadable: true,
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    open: (name) =>
      new Promise((resolve, reject) =>
        zip.openReadStream(entries.get(name)!, (error, stream) =>
          error ? reject(corrupt(name)(error)) : resolve(failingAs(stream, corrupt(name))),
        ),
      ),
    close: async () => zip.close(),
  };
}

/** Opens a bundle given as a folder or a .zip file. */
export async function openBundle(path: string, limits: ZipLimits): Promise<BundleSource> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => Promise.reject(unreadable(path, error)));
  if (info.isDirectory()) return folderSource(path);
  if (!info.isFile() || !basename(path).toLowerCase().endsWith('.zip'))
    throw new BundleSourceError(`${path}: give a folder or a .zip file`);
  return zipSource(path, limits);
}
