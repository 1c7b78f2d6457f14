import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { collectNodeMetrics } from '../../../src/metrics/node-metrics.js';

/** The value of a metric without labels, from the registry's JSON. */
async function valueOf(registry: Registry, name: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (metric.values as Array<{ value: number }>)[0].value;
}

describe("the app's Node metrics", () => {
  // A short period keeps the test short; a stall longer than the period is always seen.
  const SAMPLE_MS = 100;
  const registry = new Registry();
  const sampling = collectNodeMetrics(registry, SAMPLE_MS);
  afterAll(() => sampling.stop());

  it("has every metric of prom-client's defaults, under the same names", async () => {
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults, eventLoopMonitoringPrecision: 1000 });
    const names = (r: Registry): Promise<string[]> => r.getMetricsAsJSON().then((all) => all.map((m) => m.name).sort());
    expect(await names(registry)).toEqual(await names(defaults));
  });

  it('reports the event-loop delay beyond its sampling period: about 0 at rest, a stall as long as it was', async () => {
    // Let the sampler tick a few times on an idle loop, then stall the loop for 300 ms.
    await new Promise((resolve) => setTimeout(resolve, 3 * SAMPLE_MS));
    const stalled = Date.now() + 300;
    while (Date.now() < stalled) {
      // a blocked event loop, as a synchronous hot spot would block it
    }
    await new Promise((resolve) => setTimeout(resolve, 2 * SAMPLE_MS));
    // prom-client's own gauges would read at least the period (0.1 s) here, even at rest.
    expect(await valueOf(registry, 'nodejs_eventloop_lag_min_seconds')).toBeLessThan(0.05);
    expect(await valueOf(registry, 'nodejs_eventloop_lag_p50_seconds')).toBeLessThan(0.05);
    expect(await valueOf(registry, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.15);
    expect(await valueOf(registry, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
