import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportLimits } from '../config/app-config';
import { BundleSourceError, openBundle } from '../csv/bundle-source';

/** A file of a multipart push, as multer stored it. */
export interface UploadedCsv {
  originalname: string;
  path: string;
  size: number;
}

const BUNDLE_FILE = /^[A-Za-z]+\.csv$/;

const tooLarge = (maxBytes: number) =>
  new PayloadTooLargeException(`the bundle is larger than ${maxBytes / 1024 / 1024} MB (IMPORT_UPLOAD_MAX_MB)`);

/** Counts the bytes through it and fails past `maxBytes`, so an upload never fills the disk. */
function capped(maxBytes: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

/**
 * Where a push's bundle lands in `folder`: an application/zip body streamed to bundle.zip, or the CSV files of a
 * multipart/form-data body (multer stored them) moved in under their own names. Refused before anything is queued:
 * past the size cap, not a zip, a zip bomb or traversal (the same checks as `import`), a file that is not a bundle CSV.
 */
export async function receiveBundle(
  req: Request,
  files: UploadedCsv[] | undefined,
  folder: string,
  limits: ImportLimits & { maxBytes: number },
): Promise<string> {
  await mkdir(folder, { recursive: true });
  try {
    const path = files?.length
      ? await moveCsvFiles(files, folder, limits.maxBytes)
      : await saveZip(req, folder, limits.maxBytes);
    await checkBundle(path, limits);
    return path;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  } finally {
    await Promise.all((files ?? []).map((file) => rm(file.path, { force: true })));
  }
}

async function saveZip(req: Request, folder: string, maxBytes: number): Promise<string> {
  if (!req.is('application/zip') && !req.is('application/x-zip-compressed'))
    throw new UnsupportedMediaTypeException(
      'push a zip as Content-Type: application/zip, or the CSV files as multipart/form-data',
    );
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const path = join(folder, 'bundle.zip');
  await pipeline(req, capped(maxBytes), createWriteStream(path));
  return path;
}

async function moveCsvFiles(files: UploadedCsv[], folder: string, maxBytes: number): Promise<string> {
  if (files.reduce((sum, file) => sum + file.size, 0) > maxBytes) throw tooLarge(maxBytes);
  const names = new Set<string>();
  for (const file of files) {
    if (!BUNDLE_FILE.test(file.originalname) || names.has(file.originalname))
      throw new BadRequestException(
        `'${file.originalname}' is not a bundle file name (manifest.csv, users.csv, …) or is sent twice`,
      );
    names.add(file.originalname);
    await rename(file.path, join(folder, file.originalname));
  }
  return folder;
}

/** Opens the bundle as the import will, so a refused zip is said now, with nothing queued. */
async function checkBundle(path: string, limits: ImportLimits) {
  try {
    await (await openBundle(path, limits)).close();
  } catch (error) {
    if (error instanceof BundleSourceError)
      throw new BundleSourceError(error.message.replaceAll(path, 'the pushed bundle'));
    throw error;
  }
}
