import type { JanusSession, JanusSessionClosed } from 'nestjs-janus';
import { AppError, SESSION_NOT_AVAILABLE } from '../errors/index.js';

/** Creates Janus sessions (the app's `JanusService`). */
export interface SessionFactory {
  createSession(): Promise<JanusSession>;
}

/**
 * The Janus session of one socket: created on the first request that needs it, destroyed when the socket goes
 * away — also when that happens while the session is still being created. When Janus ends the session on its
 * own (restart, timeout), `onLost` tells the socket and the next request creates a new one.
 */
export class ClientSession {
  private session?: JanusSession;
  private creating?: Promise<JanusSession>;
  private disposed = false;

  constructor(
    private readonly factory: SessionFactory,
    private readonly onLost: (info: JanusSessionClosed) => void,
  ) {}

  /** The live session, if there is one. */
  get current(): JanusSession | undefined {
    return this.session && !this.session.isClosed ? this.session : undefined;
  }

  /** The socket's session, created on first use. */
  get(): Promise<JanusSession> {
    if (this.disposed) return Promise.reject(new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE));
    const live = this.current;
    if (live) return Promise.resolve(live);
    this.creating ??= this.factory.createSession().then(
      (session) => {
        this.creating = undefined;
        this.session = session;
        // The socket left while the session was being created: dispose() destroys it.
        if (this.disposed) throw new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
        session.closed$.subscribe((info) => {
          if (info.reason !== 'destroyed' && !this.disposed) this.onLost(info);
        });
        return session;
      },
      (err: unknown) => {
        this.creating = undefined;
        throw err;
      },
    );
    return this.creating;
  }

  /** Destroys the session on Janus (its handles go with it); later calls to `get()` fail. Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.creating?.catch(() => undefined);
    const session = this.session;
    this.session = undefined;
    if (session && !session.isClosed) await session.destroy().catch(() => undefined);
  }
}
