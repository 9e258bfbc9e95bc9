import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AfterQueryEvent, EntitySubscriberInterface } from 'typeorm';

interface RequestStatements {
  readonly requestId: string;
  count: number;
}

/**
 * Benchmark instrumentation, on only when BENCH_SQL_LOG names a file (scripts/bench.ts): counts
 * each HTTP request's SQL statements into an `X-Sql-Statements` response header and appends one
 * JSON line per statement (request id, milliseconds, SQL) to the file.
 */
export class StatementCounter implements EntitySubscriberInterface {
  private readonly requests = new AsyncLocalStorage<RequestStatements>();

  constructor(private readonly logFile: string) {}

  afterQuery(event: AfterQueryEvent): void {
    const request = this.requests.getStore();
    if (!request) return;
    request.count++;
    const line = { request: request.requestId, ms: event.executionTime ?? 0, sql: compactSql(event.query) };
    appendFileSync(this.logFile, `${JSON.stringify(line)}\n`);
  }

  /** Express middleware: the statements run while handling the request are counted for it. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const request: RequestStatements = { requestId: String(req.headers['x-request-id'] ?? ''), count: 0 };
    const writeHead = res.writeHead;
    // The header must be set before the head is written, and only then are all statements done.
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (!this.headersSent) this.setHeader('X-Sql-Statements', String(request.count));
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['writeHead'];
    this.requests.run(request, next);
  };
}

/** SQL on one line, with each list of bound parameters (an IN list of a page's ids) folded to `…`. */
function compactSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/(\?|\$\d+|@\d+)(, ?(\?|\$\d+|@\d+))+/g, '…');
}
