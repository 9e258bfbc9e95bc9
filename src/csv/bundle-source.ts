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
  const files = entries.filter((e) => e.isFile());
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

async function zipSource(path: string): Promise<BundleSource> {
  const zip = await openZip(path);
  const entries = bundleEntries(await listEntries(zip));
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
export async function openBundle(path: string): Promise<BundleSource> {
  const info = await stat(path).catch(() => {
    throw new BundleSourceError(`${path}: no such file or folder`);
  });
  if (info.isDirectory()) return folderSource(path);
  if (!basename(path).toLowerCase().endsWith('.zip'))
    throw new BundleSourceError(`${path}: give a folder or a .zip file`);
  return zipSource(path).catch((error: Error) => {
    throw new BundleSourceError(`${path}: not a readable zip file (${error.message})`);
  });
}
