import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import yauzl, { Entry, ZipFile } from 'yauzl';

/** The files of a bundle, opened one at a time as streams, whether it is a folder or a zip. */
export interface BundleSource {
  readonly description: string;
  /** File names at the bundle root (or inside its single top-level folder). */
  readonly names: readonly string[];
  size(name: string): number;
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

export class BundleSourceError extends Error {}

async function folderSource(path: string): Promise<BundleSource> {
  let dir = path;
  let entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory());
  if (!entries.some((e) => e.isFile() && e.name.endsWith('.csv')) && folders.length === 1) {
    dir = join(dir, folders[0].name);
    entries = await readdir(dir, { withFileTypes: true });
  }
  // A named pipe too: a bundle file may be streamed in as it is exported.
  const files = entries.filter((e) => e.isFile() || e.isFIFO());
  const sizes = new Map<string, number>();
  for (const file of files) sizes.set(file.name, (await stat(join(dir, file.name))).size);
  return {
    description: dir,
    names: files.map((f) => f.name),
    size: (name) => sizes.get(name) ?? 0,
    open: async (name) => createReadStream(join(dir, name)),
    close: async () => undefined,
  };
}

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

async function zipSource(path: string, limits: ZipLimits): Promise<BundleSource> {
  const zip = await openZip(path);
  const all = await listEntries(zip);
  try {
    checkZipLimits(path, all, limits);
  } catch (error) {
    zip.close();
    throw error;
  }
  const entries = bundleEntries(all);
  return {
    description: path,
    names: [...entries.keys()],
    size: (name) => entries.get(name)?.uncompressedSize ?? 0,
    open: (name) =>
      new Promise((resolve, reject) =>
        zip.openReadStream(entries.get(name)!, (error, stream) => (error ? reject(error) : resolve(stream))),
      ),
    close: async () => zip.close(),
  };
}

/** Opens a bundle given as a folder or a .zip file. */
export async function openBundle(path: string, limits: ZipLimits): Promise<BundleSource> {
  const info = await stat(path).catch(() => {
    throw new BundleSourceError(`${path}: no such file or folder`);
  });
  if (info.isDirectory()) return folderSource(path);
  if (!basename(path).toLowerCase().endsWith('.zip'))
    throw new BundleSourceError(`${path}: give a folder or a .zip file`);
  return zipSource(path, limits).catch((error: Error) => {
    if (error instanceof BundleSourceError) throw error;
    throw new BundleSourceError(`${path}: not a readable zip file (${error.message})`);
  });
}
