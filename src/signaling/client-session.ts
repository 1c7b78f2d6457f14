import type { JanusAttachOptions, JanusHandle, JanusPluginClass, JanusSession, JanusSessionClosed } from 'nestjs-janus';
import { AppError, SESSION_NOT_AVAILABLE } from '../errors/index.js';

/** Where sockets' handles live: the app's shared Janus session of a server (`JanusService`, `PoolServer`). */
export interface SessionSource {
  sharedSession(): Promise<JanusSession>;
}

/** What a gateway attaches a socket's handles with. */
export interface SocketJanus {
  /** Attaches `plugin` for this socket; the handle is detached when the socket goes. */
  attach<H extends JanusHandle<unknown>>(plugin: JanusPluginClass<H>, options?: JanusAttachOptions): Promise<H>;
}

/** What runs on a handle before it is detached when its socket goes (its errors are ignored). */
export type Farewell = () => Promise<unknown>;

/**
 * One socket's part of Janus: its handles, attached on the app's shared Janus session of a server (one session per
 * server for every socket, as Janode's examples do: a join costs an attach and the plugin request, not a session of
 * its own, and one keepalive serves every idle client). With a Janus pool a socket may hold handles on several
 * servers (`get(server)`). Every handle of the socket is detached when the socket goes away — also one whose attach
 * was still under way, and while Janus is unreachable (the library detaches it once Janus answers again). A socket
 * reaches only the handles its gateway keeps for it. When Janus ends a shared session on its own (restart, timeout,
 * a claim that failed), `onLost` tells each socket that had handles on it, and the next request attaches on a new
 * one.
 */
export class ClientSession implements SocketJanus {
  /** The shared session the socket uses on each server. */
  private readonly parts = new Map<SessionSource, JanusSession>();
  /**
   * The socket's handles that may be live (an array, replaced rather than changed: a socket holds one or two, and an
   * array of that size is a fraction of a Set's heap).
   */
  private handles: readonly JanusHandle<unknown>[] = [];
  private readonly farewells = new WeakMap<JanusHandle<unknown>, Farewell>();
  private disposed = false;

  constructor(
    /** The server handles go to unless the gateway names another (the only one without a pool). */
    private readonly home: SessionSource,
    private readonly onLost: (info: JanusSessionClosed) => void,
    /** Janus `opaque_id` of the socket's handles (the Admin API shows whose handle it is). */
    private readonly opaqueId: string,
  ) {}

  /** A shared session this socket has used and that is live (on any server), if there is one. */
  get current(): JanusSession | undefined {
    for (const session of this.parts.values()) if (!session.isClosed) return session;
    return undefined;
  }

  /** True when the socket has used the shared session of `source` and it is live. */
  usesSessionOf(source: SessionSource): boolean {
    const session = this.parts.get(source);
    return session !== undefined && !session.isClosed;
  }

  /** Attaches `plugin` on the home server's shared session. */
  attach<H extends JanusHandle<unknown>>(plugin: JanusPluginClass<H>, options?: JanusAttachOptions): Promise<H> {
    return this.attachOn(this.home, plugin, options);
  }

  /**
   * Has `farewell` run on `handle` when the socket goes, before the handle is detached: a participant's `leave`, so
   * that the plugin takes it out of its room while its handle still exists. Detaching a handle that is still in a
   * room races the room's notifications: when many participants go at once, Janus's VideoRoom pushes `leaving`
   * events to handles it is destroying and logs `Invalid plugin session` for each.
   */
  beforeDetach(handle: JanusHandle<unknown>, farewell: Farewell): void {
    this.farewells.set(handle, farewell);
  }

  /**
   * Detaches every handle of the socket on Janus (after its farewell, if it has one); later calls to `get()` and
   * `attach()` fail. Idempotent.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const session of this.parts.values()) unwatch(session, this);
    this.parts.clear();
    const handles = this.handles.filter((h) => !h.isDetached);
    this.handles = [];
    await Promise.all(
      handles.map(async (h) => {
        await this.farewells
          .get(h)?.()
          .catch(() => undefined);
        await h.detach().catch(() => undefined);
      }),
    );
  }

  private async sessionOn(source: SessionSource): Promise<JanusSession> {
    this.assertOpen();
    const live = this.parts.get(source);
    if (live && !live.isClosed) return live;
    const session = await source.sharedSession();
    this.assertOpen();
    const known = this.parts.get(source);
    if (known !== session) {
      if (known) unwatch(known, this);
      this.parts.set(source, session);
      watch(session, this);
    }
    return session;
  }

  /**
   * Attaches `plugin` for this socket on `source`'s shared session (created on first use; the home server's when
   * `source` is undefined).
   */
  async attachOn<H extends JanusHandle<unknown>>(
    source: SessionSource | undefined,
    plugin: JanusPluginClass<H>,
    options?: JanusAttachOptions,
  ): Promise<H> {
    const session = await this.sessionOn(source ?? this.home);
    const handle = await session.attach(plugin, { opaqueId: this.opaqueId, ...options });
    if (this.disposed) {
      // The socket left while the attach was under way.
      await handle.detach().catch(() => undefined);
      throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    }
    this.handles = this.handles.filter((old) => !old.isDetached).concat([handle]);
    return handle;
  }

  /** @internal `session`, which the socket used, has ended (see {@link watch}). */
  sessionClosed(session: JanusSession, info: JanusSessionClosed): void {
    this.handles = this.handles.filter((h) => h.session !== session);
    // `destroyed`: the app itself ended the session (its shutdown); nobody needs telling.
    if (info.reason !== 'destroyed' && !this.disposed) this.onLost(info);
  }

  private assertOpen(): void {
    if (this.disposed) throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
  }
}

/**
 * The sockets using each shared session: one `closed$` subscription per session tells them all when it ends, instead
 * of one per socket (an rxjs subscriber chain of ~0.4 KB for every connected socket, and an O(n) removal from the
 * session's observer list at every disconnect).
 */
const users = new WeakMap<JanusSession, Set<ClientSession>>();

/** Tells `client` when `session` ends (at once, should it have ended already). */
function watch(session: JanusSession, client: ClientSession): void {
  const known = users.get(session);
  if (known) {
    known.add(client);
    return;
  }
  const clients = new Set([client]);
  users.set(session, clients);
  session.closed$.subscribe((info) => {
    users.delete(session);
    for (const c of clients) c.sessionClosed(session, info);
    clients.clear();
  });
}

/** `client` no longer uses `session`. */
function unwatch(session: JanusSession, client: ClientSession): void {
  users.get(session)?.delete(client);
}
