import type { JanusAttachOptions, JanusHandle, JanusPluginClass, JanusSession, JanusSessionClosed } from 'nestjs-janus';
import type { Subscription } from 'rxjs';
import { AppError, SESSION_NOT_AVAILABLE } from '../errors/index.js';

/** Where sockets' handles live: the app's shared Janus session (`JanusService.sharedSession()`). */
export interface SessionSource {
  sharedSession(): Promise<JanusSession>;
}

/** What a gateway attaches a socket's handles with. */
export interface SocketJanus {
  /** Attaches `plugin` for this socket; the handle is detached when the socket goes. */
  attach<H extends JanusHandle<unknown>>(plugin: JanusPluginClass<H>, options?: JanusAttachOptions): Promise<H>;
}

/**
 * One socket's part of Janus: its handles, attached on the app's shared Janus session (one session for every
 * socket, as Janode's examples do: a join costs an attach and the plugin request, not a session of its own, and
 * one keepalive serves every idle client). Every handle of the socket is detached when the socket goes away — also
 * one whose attach was still under way, and while Janus is unreachable (the library detaches it once Janus answers
 * again). A socket reaches only the handles its gateway keeps for it. When Janus ends the shared session on its own
 * (restart, timeout, a claim that failed), `onLost` tells each socket that had handles on it, and the next request
 * attaches on a new one.
 */
export class ClientSession implements SocketJanus {
  private session?: JanusSession;
  private watch?: Subscription;
  private readonly handles = new Set<JanusHandle<unknown>>();
  private disposed = false;

  constructor(
    private readonly source: SessionSource,
    private readonly onLost: (info: JanusSessionClosed) => void,
    /** Janus `opaque_id` of the socket's handles (the Admin API shows whose handle it is). */
    private readonly opaqueId: string,
  ) {}

  /** The shared session, once this socket has used it and while it is live. */
  get current(): JanusSession | undefined {
    return this.session && !this.session.isClosed ? this.session : undefined;
  }

  /** The socket's way to attach handles, on the shared session (created on first use). */
  async get(): Promise<SocketJanus> {
    this.assertOpen();
    const session = await this.source.sharedSession();
    this.assertOpen();
    if (session !== this.session) {
      this.watch?.unsubscribe();
      this.session = session;
      this.watch = session.closed$.subscribe((info) => this.lost(info));
    }
    return this;
  }

  async attach<H extends JanusHandle<unknown>>(plugin: JanusPluginClass<H>, options?: JanusAttachOptions): Promise<H> {
    const session = this.current ?? (await this.get(), this.session!);
    const handle = await session.attach(plugin, { opaqueId: this.opaqueId, ...options });
    if (this.disposed) {
      // The socket left while the attach was under way.
      await handle.detach().catch(() => undefined);
      throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    }
    for (const old of this.handles) if (old.isDetached) this.handles.delete(old);
    this.handles.add(handle);
    return handle;
  }

  /** Detaches every handle of the socket on Janus; later calls to `get()` and `attach()` fail. Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.watch?.unsubscribe();
    this.watch = undefined;
    const handles = [...this.handles].filter((h) => !h.isDetached);
    this.handles.clear();
    await Promise.all(handles.map((h) => h.detach().catch(() => undefined)));
  }

  private lost(info: JanusSessionClosed): void {
    this.handles.clear();
    // `destroyed`: the app itself ended the session (its shutdown); nobody needs telling.
    if (info.reason !== 'destroyed' && !this.disposed) this.onLost(info);
  }

  private assertOpen(): void {
    if (this.disposed) throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
  }
}
