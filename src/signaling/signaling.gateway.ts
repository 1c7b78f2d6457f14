import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit } from '@nestjs/websockets';
import type { JanusHandle, JanusPluginClass } from 'nestjs-janus';
import { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import type { JwtVerifier } from '../auth/index.js';
import { AppError, SESSION_NOT_AVAILABLE } from '../errors/index.js';
import type { JanusPool, PoolServer } from '../janus/index.js';
import { relayBackendFailures } from './backend-failure-relay.js';
import { ClientSession } from './client-session.js';
import { push, sendError } from './envelope.js';
import { HandleRelay } from './handle-relay.js';
import type { RateLimitService } from './rate-limit.service.js';
import { registerSignalingNamespace } from './namespace-registry.js';
import { replyTableOf } from './reply.js';
import { principalOf, socketAuthMiddleware } from './socket-auth.js';
import { TokenExpiry } from './token-expiry.js';

/** The event every signaling socket gets when the server shuts down, just before the server disconnects it. */
export const SERVER_SHUTDOWN = 'server-shutdown';
/** The start of the Janus `opaque_id` of a socket's handles: `socket:<namespace>#<socket id>`. */
export const SOCKET_OPAQUE_ID_PREFIX = 'socket:';
/** The `reason` of {@link SERVER_SHUTDOWN}. */
export const SERVER_SHUTDOWN_REASON = 'the server is shutting down';

/** How long the shutdown waits for the notices to leave. */
const SHUTDOWN_FLUSH_MS = 1000;

/**
 * Resolves once the socket's connection has handed every queued packet to its transport, or closed, or after `ms`.
 * engine.io queues packets while its transport is busy; closing the connection then discards them.
 */
function drained(socket: Socket, ms: number): Promise<void> {
  const conn = socket.conn;
  // `writeBuffer` is engine.io's queue (private in its typings; there is no public way to ask).
  const queued = (conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
  if (conn.readyState !== 'open' || queued === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      conn.off('drain', done);
      conn.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    conn.once('drain', done);
    conn.once('close', done);
  });
}

/** What every signaling gateway keeps per socket: at least its Janus session. */
export interface SignalingClient {
  readonly session: ClientSession;
}

/**
 * The socket lifecycle every signaling namespace shares: JWT check at connect, the socket disconnected when its
 * token expires, one lazily created Janus session per socket, `backend-failure` when Janus drops,
 * `session-not-available` when the socket's session is lost, on disconnect the socket's handles released and its
 * session destroyed (also mid-request), and `server-shutdown` then a disconnect for every socket when the app shuts
 * down. Subclasses say what a socket holds besides its session (`newClient`) and how to let go of its handles
 * (`releaseHandles`). Their handlers answer by returning the reply's data (`@Reply`/`@AckOnly`: the namespace's
 * replies are registered here, for the signaling adapter that sends them).
 */
export abstract class SignalingGateway<C extends SignalingClient>
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown
{
  private readonly clients = new WeakMap<Socket, C>();
  private backend?: Subscription;
  private namespace?: Namespace;
  private shuttingDown = false;
  private readonly expiry: TokenExpiry;

  protected constructor(
    /** The Janus servers (one without `JANUS_POOL`) and which of them holds which room. */
    protected readonly pool: JanusPool,
    protected readonly verifier: JwtVerifier,
    protected readonly rateLimit: RateLimitService,
    /** The namespace's error event (`echo-error`, `videoroom-error`). */
    private readonly errorEvent: string,
  ) {
    this.expiry = new TokenExpiry(errorEvent);
  }

  /**
   * The gateway's namespace, once the server is up. With several instances (`REDIS_URL`) it is on the Redis adapter:
   * its broadcasts and `fetchSockets()` reach the sockets of every instance.
   */
  get server(): Namespace | undefined {
    return this.namespace;
  }

  /** A new socket's state around its (not yet created) session. */
  protected abstract newClient(session: ClientSession): C;

  /** Stops relaying and forgets the socket's handles (their Janus side goes with the session). */
  protected abstract releaseHandles(client: C): void;

  afterInit(namespace: Namespace): void {
    this.namespace = namespace;
    registerSignalingNamespace(namespace, {
      replies: replyTableOf(Object.getPrototypeOf(this) as object),
      expiry: this.expiry,
    });
    namespace.use(socketAuthMiddleware(this.verifier));
    // Each server's drop is told to the sockets that hold handles there.
    this.backend = new Subscription();
    for (const server of this.pool.servers) {
      this.backend.add(
        relayBackendFailures(
          namespace,
          server.janus.state$,
          this.errorEvent,
          (socket) => !!this.clients.get(socket)?.session.usesSessionOf(server),
        ),
      );
    }
  }

  handleConnection(socket: Socket): void {
    if (this.shuttingDown) return this.sendAway(socket);
    const lost = (): void => {
      this.releaseHandles(client);
      const error = new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
      sendError(socket, this.errorEvent, undefined, error, undefined);
    };
    const opaqueId = `${SOCKET_OPAQUE_ID_PREFIX}${socket.nsp.name}#${socket.id}`;
    const session = new ClientSession(this.pool.primary, lost, opaqueId);
    const client = this.newClient(session);
    this.clients.set(socket, client);
    // Last: a token that expired since the handshake disconnects the socket right away (and forgets the client).
    this.expiry.track(socket);
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    this.expiry.forget(socket);
    const client = this.clients.get(socket);
    if (!client) return;
    this.clients.delete(socket);
    this.releaseHandles(client);
    await Promise.all([client.session.dispose(), this.rateLimit.forget(socket)]);
  }

  onModuleDestroy(): void {
    this.backend?.unsubscribe();
    this.expiry.close();
  }

  /**
   * The app is closing (SIGTERM, `app.close()`): tells every socket (`server-shutdown` `{ data: { reason } }`) and
   * disconnects it, so clients know it is not a network fault. Nest runs this before the socket.io server and the
   * Janus connection close, so the sockets' sessions are destroyed on a live connection; sockets that connect
   * meanwhile are sent away the same way. Resolves once those packets are on their way (at most ~1 s): closing the
   * socket.io server drops what is still queued.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const sockets = [...(this.namespace?.sockets.values() ?? [])];
    for (const socket of sockets) this.sendAway(socket);
    await Promise.all(sockets.map((socket) => drained(socket, SHUTDOWN_FLUSH_MS)));
  }

  private sendAway(socket: Socket): void {
    push(socket, SERVER_SHUTDOWN, { reason: SERVER_SHUTDOWN_REASON });
    socket.disconnect();
  }

  /**
   * Throws `FORBIDDEN` (`<event> needs the <role> role`) unless the socket's principal holds the admin role. What
   * `@AdminOnly()` runs before an admin event's handler.
   */
  requireAdmin(socket: Socket, event: string): void {
    this.verifier.requireAdmin(principalOf(socket), event);
  }

  /**
   * A fresh handle of `plugin` for the socket, and the relay of its WebRTC events (Janus's candidates held until
   * `relay.releaseCandidates()`), on `server` (a room's, from the pool; the first server when omitted). With a
   * `previous` handle, the socket's handles are let go first (`releaseHandles`) and `previous` is detached.
   */
  protected async freshHandle<H extends JanusHandle<unknown>>(
    socket: Socket,
    client: C,
    plugin: JanusPluginClass<H>,
    previous: JanusHandle<unknown> | undefined,
    server?: PoolServer,
  ): Promise<{ handle: H; relay: HandleRelay }> {
    if (previous) {
      this.releaseHandles(client);
      await previous.detach().catch(() => undefined);
    }
    const handle = await client.session.attachOn(server, plugin);
    return { handle, relay: new HandleRelay(socket, handle) };
  }

  /** The state of a connected socket. */
  protected client(socket: Socket): C {
    const client = this.clients.get(socket);
    if (!client) throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    return client;
  }

  /** The state of a socket whose Janus session is live (requests about existing handles need one). */
  protected liveClient(socket: Socket): C {
    const client = this.client(socket);
    if (!client.session.current) throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
    return client;
  }
}
