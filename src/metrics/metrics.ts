import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Rows of an import by what became of them (the counts of its report). */
const ROW_OUTCOMES = ['inserted', 'updated', 'unchanged', 'deleted', 'rejected'] as const;

/** What an import reports to the metrics: its final state, its files' counts and its phases' wall time. */
export interface ImportMeasures {
  state: string;
  seconds: number;
  files: Record<string, Partial<Record<(typeof ROW_OUTCOMES)[number], number>>>;
  phaseSeconds?: Record<string, number>;
}

/**
 * The Prometheus metrics of one application (a registry of its own, so several apps in one process, as in the tests,
 * never share counters): HTTP requests, imports, token failures; gauges read at scrape time are added by monitoring.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'oneroster_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status (429: over the client request rate)',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'oneroster_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and method',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly tokenFailures = new Counter({
    name: 'oneroster_token_failures_total',
    help: 'Token requests refused for wrong or unknown client credentials',
    registers: [this.registry],
  });

  private readonly imports = new Histogram({
    name: 'oneroster_import_duration_seconds',
    help: 'Wall time of an import that ran to its end, by how it ended (applied, held, rejected, dry-run)',
    labelNames: ['state'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
    registers: [this.registry],
  });

  private readonly importPhases = new Counter({
    name: 'oneroster_import_phase_seconds_total',
    help: 'Wall time spent in each import phase (staging a file, checks, applying a file, publishing, …)',
    labelNames: ['phase'],
    registers: [this.registry],
  });

  private readonly importRows = new Counter({
    name: 'oneroster_import_rows_total',
    help: 'Rows of imported files by file and outcome (inserted, updated, unchanged, deleted, rejected)',
    labelNames: ['file', 'outcome'],
    registers: [this.registry],
  });

  private readonly pagesReadAhead = new Counter({
    name: 'oneroster_pages_read_ahead_total',
    help: 'Pages of a sweep read ahead of their request, by what became of them (taken, refused: read in a state no longer served or failed, dropped: not asked for)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'oneroster_' });
  }

  requestAnswered(route: string, method: string, status: number, seconds: number) {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route, method }, seconds);
  }

  tokenRefused() {
    this.tokenFailures.inc();
  }

  importFinished({ state, seconds, files, phaseSeconds }: ImportMeasures) {
    this.imports.observe({ state }, seconds);
    for (const [phase, spent] of Object.entries(phaseSeconds ?? {})) this.importPhases.inc({ phase }, spent);
    for (const [file, counts] of Object.entries(files))
      for (const outcome of ROW_OUTCOMES) this.importRows.inc({ file, outcome }, counts[outcome] ?? 0);
  }

  pageReadAhead(outcome: 'taken' | 'refused' | 'dropped') {
    this.pagesReadAhead.inc({ outcome });
  }

  /** A gauge whose value is read when Prometheus scrapes. */
  scrapedGauge(name: string, help: string, labelNames: string[], collect: (gauge: Gauge) => Promise<void>) {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect(this);
      },
    });
  }
}
