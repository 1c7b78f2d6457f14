import { AsyncSubject, type Observable } from 'rxjs';
import { JanusHandleDetachedError, JanusRequestError, JanusSessionClosedError } from '../errors/janus.errors.js';
import type {
  JanusEventMessage,
  JanusHandleCoreMessage,
  JanusId,
  JanusPluginEventMessage,
  JanusSuccessMessage,
  JanusUnknownMessage,
} from '../interfaces/protocol.interface.js';
import { JanusHandle, requireId, type JanusPluginClass, type JanusRequestOptions } from './handle.js';
import { EventStream } from './event-stream.js';
import { isUnreachableError } from './unreachable.js';
import { LATE_KINDS, type SessionHost } from './session-host.js';
import type { RequestOwner } from './transactions.js';

/** Why a session ended (what `closed$` emits). */
export interface JanusSessionClosed {
  /**
   * `destroyed`: by the application; `timeout`: Janus timed it out; `lost`: Janus no longer knows it (restarted,
   * or a claim after reconnect failed); `connection-closed`: the connection was closed or gave up reconnecting.
   */
  reason: 'destroyed' | 'timeout' | 'lost' | 'connection-closed';
  message: string;
}

/** Options of `session.attach()`. */
export interface JanusAttachOptions extends JanusRequestOptions {
  /** Janus `opaque_id`, to correlate handles in the Admin API and event handlers. */
  opaqueId?: string | undefined;
}

/** A Janus session: owns handles, is kept alive by its connection, ends once with a reason. */
export class JanusSession {
  /** Janus session id. */
  readonly id: JanusId;
  /** @internal Handles by id. */
  readonly handles = new Map<JanusId, JanusHandle<unknown>>();
  /** @internal Set when a request for this session went out since the last keepalive tick. */
  active = true;
  /** @internal Requests of this session (and its handles) waiting for a reply; kept by the transaction table. */
  pendingRequests = 0;

  private closedInfo?: JanusSessionClosed;
  private destroyPromise?: Promise<void>;
  private eventSubject?: EventStream<JanusEventMessage>;
  private unknownSubject?: EventStream<JanusUnknownMessage>;
  private closedSubject?: AsyncSubject<JanusSessionClosed>;

  /** @internal Sessions are created by `connection.createSession()`. */
  constructor(
    private readonly host: SessionHost,
    id: JanusId,
  ) {
    this.id = id;
  }

  /** True once the session ended. */
  get isClosed(): boolean {
    return this.closedInfo !== undefined;
  }

  /** Why the session ended, once it has. */
  get closeInfo(): JanusSessionClosed | undefined {
    return this.closedInfo;
  }

  /** Every asynchronous message for this session and its handles; completes when the session ends. */
  get events$(): Observable<JanusEventMessage> {
    if (!this.eventSubject) {
      this.eventSubject = new EventStream<JanusEventMessage>();
      if (this.closedInfo) this.eventSubject.complete();
    }
    return this.eventSubject.observable;
  }

  /**
   * Messages for this session (not for one of its handles) whose `janus` kind this library does not know (a newer
   * Janus), as Janus sent them; completes when the session ends.
   */
  get unknownMessages$(): Observable<JanusUnknownMessage> {
    if (!this.unknownSubject) {
      this.unknownSubject = new EventStream<JanusUnknownMessage>();
      if (this.closedInfo) this.unknownSubject.complete();
    }
    return this.unknownSubject.observable;
  }

  /** Emits once with the reason when the session ends (also to late subscribers), then completes. */
  get closed$(): Observable<JanusSessionClosed> {
    if (!this.closedSubject) {
      this.closedSubject = new AsyncSubject<JanusSessionClosed>();
      if (this.closedInfo) {
        this.closedSubject.next(this.closedInfo);
        this.closedSubject.complete();
      }
    }
    return this.closedSubject.asObservable();
  }

  /** Attaches a plugin class (typed handle) to this session. */
  attach<H extends JanusHandle<unknown>>(plugin: JanusPluginClass<H>, options?: JanusAttachOptions): Promise<H>;
  /** Attaches a plugin by package name (generic handle). */
  attach(plugin: string, options?: JanusAttachOptions): Promise<JanusHandle>;
  async attach(
    plugin: string | JanusPluginClass<JanusHandle<unknown>>,
    options?: JanusAttachOptions,
  ): Promise<JanusHandle<unknown>> {
    const name = typeof plugin === 'string' ? plugin : plugin.pluginName;
    const reply = await this.request<JanusSuccessMessage>(
      'attach',
      { janus: 'attach', plugin: name, opaque_id: options?.opaqueId },
      options,
    );
    const id = requireId(reply, 'attach');
    const init = { session: this, id, plugin: name };
    const handle = typeof plugin === 'string' ? new JanusHandle(init) : new plugin(init);
    if (this.closedInfo) {
      handle.closeLocally({ reason: 'session-closed', message: this.closedInfo.message });
      throw new JanusSessionClosedError(this.id, this.closedInfo.message, 'attach');
    }
    this.handles.set(id, handle);
    this.host.trackHandle(handle);
    return handle;
  }

  /** Sends a keepalive now (the connection also sends them on a timer). Resolves on Janus's `ack`. */
  async keepalive(options?: JanusRequestOptions): Promise<void> {
    await this.request('keepalive', { janus: 'keepalive' }, options, undefined, true);
  }

  /**
   * Destroys the session on Janus and ends it locally with its handles. Idempotent. When Janus cannot be told (the
   * link is down, or no reply came in time) the session still ends here at once, and the connection destroys it on
   * Janus as soon as Janus answers again: nothing of it outlives the call.
   */
  destroy(options?: JanusRequestOptions): Promise<void> {
    if (this.closedInfo) return Promise.resolve();
    this.destroyPromise ??= this.host
      .request('destroy', { janus: 'destroy', session_id: this.id }, options?.timeoutMs)
      .then(
        () => this.closeLocally({ reason: 'destroyed', message: 'destroyed by the application' }),
        (err: unknown) => {
          if (err instanceof JanusRequestError && err.sessionNotFound) {
            this.closeLocally({ reason: 'lost', message: 'Janus no longer knows this session' });
            return;
          }
          if (isUnreachableError(err) && this.host.deferDestroy(this.id)) {
            this.closeLocally({ reason: 'destroyed', message: 'destroyed by the application' });
            return;
          }
          this.destroyPromise = undefined;
          throw err;
        },
      );
    return this.destroyPromise;
  }

  /** @internal Janus could not be told to detach a handle of this session: the connection does it later. */
  deferDetach(handle: JanusHandle<unknown>): void {
    if (!this.closedInfo) this.host.deferDetach(this.id, handle.id);
  }

  /** @internal Sends a session-level request (adds `session_id`); a handle passes itself to own it too. */
  request<T>(
    kind: string,
    payload: Record<string, unknown>,
    options?: JanusRequestOptions,
    handle?: RequestOwner,
    ackResolves?: boolean,
  ): Promise<T> {
    if (this.closedInfo) return Promise.reject(new JanusSessionClosedError(this.id, this.closedInfo.message, kind));
    payload.session_id = this.id;
    this.active = true;
    return this.host.request<T>(kind, payload, options?.timeoutMs, this, handle, ackResolves);
  }

  /** @internal Routes a message for one of this session's handles (the connection found the handle). */
  dispatchToHandle(handle: JanusHandle<unknown>, message: JanusPluginEventMessage | JanusHandleCoreMessage): void {
    this.eventSubject?.next(message);
    handle.dispatch(message);
  }

  /** @internal Routes a message for this session. */
  dispatch(message: JanusEventMessage): void {
    this.eventSubject?.next(message);
    if (message.janus === 'timeout') {
      this.closeLocally({ reason: 'timeout', message: 'Janus timed the session out (no keepalive)' });
      return;
    }
    const handleId = message.sender;
    const handle = handleId === undefined ? undefined : this.handles.get(handleId);
    if (handle) handle.dispatch(message);
    else if (!LATE_KINDS.has(message.janus)) {
      // A late `detached`/`hangup`/`ice-failed` after our own detach is normal; anything else for an unknown handle
      // is not.
      this.host.log.warnLimited(
        'unknown-handle',
        `Janus sent "${message.janus}" for unknown handle ${handleId} of session ${this.id}`,
      );
    }
  }

  /**
   * @internal Routes a message of a kind this library does not know: to the handle it names (`sender`; none when
   * that handle is gone), or to the session's `unknownMessages$` when it names none.
   */
  dispatchUnknown(message: JanusUnknownMessage): void {
    if (message.sender === undefined) this.unknownSubject?.next(message);
    else this.handles.get(message.sender)?.dispatchUnknown(message);
  }

  /** @internal Called by a handle that ended. */
  forgetHandle(handle: JanusHandle<unknown>, reason: string): void {
    this.handles.delete(handle.id);
    this.host.forgetHandle(handle);
    this.host.rejectOwned(handle, (request) => new JanusHandleDetachedError(handle.id, reason, request));
  }

  /** @internal Ends the session locally: handles detach, pending requests reject, streams complete. */
  closeLocally(info: JanusSessionClosed): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    for (const handle of this.handles.values())
      handle.closeLocally({ reason: 'session-closed', message: info.message });
    this.host.forgetSession(this);
    this.host.rejectOwned(this, (request) => new JanusSessionClosedError(this.id, info.message, request));
    this.eventSubject?.complete();
    this.unknownSubject?.complete();
    if (this.closedSubject) {
      this.closedSubject.next(info);
      this.closedSubject.complete();
    }
  }
}
