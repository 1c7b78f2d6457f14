import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { JanusAdminClient } from '../admin/admin-client.js';
import type { JanusConnection, JanusConnectionState } from '../core/connection.js';
import type { JanusRequestOptions } from '../core/handle.js';
import type { JanusSession } from '../core/session.js';
import { JanusConnectError } from '../errors/janus.errors.js';
import type { JanusEventMessage, JanusServerInfo } from '../interfaces/protocol.interface.js';

/**
 * One Janus connection as a Nest provider. Inject it by type for the default connection, or with
 * `@InjectJanus(name)` for a named one.
 *
 * The module connects it on `onModuleInit` (or in the background when `lazy`), and on application shutdown
 * destroys every session it created on Janus, then closes it.
 */
export class JanusService implements OnModuleInit, OnApplicationShutdown {
  /** @internal Built by `JanusModule`. */
  constructor(
    /** The underlying core connection. */
    readonly connection: JanusConnection,
    /** Connection name (`default` when registered without one). */
    readonly name: string,
    private readonly lazy: boolean,
  ) {}

  private shared?: Promise<JanusSession>;

  /** Current connection state and every change after it. */
  get state$(): Observable<JanusConnectionState> {
    return this.connection.state$;
  }

  /** The current connection state. */
  get state(): JanusConnectionState {
    return this.connection.state;
  }

  /** Every message from Janus that is not a reply to a request (all sessions). */
  get events$(): Observable<JanusEventMessage> {
    return this.connection.events$;
  }

  /**
   * Resolves with the connection once connected; rejects with `JanusConnectError` when no server answered
   * within `connectTimeoutMs`. Starts connecting if the module has not yet.
   */
  get ready(): Promise<JanusConnection> {
    return this.connection.start();
  }

  /** The Admin API client, when `admin` is configured. */
  get admin(): JanusAdminClient | undefined {
    return this.connection.admin;
  }

  /** `server_info` of the server currently connected. */
  get serverInfo(): JanusServerInfo | undefined {
    return this.connection.serverInfo;
  }

  /** Creates a Janus session; it is destroyed on application shutdown unless the application destroys it first. */
  createSession(options?: JanusRequestOptions): Promise<JanusSession> {
    return this.connection.createSession(options);
  }

  /**
   * A session owned by this service, shared by callers that need no session of their own (the plugin services'
   * room management): created on first use, and again after it is lost (Janus restarted, timed out, destroyed).
   */
  async sharedSession(): Promise<JanusSession> {
    for (let attempt = 0; ; attempt++) {
      const pending = (this.shared ??= this.connection.createSession());
      let session: JanusSession;
      try {
        session = await pending;
      } catch (err) {
        if (this.shared === pending) this.shared = undefined;
        throw err;
      }
      if (!session.isClosed || attempt > 0) return session;
      if (this.shared === pending) this.shared = undefined;
    }
  }

  /** Asks Janus for its `server_info` (a round trip). */
  info(options?: JanusRequestOptions): Promise<JanusServerInfo> {
    return this.connection.info(options);
  }

  /** Called by Nest at module init: connects (or starts connecting in the background, when `lazy`). */
  async onModuleInit(): Promise<void> {
    const started = this.connection.start();
    if (this.lazy) {
      // The connection logs a failed connect itself; `ready` carries the error to whoever awaits it.
      started.catch(() => undefined);
      return;
    }
    try {
      await started;
    } catch (err) {
      await this.connection.close();
      if (err instanceof JanusConnectError) {
        // What to do about it: fix the cause, or let the app start without Janus and connect in the background.
        const remedy = err.unauthorized
          ? ''
          : ' To start the application while Janus is down and connect in the background, set `lazy: true` in ' +
            "JanusModule's options.";
        throw new JanusConnectError(
          `Janus connection "${this.name}" failed at startup: ${err.reason}${remedy}`,
          err.attempts,
          err.unauthorized,
        );
      }
      throw err;
    }
  }

  /** Called by Nest at application shutdown: destroys the sessions this connection created, then closes it. */
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
