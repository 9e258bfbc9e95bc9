import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema } from './env.schema';
import { DatabaseSettings, parseDatabaseUrl } from './database-url';

export interface AuthSettings {
  readonly tokenLifetimeSeconds: number;
  /** How long a rotated client's previous secret keeps working. */
  readonly rotationGraceSeconds: number;
  /** Failed token requests allowed per client id from one source address in 15 minutes (TOKEN_FAILURES_PER_CLIENT). */
  readonly tokenFailuresPerClientAddress: number;
  /** Failed token requests allowed per source address, any client id, in 15 minutes. */
  readonly tokenFailuresPerAddress: number;
  /** OneRoster API requests allowed per client per minute. */
  readonly requestsPerMinute: number;
}

export interface ImportLimits {
  readonly maxLineBytes: number;
  readonly maxZipFiles: number;
  readonly maxUncompressedBytes: number;
  readonly maxCompressionRatio: number;
}

/** Typed, frozen configuration; the only way code learns about its environment. */
export class AppConfig {
  readonly port: number;
  readonly publicBaseUrl?: string;
  readonly database: DatabaseSettings;
  /** Whether the server runs pending migrations at start (else it refuses a schema it is ahead of). */
  readonly migrationsRun: boolean;
  readonly demoData: boolean;
  readonly maxPageSize: number;
  /** List pages served at once; further list requests wait their turn (memory: a page of 5,000 is megabytes). */
  readonly pagesAtOnce: number;
  /** Pages of a sweep read ahead of its requests at once, on PostgreSQL and SQL Server (see ReadAhead); 0 for none. */
  readonly readAheadPages: number;
  readonly logLevel: string;
  readonly auth: AuthSettings;
  /** What a bundle may be: its longest line, and a zip's files, uncompressed size and compression ratio. */
  readonly importLimits: ImportLimits;
  /** Bundles pushed over the admin API: the folder they wait in, and the largest one taken. */
  readonly uploads: { readonly dir: string; readonly maxBytes: number };
  /** The port of the unauthenticated /metrics listener; undefined: none (GET /metrics needs an admin token). */
  readonly metricsPort?: number;
  /** Whether requests are logged: always, except in a benchmark that measures what the log costs. */
  readonly accessLogOn: boolean;
  /** How long the access log keeps a request (ACCESS_LOG_RETENTION_DAYS). */
  readonly accessLogRetentionDays: number;
  /** When the mass-removal guard holds an import (see RemovalGuard). */
  readonly importGuard: { readonly percent: number; readonly minimum: number };
  /** Express's "trust proxy" setting. */
  readonly trustProxy: boolean | number | string;
  /** Where the benchmark's statement counter logs SQL (BENCH_SQL_LOG); off when undefined. */
  readonly benchSqlLog?: string;

  constructor(env: EnvSchema) {
    this.port = env.PORT;
    this.publicBaseUrl = env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
    this.database = {
      ...parseDatabaseUrl(env.DATABASE_URL, env.DATABASE_LOGGING),
      requestTimeoutMs: env.DATABASE_REQUEST_TIMEOUT_MS,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      sessionOptions: env.PGOPTIONS || undefined,
    };
    this.migrationsRun = env.MIGRATIONS_RUN ?? this.database.type === 'sqlite';
    this.demoData = env.DEMO_DATA;
    this.maxPageSize = env.MAX_PAGE_SIZE;
    this.pagesAtOnce = env.PAGES_AT_ONCE;
    this.readAheadPages = env.READ_AHEAD_PAGES;
    this.logLevel = env.LOG_LEVEL;
    this.benchSqlLog = env.BENCH_SQL_LOG || undefined;
    this.trustProxy =
      env.TRUST_PROXY === 'true'
        ? true
        : env.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(env.TRUST_PROXY)
            ? Number(env.TRUST_PROXY)
            : env.TRUST_PROXY;
    this.importLimits = Object.freeze({
      maxLineBytes: env.IMPORT_MAX_LINE_KB * 1024,
      maxZipFiles: env.IMPORT_MAX_ZIP_FILES,
      maxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
      maxCompressionRatio: env.IMPORT_MAX_COMPRESSION_RATIO,
    });
    this.accessLogRetentionDays = env.ACCESS_LOG_RETENTION_DAYS;
    this.accessLogOn = env.BENCH_ACCESS_LOG === 'on';
    this.metricsPort = env.METRICS_PORT || undefined;
    this.uploads = Object.freeze({ dir: env.IMPORT_UPLOAD_DIR, maxBytes: env.IMPORT_UPLOAD_MAX_MB * 1024 * 1024 });
    this.importGuard = Object.freeze({ percent: env.IMPORT_GUARD_PERCENT, minimum: env.IMPORT_GUARD_MINIMUM });
    this.auth = Object.freeze({
      tokenLifetimeSeconds: env.TOKEN_LIFETIME_SECONDS,
      rotationGraceSeconds: env.SECRET_ROTATION_GRACE_HOURS * 3600,
      tokenFailuresPerClientAddress: env.TOKEN_FAILURES_PER_CLIENT,
      tokenFailuresPerAddress: env.TOKEN_FAILURES_PER_ADDRESS,
      requestsPerMinute: env.API_REQUESTS_PER_MINUTE,
    });
    Object.freeze(this);
  }
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a one-line ConfigError per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new EnvSchema())
      .concat('PUBLIC_BASE_URL', 'MIGRATIONS_RUN')
      .flatMap((key) => {
        const value = env[key];
        return value === undefined || value === '' ? [] : [[key, value]];
      }),
  );
  const parsed = plainToInstance(EnvSchema, known);
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration: ${lines.join(' | ')}`);
  }
  try {
    return new AppConfig(parsed);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${(error as Error).message}`);
  }
}

/** The process environment, with an optional `.env` file in the working directory underneath it. */
export function readEnvironment(): Record<string, string | undefined> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return process.env;
}
