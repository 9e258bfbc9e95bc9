import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';

/** A username review file or an Entra export is a few megabytes; more is not one. */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

/** The body of a text/csv upload (Express parses JSON and forms only), refused past MAX_CSV_BYTES. */
export async function readCsvBody(req: Request): Promise<Buffer> {
  if (!req.is('text/csv') && !req.is('text/plain') && !req.is('application/octet-stream'))
    throw new UnsupportedMediaTypeException('send the file as Content-Type: text/csv');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) {
      req.destroy();
      throw new PayloadTooLargeException(`the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
