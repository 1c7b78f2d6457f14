import type { JanusHandle, JanusPluginClass } from '../core/handle.js';
import { JanusCoreErrorCode, JanusRequestError } from '../errors/janus.errors.js';
import type { JanusService } from './janus.service.js';

/**
 * One plugin handle on the service's shared session, attached on first use and again once it is gone. Used by
 * the plugin services for requests that need no participant. @internal
 */
export class ManagedHandle<H extends JanusHandle<unknown>> {
  private pending?: Promise<H>;

  constructor(
    private readonly janus: JanusService,
    private readonly plugin: JanusPluginClass<H>,
    private readonly opaqueId: string,
  ) {}

  /**
   * Runs `call` on the managed handle. When Janus answers that the session or handle does not exist (458/459:
   * Janus restarted, or the session timed out), the request never reached the plugin: the handle is dropped and
   * `call` runs once more on a fresh one.
   */
  async run<T>(call: (handle: H) => Promise<T>): Promise<T> {
    const handle = await this.get();
    try {
      return await call(handle);
    } catch (err) {
      if (!isGone(err)) throw err;
      await this.drop(handle, err.janusCode);
      return call(await this.get());
    }
  }

  /** The live managed handle (attaches one when there is none or it is detached). */
  private async get(): Promise<H> {
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

  private async attach(): Promise<H> {
    const session = await this.janus.sharedSession();
    return session.attach(this.plugin, { opaqueId: this.opaqueId });
  }

  /** Ends the handle (and, when Janus lost it, the session) locally, so that the next call attaches anew. */
  private async drop(handle: H, janusCode: number): Promise<void> {
    // Both resolve without a round trip error: a session or handle Janus no longer knows ends locally.
    if (janusCode === JanusCoreErrorCode.SESSION_NOT_FOUND) await handle.session.destroy().catch(() => undefined);
    else await handle.detach().catch(() => undefined);
  }
}

function isGone(err: unknown): err is JanusRequestError {
  return (
    err instanceof JanusRequestError &&
    (err.janusCode === JanusCoreErrorCode.SESSION_NOT_FOUND || err.janusCode === JanusCoreErrorCode.HANDLE_NOT_FOUND)
  );
}
