/**
 * `nestjs-janus/health`: a `@nestjs/terminus` health indicator (terminus is an optional peer dependency, loaded
 * only by this entry point).
 */
export { JanusHealthIndicator } from './janus.health.js';
export type { JanusHealthCheckOptions, JanusHealthUp, JanusHealthDown } from './janus.health.js';
export { JanusHealthModule } from './janus-health.module.js';
