import type { JanusPluginClass } from '../core/handle.js';
import type { JanusAnyPluginHandle } from '../plugins/plugin.js';
import { JanusPluginService, type JanusPluginServiceOptions } from './janus-plugin.service.js';
import type { JanusService } from './janus.service.js';

/**
 * The methods of plugin handle `H` a service can run on its managed handle: its own methods that return a promise
 * (not the base handle's `detach`, `hangup`, `trickle`... nor names the service has already).
 */
export type JanusManagedMethodName<H> = Exclude<
  { [K in keyof H]: H[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof H],
  keyof JanusAnyPluginHandle | keyof JanusPluginService<JanusAnyPluginHandle>
> &
  string;

/** Options of {@link definePluginService}. */
export interface JanusPluginServiceDefinition<M extends string> extends JanusPluginServiceOptions {
  /** Methods of the plugin class the service offers, each run on the managed handle with its re-attach guarantee. */
  methods?: readonly M[] | undefined;
}

/**
 * A service class made by {@link definePluginService}: a {@link JanusPluginService} of plugin handle `H` with
 * methods `M` of the plugin class, built with the connection's `JanusService` alone.
 */
export interface JanusPluginServiceClass<H extends JanusAnyPluginHandle, M extends keyof H = never> {
  /** The plugin class the service serves. */
  readonly plugin: JanusPluginClass<H>;
  new (janus: JanusService): JanusPluginService<H> & Pick<H, M>;
}

/**
 * Makes the base class of a named plugin service: a {@link JanusPluginService} of `plugin` that also offers
 * `methods` of the plugin class, each run on the managed handle (written once, on the handle). Pass the class to
 * `JanusModule.forFeature` to inject it by its own type as well as with `@InjectPlugin(plugin)`. The built-in
 * `VideoRoomService` is made this way.
 *
 * ```ts
 * export class TextRoomService extends definePluginService(TextRoomHandle, { methods: ['exists'] }) {}
 * // JanusModule.forFeature([TextRoomService]); then: constructor(private readonly textroom: TextRoomService) {}
 * await this.textroom.exists(1234); // TextRoomHandle.exists on the managed handle
 * ```
 */
export function definePluginService<H extends JanusAnyPluginHandle, M extends JanusManagedMethodName<H> = never>(
  plugin: JanusPluginClass<H>,
  definition: JanusPluginServiceDefinition<M> = {},
): JanusPluginServiceClass<H, M> {
  const { methods = [], ...options } = definition;
  class DefinedPluginService extends JanusPluginService<H> {
    static readonly plugin = plugin;
    constructor(janus: JanusService) {
      super(janus, plugin, options);
    }
  }
  for (const method of methods) {
    Object.defineProperty(DefinedPluginService.prototype, method, {
      configurable: true,
      writable: true,
      value(this: JanusPluginService<H>, ...args: unknown[]): Promise<unknown> {
        return this.run((handle) => (handle[method] as (...params: unknown[]) => Promise<unknown>)(...args));
      },
    });
  }
  return DefinedPluginService as JanusPluginServiceClass<H, M>;
}
