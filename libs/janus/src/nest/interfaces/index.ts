export type { JanusModuleOptions, JanusModuleExtras, JanusOptionsFactory } from './janus-module-options.interface.js';
export type { JanusInstrumentation } from './janus-instrumentation.interface.js';
