import type { JanusPluginClass } from '../core/handle.js';
import type { JanusAttachOptions, JanusSession } from '../core/session.js';
import type {
  JanusAnyPluginHandle,
  JanusPluginRequestBody,
  JanusPluginRequestOptions,
  JanusPluginRequestResult,
  JanusPluginRequestsOf,
} from '../plugins/plugin.js';
import type { JanusService } from './janus.service.js';
import { JanusManagedHandle } from './managed-handle.js';

/** Options of a {@link JanusPluginService}. */
export interface JanusPluginServiceOptions {
  /** `opaque_id` of the managed handle (default `nestjs-janus:<plugin package name>`). */
  opaqueId?: string | undefined;
}

/**
 * A Janus plugin as a Nest provider, for one connection: what `JanusModule.forFeature([Plugin])` registers and
 * `@InjectPlugin(Plugin)` injects, for any plugin class (the built-in ones or your own).
 *
 * - `request(name, body)`: the plugin's typed requests on a managed handle ({@link JanusManagedHandle}: attached
 *   on first use to the connection's shared session, attached again after Janus lost it), for requests that need
 *   no participant of their own (room management, listings). A request Janus answers synchronously resolves with
 *   the reply data; one it answers asynchronously with `{ data, jsep? }`.
 * - `run((handle) => ...)`: any method of the plugin class on that managed handle.
 * - `attach(session?)`: a new handle the caller owns (a participant), to detach when done.
 *
 * ```ts
 * constructor(@InjectPlugin(TextRoomPlugin) private readonly textroom: JanusPluginServiceOf<typeof TextRoomPlugin>) {}
 * const { list } = await this.textroom.request('list', {});
 * ```
 */
export class JanusPluginService<H extends JanusAnyPluginHandle> {
  /** The managed handle behind `request()` and `run()`. */
  readonly managed: JanusManagedHandle<H>;

  /** Built by `JanusModule.forFeature` (or by hand: any `JanusService` and plugin class). */
  constructor(
    /** The connection this service uses. */
    readonly janus: JanusService,
    /** The plugin class this service serves. */
    readonly plugin: JanusPluginClass<H>,
    options: JanusPluginServiceOptions = {},
  ) {
    this.managed = new JanusManagedHandle(janus, plugin, {
      opaqueId: options.opaqueId ?? `nestjs-janus:${plugin.pluginName}`,
    });
  }

  /**
   * Sends request `name` of the plugin's request map on the managed handle. Resolves with the reply data when Janus
   * answers synchronously, with `{ data, jsep? }` when it answers asynchronously; rejects like the handle's
   * `request()` (`JanusPluginError`, `JanusTimeoutError`...). A wrong name or body does not compile.
   */
  request<K extends keyof JanusPluginRequestsOf<H> & string>(
    name: K,
    body: JanusPluginRequestBody<JanusPluginRequestsOf<H>, K>,
    options?: JanusPluginRequestOptions,
  ): Promise<JanusPluginRequestResult<JanusPluginRequestsOf<H>, K>> {
    type Result = JanusPluginRequestResult<JanusPluginRequestsOf<H>, K>;
    // `H`'s request map is only known to the caller: the handle is typed by it, this generic code is not.
    return this.managed.run((handle) => (handle as UntypedRequests).request(name, body, options) as Promise<Result>);
  }

  /**
   * Runs `call` on the managed handle (the plugin class's own methods), with its re-attach guarantee: e.g.
   * `textroom.run((handle) => handle.exists(room))`.
   */
  run<T>(call: (handle: H) => Promise<T>): Promise<T> {
    return this.managed.run(call);
  }

  /**
   * Attaches a new handle of the plugin to `session`, or to the connection's shared session when omitted. The
   * caller owns it: detach it when done.
   */
  async attach(session?: JanusSession, options?: JanusAttachOptions): Promise<H> {
    return (session ?? (await this.janus.sharedSession())).attach(this.plugin, options);
  }
}

/** A plugin handle's `request()` seen without its request map. */
interface UntypedRequests {
  request(name: string, body: object, options?: JanusPluginRequestOptions): Promise<unknown>;
}

/** The service type `@InjectPlugin(Plugin)` gives for plugin class `P`: `JanusPluginServiceOf<typeof TextRoomPlugin>`. */
export type JanusPluginServiceOf<P> =
  P extends JanusPluginClass<infer H extends JanusAnyPluginHandle> ? JanusPluginService<H> : never;
