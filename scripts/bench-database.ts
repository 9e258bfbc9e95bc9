import { join } from 'node:path';

// Both drivers ship without type declarations; these are the few calls the benchmark makes.
interface SqliteConnection {
  prepare(sql: string): { all(params: object): unknown[] };
  close(): void;
}
interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite = require('better-sqlite3') as new (file: string, options: { readonly: boolean }) => SqliteConnection;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };

export type Row = Record<string, unknown>;

/** The benchmark's fresh database: its DATABASE_URL, and a plain driver connection for the baseline. */
export interface BenchDatabase {
  readonly kind: 'sqlite' | 'postgres';
  readonly url: string;
  /** Runs one read query; `:name` binds params[name]; `AGG(x)` is the dialect's comma-joining aggregate. */
  query(sql: string, params: Record<string, string>): Promise<Row[]>;
  /** Closes connections and, for PostgreSQL, drops the database unless asked to keep it. */
  dispose(keep?: boolean): Promise<void>;
}

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createDatabase(
  kind: 'sqlite' | 'postgres',
  workDir: string,
  name: string,
): Promise<BenchDatabase> {
  return kind === 'sqlite'
    ? sqliteDatabase(join(workDir, `${name}.sqlite`))
    : postgresDatabase(`bench_${process.pid}_${name.replace(/\W/g, '_')}`);
}

function sqliteDatabase(file: string): BenchDatabase {
  let db: SqliteConnection | undefined;
  return {
    kind: 'sqlite',
    url: `sqlite:${file}`,
    query: async (sql, params) => {
      db ??= new Sqlite(file, { readonly: true });
      return db.prepare(sql.replace(/AGG\(([^()]*)\)/g, 'group_concat($1)')).all(params) as Row[];
    },
    dispose: async () => db?.close(),
  };
}

/** The PostgreSQL server's admin connection: databases created and dropped, and the URL of one. */
export function postgresAdmin() {
  return {
    run: adminQuery,
    urlOf: (name: string) => {
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
}

async function postgresDatabase(name: string): Promise<BenchDatabase> {
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(postgresAdmin().urlOf(name));
  let client: PgClient | undefined;
  return {
    kind: 'postgres',
    url: url.toString(),
    query: async (sql, params) => {
      if (!client) {
        client = new Client({ connectionString: url.toString() });
        await client.connect();
      }
      const keys = Object.keys(params);
      const text = keys
        .reduce((s, key, i) => s.replaceAll(`:${key}`, `$${i + 1}`), sql)
        .replace(/AGG\(([^()]*)\)/g, "string_agg($1, ',')");
      return (
        await client.query(
          text,
          keys.map((key) => params[key]),
        )
      ).rows as Row[];
    },
    dispose: async (keep) => {
      await client?.end();
      if (keep) console.log(`kept database ${url}`);
      else await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
