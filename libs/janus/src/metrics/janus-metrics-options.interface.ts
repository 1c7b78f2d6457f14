import type { Registry } from 'prom-client';

/** Options of `JanusMetricsModule.forRoot()` and `new JanusMetrics()`. */
export interface JanusMetricsOptions {
  /** The prom-client registry the metrics are registered in (default: prom-client's global `register`). */
  registry?: Registry | undefined;
  /** Prefix of every metric name (default `janus_`). */
  prefix?: string | undefined;
  /** Buckets of the request duration histogram, in seconds (default 1 ms … 10 s). */
  requestDurationBuckets?: number[] | undefined;
}
