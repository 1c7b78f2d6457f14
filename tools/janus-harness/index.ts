export { startJanus, freePort, ensureJanusInstalled, DEFAULT_PLUGINS } from './start-janus.js';
export type { StartJanusOptions, JanusInstance } from './start-janus.js';
