import { isAbsolute, resolve } from 'node:path';

export type DatabaseType = 'sqlite' | 'postgres' | 'mssql';

export interface DatabaseSettings {
  readonly type: DatabaseType;
  /** sqlite: file path (absolute) */
  readonly path?: string;
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly logging: boolean;
  /** How long one statement may run; 0 or absent: no limit (the CLI's imports and migrations). */
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** PostgreSQL: the operator's session startup options (PGOPTIONS), applied after the service's own. */
  readonly sessionOptions?: string;
}

/**
 * Parses DATABASE_URL: `sqlite:<file>` (relative to the working directory),
 * `postgres://user:pass@host:5432/db?schema=s`, `mssql://user:pass@host:1433/db?encrypt=true`.
 */
export function parseDatabaseUrl(url: string, logging = false): DatabaseSettings {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:data/oneroster.sqlite');
    return { type: 'sqlite', path: isAbsolute(file) ? file : resolve(file), options: {}, logging };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  const type: DatabaseType = protocol === 'mssql' || protocol === 'sqlserver' ? 'mssql' : 'postgres';
  const options = Object.fromEntries(parsed.searchParams.entries());
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw new Error(`DATABASE_URL: ${protocol} URL needs a host`);
  if (!database) throw new Error(`DATABASE_URL: ${protocol} URL needs a database name after the host`);
  return {
    type,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : type === 'mssql' ? 1433 : 5432,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database,
    schema: options.schema,
    options,
    logging,
  };
}
