import type { JanusHandle, JanusPluginClass } from '../core/handle.js';
import { DEFAULT_JANUS_CONNECTION } from './janus.constants.js';
import { EchoTestService } from './echo-test.service.js';
import { JanusService } from './janus.service.js';
import { VideoRoomService } from './video-room.service.js';

/** The connection name, or `default` when none is given. */
export function janusConnectionName(name?: string): string {
  return name ?? DEFAULT_JANUS_CONNECTION;
}

function isDefault(name?: string): boolean {
  return name === undefined || name === DEFAULT_JANUS_CONNECTION;
}

/** Injection token of the {@link JanusService} of a connection: the class itself for the default connection. */
export function getJanusServiceToken(name?: string): typeof JanusService | string {
  return isDefault(name) ? JanusService : `JanusService:${name}`;
}

/** Injection token of the underlying `JanusConnection` of a connection. */
export function getJanusConnectionToken(name?: string): string {
  return `JanusConnection:${janusConnectionName(name)}`;
}

/** Injection token of the {@link VideoRoomService} of a connection: the class itself for the default connection. */
export function getVideoRoomServiceToken(name?: string): typeof VideoRoomService | string {
  return getPluginServiceClassToken(VideoRoomService, name);
}

/** Injection token of the {@link EchoTestService} of a connection: the class itself for the default connection. */
export function getEchoTestServiceToken(name?: string): typeof EchoTestService | string {
  return getPluginServiceClassToken(EchoTestService, name);
}

/**
 * Token under which the connection's `JanusService` is provided globally (not exported from the package): what
 * the services `JanusModule.forFeature` registers are built with, whatever module they are in.
 */
export function getJanusCoreToken(name?: string): string {
  return `nestjs-janus:core:${janusConnectionName(name)}`;
}

/** Per plugin class: its number (tokens of two classes of one Janus plugin differ) and its tokens by connection. */
const pluginTokens = new WeakMap<
  JanusPluginClass<JanusHandle<unknown>>,
  { seq: number; byName: Map<string, symbol> }
>();
let pluginSeq = 0;

/**
 * Injection token of the service of plugin class `plugin` on a connection (default one when `name` is omitted):
 * what `JanusModule.forFeature([plugin])` provides and `@InjectPlugin(plugin, name)` injects.
 */
export function getPluginServiceToken(plugin: JanusPluginClass<JanusHandle<unknown>>, name?: string): symbol {
  let entry = pluginTokens.get(plugin);
  if (!entry) pluginTokens.set(plugin, (entry = { seq: ++pluginSeq, byName: new Map() }));
  const connection = janusConnectionName(name);
  let token = entry.byName.get(connection);
  if (!token) {
    token = Symbol(`JanusPluginService(${plugin.pluginName}#${entry.seq})@${connection}`);
    entry.byName.set(connection, token);
  }
  return token;
}

/**
 * Injection token of a service class made with `definePluginService` on a connection: the class itself for the
 * default connection, `<ClassName>:<name>` otherwise (as for `VideoRoomService`).
 */
export function getPluginServiceClassToken<T extends abstract new (...args: never[]) => object>(
  service: T,
  name?: string,
): T | string {
  return isDefault(name) ? service : `${service.name}:${name}`;
}
