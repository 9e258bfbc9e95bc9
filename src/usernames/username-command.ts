import { Injectable } from '@nestjs/common';
import { CommandRunner, Option } from 'nest-commander';
import { readFile } from 'node:fs/promises';
import { decodeFile, encodingNamed, TEXT_ENCODINGS, TextEncoding } from '../csv-text/text-decoding';
import { UsageError } from '../usage-error';
import { MatchTarget } from './entra-preview';

export interface UsernameOptions {
  tenant?: string;
  output?: string;
  clearEmpty?: boolean;
  apply?: boolean;
  yes?: boolean;
  json?: boolean;
  encoding?: TextEncoding;
  entra?: string;
  out?: string;
  match?: MatchTarget;
}

/** Every usernames subcommand: --tenant (required) and --json. */
@Injectable()
export abstract class UsernameCommand extends CommandRunner {
  @Option({ flags: '--tenant <id>', description: 'the tenant (school board)' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }

  @Option({
    flags: '--encoding <encoding>',
    description: `the file read is in ${TEXT_ENCODINGS.join(', ')} (default utf-8; UTF-16 with a byte-order mark is recognised)`,
  })
  parseEncoding(value: string): TextEncoding {
    const encoding = encodingNamed(value);
    if (!encoding) throw new UsageError(`--encoding takes ${TEXT_ENCODINGS.join(', ')}, got "${value}"`);
    return encoding;
  }

  protected tenantOf(options: UsernameOptions): string {
    if (!options.tenant) throw new UsageError('--tenant <id> is required');
    return options.tenant;
  }
}

/** The file's bytes, or its text when its encoding is declared (the readers check undeclared bytes as UTF-8). */
export async function readInput(file: string | undefined, encoding?: TextEncoding): Promise<Buffer | string> {
  if (!file) throw new UsageError('give the CSV file to read');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return encoding && encoding !== 'utf-8' ? decodeFile(bytes, encoding) : bytes;
}
