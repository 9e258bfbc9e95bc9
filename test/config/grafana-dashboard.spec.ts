import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/metrics';
import { registerScrapedGauges } from '../../src/monitoring/scraped-gauges';

const dashboard = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docker', 'grafana-dashboard.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

describe('docker/grafana-dashboard.json', () => {
  it('queries only metrics the application exports', async () => {
    const metrics = new Metrics();
    registerScrapedGauges(metrics, undefined as never, undefined as never);
    const names = new Set(metrics.registry.getMetricsAsArray().map((metric) => metric.name));
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) => target.expr.match(/oneroster_[a-z_]+/g) ?? []),
    );
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(names.has(name.replace(/_(bucket|count|sum)$/, '')), name).toBe(true);
  });
});
