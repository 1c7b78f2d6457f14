import type { JanusPluginClass } from '../../core/handle.js';
import type { JanusAnyPluginHandle } from '../../plugins/plugin.js';
import type { JanusPluginService } from '../janus-plugin.service.js';
import type { JanusService } from '../janus.service.js';

/** Options of `JanusModule.forFeature()`. */
export interface JanusFeatureOptions {
  /** The connection the services use (its `forRoot` `name`); the default connection when omitted. */
  name?: string | undefined;
}

/** A service class made by `definePluginService` (e.g. `VideoRoomService`), as `forFeature` takes it. */
export interface JanusPluginServiceType {
  /** The plugin class the service serves. */
  readonly plugin: JanusPluginClass<JanusAnyPluginHandle>;
  new (janus: JanusService): JanusPluginService<JanusAnyPluginHandle>;
}

/**
 * What `JanusModule.forFeature()` registers: a plugin class (built-in or your own; injected as a
 * `JanusPluginService` with `@InjectPlugin(Plugin)`), or a service class made by `definePluginService` (injected
 * by its own type, and with `@InjectPlugin` of its plugin).
 */
export type JanusPluginFeature = JanusPluginClass<JanusAnyPluginHandle> | JanusPluginServiceType;
