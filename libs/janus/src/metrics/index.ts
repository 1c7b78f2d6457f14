/**
 * `nestjs-janus/metrics`: Prometheus metrics through prom-client (an optional peer dependency, loaded only by
 * this entry point).
 */
export { JanusMetrics } from './janus-metrics.js';
export { JanusMetricsModule, JANUS_METRICS_OPTIONS } from './janus-metrics.module.js';
export type { JanusMetricsModuleOptions, JanusMetricsModuleAsyncOptions } from './janus-metrics.module.js';
export type { JanusMetricsOptions } from './janus-metrics-options.interface.js';
