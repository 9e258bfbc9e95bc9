import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

/** The environment variables the service reads, with their defaults. Validated once at start-up. */
export class EnvSchema {
  @IsString()
  @Matches(/^(sqlite:|postgres:\/\/|postgresql:\/\/|mssql:\/\/|sqlserver:\/\/)/, {
    message: 'DATABASE_URL must start with sqlite:, postgres://, postgresql:// or mssql://',
  })
  DATABASE_URL = 'sqlite:data/oneroster.sqlite';

  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    {
      message: 'PUBLIC_BASE_URL must be an absolute http(s) URL such as https://rostering.example.org',
    },
  )
  PUBLIC_BASE_URL?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'DEMO_DATA must be true or false' })
  DEMO_DATA = true;

  @Transform(toInt)
  @IsInt({ message: 'MAX_PAGE_SIZE must be a whole number' })
  @Min(10000, { message: 'MAX_PAGE_SIZE must be at least 10000 (SDS asks for 5000, other clients for 10000)' })
  MAX_PAGE_SIZE = 10000;

  @Transform(toInt)
  @IsInt({ message: 'PAGES_AT_ONCE must be a whole number' })
  @Min(1, { message: 'PAGES_AT_ONCE must be at least 1' })
  PAGES_AT_ONCE = 4;

  @Transform(toInt)
  @IsInt({ message: 'READ_AHEAD_PAGES must be a whole number' })
  @Min(0, { message: 'READ_AHEAD_PAGES must be at least 0 (0 reads no page ahead)' })
  READ_AHEAD_PAGES = 2;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBoolean)
  @IsBoolean({ message: 'DATABASE_LOGGING must be true or false' })
  DATABASE_LOGGING = false;

  /**
   * Run pending migrations at start. Unset: yes on the embedded SQLite file; no on PostgreSQL and SQL Server, where
   * `cli migrate` runs once per deploy and the server refuses to start on a schema it is ahead of.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'MIGRATIONS_RUN must be true or false' })
  MIGRATIONS_RUN?: boolean;

  /** libpq's startup options for PostgreSQL sessions, applied after the service's own (`-c jit=off`). */
  @IsString()
  PGOPTIONS = '';

  /** How long the server's statements may run (PostgreSQL statement_timeout, SQL Server request timeout); 0: no limit. */
  @Transform(toInt)
  @IsInt({ message: 'DATABASE_REQUEST_TIMEOUT_MS must be a whole number' })
  @Min(0)
  DATABASE_REQUEST_TIMEOUT_MS = 30000;

  @Transform(toInt)
  @IsInt({ message: 'DATABASE_CONNECT_TIMEOUT_MS must be a whole number' })
  @Min(1000, { message: 'DATABASE_CONNECT_TIMEOUT_MS must be at least 1000' })
  DATABASE_CONNECT_TIMEOUT_MS = 15000;

  @Transform(toInt)
  @IsInt({ message: 'TOKEN_LIFETIME_SECONDS must be a whole number' })
  @Min(60, { message: 'TOKEN_LIFETIME_SECONDS must be at least 60' })
  @Max(86400, { message: 'TOKEN_LIFETIME_SECONDS must be at most 86400 (one day)' })
  TOKEN_LIFETIME_SECONDS = 3600;

  @Transform(toInt)
  @IsInt({ message: 'SECRET_ROTATION_GRACE_HOURS must be a whole number' })
  @Min(0)
  @Max(2160, { message: 'SECRET_ROTATION_GRACE_HOURS must be at most 2160 (90 days)' })
  SECRET_ROTATION_GRACE_HOURS = 168;

  /**
   * Failed token requests per client id from one source address in 15 minutes; then that client id gets 429
   * from that address, even with its right secret. Other addresses are not affected, so guessing at a known
   * client id cannot lock its rightful client out (docs/operations.md#api-clients).
   */
  @Transform(toInt)
  @IsInt({ message: 'TOKEN_FAILURES_PER_CLIENT must be a whole number' })
  @Min(1)
  TOKEN_FAILURES_PER_CLIENT = 10;

  /**
   * Failed token requests per source address, any client id, in 15 minutes; then that address gets 429 for
   * wrong or unknown credentials. A right secret is still accepted (unless its client id is blocked at that
   * address): guessing from an address a client shares (a proxy, a cloud's outbound addresses) does not lock
   * it out; only failures for its own client id from that address can.
   */
  @Transform(toInt)
  @IsInt({ message: 'TOKEN_FAILURES_PER_ADDRESS must be a whole number' })
  @Min(1)
  TOKEN_FAILURES_PER_ADDRESS = 30;

  @Transform(toInt)
  @IsInt({ message: 'API_REQUESTS_PER_MINUTE must be a whole number' })
  @Min(60, { message: 'API_REQUESTS_PER_MINUTE must be at least 60 (an SDS sweep makes hundreds of requests)' })
  API_REQUESTS_PER_MINUTE = 1200;

  /** An import that would retire more than this share (%) of a tenant's active users, classes or enrollments is held. */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_GUARD_PERCENT must be a whole number' })
  @Min(0)
  @Max(100)
  IMPORT_GUARD_PERCENT = 5;

  /** … and more than this many records: small changes to small boards pass. */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_GUARD_MINIMUM must be a whole number' })
  @Min(0)
  IMPORT_GUARD_MINIMUM = 20;

  /** Longest line (record) of a bundle file: a longer one stops the import at once, whatever its size. */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_LINE_KB must be a whole number' })
  @Min(4)
  IMPORT_MAX_LINE_KB = 64;

  /** A zip bundle's limits, read from its headers before anything is staged and held while inflating. */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_ZIP_FILES must be a whole number' })
  @Min(1)
  IMPORT_MAX_ZIP_FILES = 50;

  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_UNCOMPRESSED_MB must be a whole number' })
  @Min(1)
  IMPORT_MAX_UNCOMPRESSED_MB = 4096;

  @Transform(toInt)
  @IsInt({ message: 'IMPORT_MAX_COMPRESSION_RATIO must be a whole number' })
  @Min(2)
  IMPORT_MAX_COMPRESSION_RATIO = 100;

  /** Where bundles pushed over the admin API wait for their import (a folder per import, removed when it ends). */
  @IsString()
  @Matches(/\S/, { message: 'IMPORT_UPLOAD_DIR must name a folder' })
  IMPORT_UPLOAD_DIR = 'data/uploads';

  /** Largest bundle the admin API takes in one push (the zip, or all CSV files of a multipart push). */
  @Transform(toInt)
  @IsInt({ message: 'IMPORT_UPLOAD_MAX_MB must be a whole number' })
  @Min(1)
  IMPORT_UPLOAD_MAX_MB = 512;

  /** A port of its own for GET /metrics without authentication (for Prometheus on a private network); 0: none. */
  @Transform(toInt)
  @IsInt({ message: 'METRICS_PORT must be a whole number' })
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  /** How long the access log keeps each request (GDPR): older rows are pruned every hour. */
  @Transform(toInt)
  @IsInt({ message: 'ACCESS_LOG_RETENTION_DAYS must be a whole number' })
  @Min(1)
  ACCESS_LOG_RETENTION_DAYS = 400;

  /** Benchmarks only (npm run bench): `off` leaves the access log out, to show what it costs a sweep. */
  @IsIn(['on', 'off'])
  BENCH_ACCESS_LOG = 'on';

  /** Benchmarks only (npm run bench): count each request's SQL statements and log them to this file. */
  @IsString()
  BENCH_SQL_LOG = '';

  /**
   * Express "trust proxy": which proxies' X-Forwarded-For to believe, so that rate limits and logs see
   * the client's address instead of the reverse proxy's. `false` (default), `true`, a hop count or a
   * comma-separated list of addresses/subnets (e.g. `loopback, 10.0.0.0/8`).
   */
  @IsString()
  @Matches(/^(false|true|\d+|[0-9a-fA-F.:/, a-z]+)$/, {
    message: 'TRUST_PROXY must be false, true, a hop count or a list of addresses/subnets',
  })
  TRUST_PROXY = 'false';
}
