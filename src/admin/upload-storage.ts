import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

type Done = (error: Error | null, info?: { path: string; size: number }) => void;

/**
 * A multer storage engine that streams each file of a multipart push to `folder`, made when the first file arrives
 * (multer's own disk storage would make its folder when the app starts, in a read-only image too).
 */
export function lazyDiskStorage(folder: string) {
  return {
    _handleFile(_req: unknown, file: { stream: Readable }, done: Done) {
      const path = join(folder, randomUUID());
      mkdir(folder, { recursive: true })
        .then(() => pipeline(file.stream, createWriteStream(path)))
        .then(() => stat(path))
        .then(
          ({ size }) => done(null, { path, size }),
          (error: Error) => done(error),
        );
    },
    _removeFile(_req: unknown, file: { path: string }, done: (error: Error | null) => void) {
      rm(file.path, { force: true }).then(() => done(null), done);
    },
  };
}
