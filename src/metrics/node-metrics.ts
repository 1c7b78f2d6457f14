import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

const load = createRequire(import.meta.url);

/** One of prom-client's default metric modules: registers its metrics in `registry`. */
type DefaultMetric = (registry: Registry, config: object) => void;

/**
 * prom-client's default Node metrics (process CPU, memory, heap spaces, handles, GC, version, ...) in `registry`,
 * except its event-loop delay histogram: `nodejs_eventloop_lag_*` come from {@link collectEventLoopDelay} instead,
 * under the same names, sampled every `sampleMs` (the app's `METRICS_EVENT_LOOP_SAMPLE_MS`). prom-client's samples
 * every 10 ms by default; with a longer `eventLoopMonitoringPrecision` its figures include the period (an idle loop
 * sampled every 500 ms would show half a second of lag). The modules are loaded by the names prom-client lists
 * (`metricsList`), so a metric it adds is collected too.
 */
export function collectNodeMetrics(registry: Registry, sampleMs: number): { stop(): void } {
  const { metricsList } = load('prom-client/lib/defaultMetrics') as { metricsList: string[] };
  for (const name of metricsList) {
    if (name !== 'eventLoopLag') (load(`prom-client/lib/metrics/${name}`) as DefaultMetric)(registry, {});
  }
  return collectEventLoopDelay(registry, sampleMs);
}

/**
 * `nodejs_eventloop_lag_seconds` (measured at each scrape) and `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,
 * p99}_seconds`: how late the event loop ran a timer due every `sampleMs` ms, since start. Unlike prom-client's
 * (which include its 10 ms sampling period), these are the delay beyond the period: 0 when the loop is never late.
 * `stop()` ends the sampling (the app calls it on shutdown).
 */
export function collectEventLoopDelay(registry: Registry, sampleMs: number): { stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: sampleMs });
  histogram.enable();
  const periodNs = sampleMs * 1e6;
  const late = (ns: number): number => (histogram.count === 0 ? 0 : Math.max(0, ns - periodNs) / 1e9);
  const gauge = (name: string, help: string, value: () => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value());
      },
    });
  };
  new Gauge({
    name: 'nodejs_eventloop_lag_seconds',
    help: 'Lag of the event loop in seconds (a callback queued at the scrape).',
    registers: [registry],
    async collect() {
      const start = process.hrtime.bigint();
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.set(Number(process.hrtime.bigint() - start) / 1e9);
    },
  });
  const what = `event loop delay beyond the ${sampleMs} ms sampling period, in seconds`;
  gauge('nodejs_eventloop_lag_min_seconds', `The minimum recorded ${what}.`, () => late(histogram.min));
  gauge('nodejs_eventloop_lag_max_seconds', `The maximum recorded ${what}.`, () => late(histogram.max));
  gauge('nodejs_eventloop_lag_mean_seconds', `The mean of the recorded ${what}.`, () => late(histogram.mean));
  gauge('nodejs_eventloop_lag_stddev_seconds', `The standard deviation of the recorded ${what}.`, () =>
    histogram.count === 0 ? 0 : histogram.stddev / 1e9,
  );
  for (const p of [50, 90, 99]) {
    gauge(`nodejs_eventloop_lag_p${p}_seconds`, `The ${p}th percentile of the recorded ${what}.`, () =>
      late(histogram.percentile(p)),
    );
  }
  return { stop: () => histogram.disable() };
}
