export type { JanusModuleOptions, JanusModuleExtras, JanusOptionsFactory } from './janus-module-options.interface.js';
export type { JanusInstrumentation } from './janus-instrumentation.interface.js';
export type { JanusFeatureOptions, JanusPluginFeature, JanusPluginServiceType } from './janus-feature.interface.js';
