import type { JanusHandle, JanusPluginClass } from '../core/handle.js';
import type { JanusSession } from '../core/session.js';
import { JanusRequestError } from '../errors/janus.errors.js';

/** Where a managed handle gets its session: `JanusService` (its shared session) is one. */
export interface JanusSessionSource {
  /** A live session; called again whenever the one given before has ended. */
  sharedSession(): Promise<JanusSession>;
}

/** Options of a {@link JanusManagedHandle}. */
export interface JanusManagedHandleOptions {
  /** Janus `opaque_id` of the handle (to find it in the Admin API and event handlers). */
  opaqueId?: string | undefined;
}

/**
 * One plugin handle that is always there when used: attached on first use to the session its source gives (for
 * `JanusService`, the connection's shared session), and attached again, on a new session if need be, once it is
 * gone: Janus restarted (the session ended as `lost`), timed out or destroyed it, or answered a request with 458
 * (no such session) or 459 (no such handle). Meant for requests that need no participant of their own (room
 * management, listings); `JanusModule.forFeature` gives every plugin service one.
 *
 * ```ts
 * const rooms = new JanusManagedHandle(janusService, VideoRoomPlugin, { opaqueId: 'my-app:rooms' });
 * const { list } = await rooms.run((handle) => handle.list());
 * ```
 */
export class JanusManagedHandle<H extends JanusHandle<unknown>> {
  private pending?: Promise<H>;
  private live?: H;

  constructor(
    private readonly source: JanusSessionSource,
    /** The plugin class the handle is attached with. */
    readonly plugin: JanusPluginClass<H>,
    private readonly options: JanusManagedHandleOptions = {},
  ) {}

  /** The handle, when one is attached and has not ended (no round trip; `undefined` before first use). */
  get current(): H | undefined {
    return this.live && !this.live.isDetached ? this.live : undefined;
  }

  /**
   * Runs `call` on the handle (attaching one first when there is none or it ended). When Janus answers that the
   * session or handle does not exist (458/459: Janus restarted, or the session timed out), the request never
   * reached the plugin: the handle is dropped and `call` runs once more on a fresh one. Other errors reject as is.
   */
  async run<T>(call: (handle: H) => Promise<T>): Promise<T> {
    const handle = await this.get();
    try {
      return await call(handle);
    } catch (err) {
      if (!isGone(err)) throw err;
      await this.drop(handle, err);
      return call(await this.get());
    }
  }

  /** The live handle; attaches one when there is none or it ended. Concurrent callers share one attach. */
  async get(): Promise<H> {
    for (let attempt = 0; ; attempt++) {
      const pending = (this.pending ??= this.attach());
      let handle: H;
      try {
        handle = await pending;
      } catch (err) {
        if (this.pending === pending) this.pending = undefined;
        throw err;
      }
      if (!handle.isDetached || attempt > 0) return handle;
      if (this.pending === pending) this.pending = undefined;
    }
  }

  /** Detaches the handle, if one is attached; the next use attaches a new one. */
  async detach(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    this.live = undefined;
    const handle = await pending?.catch(() => undefined);
    await handle?.detach();
  }

  private async attach(): Promise<H> {
    const session = await this.source.sharedSession();
    const handle = await session.attach(this.plugin, { opaqueId: this.options.opaqueId });
    this.live = handle;
    return handle;
  }

  /** Ends the handle (and, when Janus lost it, the session) locally, so that the next call attaches anew. */
  private async drop(handle: H, err: JanusRequestError): Promise<void> {
    // Both resolve without a round trip error: a session or handle Janus no longer knows ends locally.
    if (err.sessionNotFound) await handle.session.destroy().catch(() => undefined);
    else await handle.detach().catch(() => undefined);
  }
}

function isGone(err: unknown): err is JanusRequestError {
  return err instanceof JanusRequestError && err.targetNotFound;
}
