import { filter, map, Observable } from 'rxjs';
import {
  JanusHandleDetachedError,
  JanusPluginError,
  JanusProtocolError,
  JanusRequestError,
  JanusSessionClosedError,
} from '../errors/janus.errors.js';
import type {
  IceCandidate,
  IceCandidatesCompleted,
  JanusHandleCoreMessage,
  JanusHangupMessage,
  JanusId,
  JanusMediaMessage,
  JanusPluginEventMessage,
  JanusPluginReply,
  JanusSlowLinkMessage,
  JanusSuccessMessage,
  JanusTrickleMessage,
  JanusUnknownMessage,
  Jsep,
} from '../interfaces/protocol.interface.js';
import { EventStream } from './event-stream.js';
import type { JanusSession } from './session.js';
import { isUnreachableError } from './unreachable.js';

/** Options every handle request takes. */
export interface JanusRequestOptions {
  /** Overrides the connection's `requestTimeoutMs` for this call. */
  timeoutMs?: number | undefined;
}

/** Why a handle ended (what `detached$` emits). */
export interface JanusHandleDetached {
  reason: 'detached' | 'detached-by-janus' | 'session-closed';
  message: string;
}

/** `media$`: Janus started or stopped receiving a medium. */
export type JanusMediaEvent = Omit<JanusMediaMessage, 'janus' | 'session_id' | 'sender' | 'transaction'>;
/** `slowLink$`: Janus saw packet loss. */
export type JanusSlowLinkEvent = Omit<JanusSlowLinkMessage, 'janus' | 'session_id' | 'sender' | 'transaction'>;
/** `hangup$`: the PeerConnection went down. */
export type JanusHangupEvent = Pick<JanusHangupMessage, 'reason'>;
/** `trickle$`: a candidate from Janus, or `{ completed: true }`. */
export type JanusTrickleEvent = IceCandidate | IceCandidatesCompleted;

/** Janus's `hangup` reason when ICE fails (every version; Janus 1.2+ also sends an `ice-failed` message first). */
export const ICE_FAILED_REASON = 'ICE failed';

/** `iceFailed$`: ICE failed on the handle's PeerConnection. */
export interface JanusIceFailedEvent {
  /**
   * What told: `ice-failed`, Janus 1.2+'s message (sent when an established PeerConnection loses ICE), or `hangup`,
   * the `hangup` with reason "ICE failed" (every version) when no `ice-failed` came before it.
   */
  source: 'ice-failed' | 'hangup';
}

/** What a plugin request resolved with, and whether Janus answered it asynchronously (an `event`). */
export interface JanusMessageResult<T> {
  /** The plugin's `data`, and Janus's `jsep` when it negotiates. */
  reply: JanusPluginReply<T>;
  /** `true`: Janus acked the request and answered with an `event`; `false`: it answered at once (`success`). */
  async: boolean;
}

/** What a handle is built from; plugin classes pass it through to `super`. */
export interface JanusHandleInit {
  readonly session: JanusSession;
  readonly id: JanusId;
  readonly plugin: string;
}

/** A plugin class usable with `session.attach(Plugin)`: a handle subclass with a static plugin package name. */
export interface JanusPluginClass<H extends JanusHandle<unknown> = JanusHandle> {
  /** Janus plugin package name, e.g. `janus.plugin.echotest`. */
  readonly pluginName: string;
  new (init: JanusHandleInit): H;
}

/**
 * A handle attached to a Janus plugin. Plugin wrappers extend it and map plugin events to typed events by
 * overriding {@link JanusHandle.toEvent}. `TEvent` is what `events$` emits.
 */
export class JanusHandle<TEvent = JanusPluginReply> {
  /** Janus handle id. */
  readonly id: JanusId;
  /** The session this handle belongs to. */
  readonly session: JanusSession;
  /** Janus plugin package name. */
  readonly plugin: string;
  /** @internal Requests of this handle waiting for a reply; kept by the transaction table. */
  pendingRequests = 0;

  private detachedInfo?: JanusHandleDetached;
  private detachPromise?: Promise<void>;
  private eventSubject?: EventStream<unknown>;
  private coreSubject?: EventStream<JanusHandleCoreMessage>;
  private unknownSubject?: EventStream<JanusUnknownMessage>;
  private detachedSubject?: EventStream<JanusHandleDetached>;
  private detachedObservable?: Observable<JanusHandleDetached>;
  private streams?: Map<string, Observable<unknown>>;

  constructor(init: JanusHandleInit) {
    this.id = init.id;
    this.session = init.session;
    this.plugin = init.plugin;
  }

  /** True once the handle is detached (its requests then reject with `JanusHandleDetachedError`). */
  get isDetached(): boolean {
    return this.detachedInfo !== undefined;
  }

  /** Asynchronous plugin events (not replies to this handle's requests); completes on detach. */
  get events$(): Observable<TEvent> {
    return (this.eventSubject ??= this.newSubject<unknown>()).observable as Observable<TEvent>;
  }

  /**
   * Every non-plugin handle message (webrtcup, media, slowlink, hangup, ice-failed, trickle, detached); completes on
   * detach.
   */
  get coreEvents$(): Observable<JanusHandleCoreMessage> {
    return (this.coreSubject ??= this.newSubject<JanusHandleCoreMessage>()).observable;
  }

  /** The PeerConnection is up (ICE + DTLS done). */
  get webrtcUp$(): Observable<void> {
    return this.stream('webrtcup', () =>
      this.coreEvents$.pipe(
        filter((m) => m.janus === 'webrtcup'),
        map(() => undefined),
      ),
    );
  }

  /** Janus started or stopped receiving audio/video. */
  get media$(): Observable<JanusMediaEvent> {
    return this.core$('media', (m: JanusMediaMessage) => {
      const { janus: _j, session_id: _s, sender: _h, transaction: _t, ...event } = m;
      return event;
    });
  }

  /** Janus reports packet loss on this PeerConnection. */
  get slowLink$(): Observable<JanusSlowLinkEvent> {
    return this.core$('slowlink', (m: JanusSlowLinkMessage) => {
      const { janus: _j, session_id: _s, sender: _h, transaction: _t, ...event } = m;
      return event;
    });
  }

  /** The PeerConnection went down, with Janus's reason. */
  get hangup$(): Observable<JanusHangupEvent> {
    return this.core$('hangup', (m: JanusHangupMessage) => ({ reason: m.reason }));
  }

  /**
   * ICE failed: Janus 1.2+'s `ice-failed` message, or a `hangup` with reason "ICE failed" (all versions). Emits once
   * per failure: the `hangup` that follows an `ice-failed` is the same failure and does not emit again.
   */
  get iceFailed$(): Observable<JanusIceFailedEvent> {
    return this.stream(
      'icefailed',
      () =>
        new Observable<JanusIceFailedEvent>((subscriber) => {
          // An `ice-failed` seen and its PeerConnection not hung up yet.
          let reported = false;
          return this.coreEvents$.subscribe({
            next: (message) => {
              if (message.janus === 'ice-failed') {
                reported = true;
                subscriber.next({ source: 'ice-failed' });
              } else if (message.janus === 'hangup') {
                if (message.reason === ICE_FAILED_REASON && !reported) subscriber.next({ source: 'hangup' });
                reported = false;
              }
            },
            complete: () => subscriber.complete(),
          });
        }),
    );
  }

  /**
   * Messages about this handle whose `janus` kind this library does not know (a newer Janus), as Janus sent them;
   * completes on detach.
   */
  get unknownMessages$(): Observable<JanusUnknownMessage> {
    return (this.unknownSubject ??= this.newSubject<JanusUnknownMessage>()).observable;
  }

  /** Candidates trickled by Janus, then `{ completed: true }`. */
  get trickle$(): Observable<JanusTrickleEvent> {
    return this.core$('trickle', (m: JanusTrickleMessage) => m.candidate);
  }

  /** Emits once when the handle ends (also to late subscribers), then completes. */
  get detached$(): Observable<JanusHandleDetached> {
    return (this.detachedObservable ??= new Observable<JanusHandleDetached>((subscriber) => {
      const info = this.detachedInfo;
      if (!info) {
        (this.detachedSubject ??= new EventStream<JanusHandleDetached>()).add(subscriber);
        return;
      }
      subscriber.next(info);
      subscriber.complete();
    }));
  }

  /**
   * Sends a raw plugin message and resolves with the plugin's reply (`data`, and `jsep` for negotiations): the
   * `success` of a synchronous request or the `event` that ends an asynchronous one. A plugin `error_code`
   * rejects with {@link JanusPluginError}. Typed plugin handles offer `request()` instead.
   */
  async message<T = Record<string, unknown>>(
    body: object,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusPluginReply<T>> {
    return (await this.sendMessage<T>(body, jsep, options)).reply;
  }

  /** Trickles one candidate or several to Janus; resolves on Janus's `ack`. */
  async trickle(
    candidate: IceCandidate | IceCandidatesCompleted | IceCandidate[],
    options?: JanusRequestOptions,
  ): Promise<void> {
    const payload = Array.isArray(candidate)
      ? { janus: 'trickle', candidates: candidate }
      : { janus: 'trickle', candidate };
    await this.send('trickle', payload, options, true);
  }

  /** Tells Janus that no more candidates will come. */
  async trickleComplete(options?: JanusRequestOptions): Promise<void> {
    await this.send('trickle', { janus: 'trickle', candidate: { completed: true } }, options, true);
  }

  /** Closes the PeerConnection of this handle; the handle stays attached. */
  async hangup(options?: JanusRequestOptions): Promise<void> {
    await this.send('hangup', { janus: 'hangup' }, options);
  }

  /**
   * Detaches the handle from its plugin. Idempotent; `detached$` emits. When Janus cannot be told (the link is down,
   * or no reply came in time) the handle still ends here, and the connection detaches it on Janus once Janus answers
   * again.
   */
  detach(options?: JanusRequestOptions): Promise<void> {
    if (this.detachedInfo) return Promise.resolve();
    this.detachPromise ??= this.session.request('detach', { janus: 'detach', handle_id: this.id }, options).then(
      () => this.closeLocally({ reason: 'detached', message: 'detached by the application' }),
      (err: unknown) => {
        // Already gone on Janus (no such handle/session): it is detached all the same.
        this.closeLocally({ reason: 'detached', message: 'detached by the application' });
        if (isGoneError(err)) return;
        if (isUnreachableError(err)) {
          this.session.deferDetach(this);
          return;
        }
        throw err;
      },
    );
    return this.detachPromise;
  }

  /**
   * Maps one plugin event to what `events$` emits. The default emits `{ data, jsep? }`; `undefined` emits nothing
   * on a plain handle (a `JanusPluginHandle` emits an `unknown` event for it instead).
   */
  protected toEvent(data: Record<string, unknown>, jsep: Jsep | undefined): TEvent | undefined {
    return (jsep ? { data, jsep } : { data }) as TEvent;
  }

  /**
   * What `events$` emits for one plugin event (`undefined`: nothing): {@link toEvent}'s result. `JanusPluginHandle`
   * overrides it with its error and unknown-event mapping around `toEvent`.
   */
  protected decodeEvent(data: Record<string, unknown>, jsep: Jsep | undefined): TEvent | undefined {
    return this.toEvent(data, jsep);
  }

  /**
   * Sends a plugin message; resolves with the reply and whether Janus answered asynchronously (`ack`, then an
   * `event`). A plugin `error_code` rejects with {@link JanusPluginError}.
   */
  protected async sendMessage<T>(
    body: object,
    jsep?: Jsep,
    options?: JanusRequestOptions,
  ): Promise<JanusMessageResult<T>> {
    const reply = await this.send<(JanusSuccessMessage | JanusPluginEventMessage) & { jsep?: Jsep }>(
      'message',
      { janus: 'message', body, jsep },
      options,
    );
    const data = (reply.plugindata?.data ?? {}) as T & { error_code?: number; error?: string };
    if (typeof data.error_code === 'number') {
      throw new JanusPluginError(data.error_code, data.error ?? 'plugin error', this.plugin, requestName(body));
    }
    return { reply: reply.jsep ? { data, jsep: reply.jsep } : { data }, async: reply.janus === 'event' };
  }

  /** Sends a handle-level request through the session (adds `handle_id`; owned by this handle). */
  protected send<T>(
    kind: string,
    payload: Record<string, unknown>,
    options?: JanusRequestOptions,
    ackResolves = false,
  ): Promise<T> {
    if (this.detachedInfo)
      return Promise.reject(new JanusHandleDetachedError(this.id, this.detachedInfo.message, kind));
    payload.handle_id = this.id;
    return this.session.request<T>(kind, payload, options, this, ackResolves);
  }

  /** @internal Routes one message from Janus to this handle's streams. */
  dispatch(message: JanusPluginEventMessage | JanusHandleCoreMessage): void {
    if (message.janus === 'event') {
      if (!this.eventSubject) return;
      const event = this.decodeEvent(message.plugindata?.data ?? {}, message.jsep);
      if (event !== undefined) this.eventSubject.next(event);
      return;
    }
    this.coreSubject?.next(message);
    if (message.janus === 'detached') {
      // Janus may send `detached` before the reply to our own detach request.
      this.closeLocally(
        this.detachPromise
          ? { reason: 'detached', message: 'detached by the application' }
          : { reason: 'detached-by-janus', message: 'detached by Janus' },
      );
    }
  }

  /** @internal Routes a message of a kind this library does not know to `unknownMessages$`. */
  dispatchUnknown(message: JanusUnknownMessage): void {
    this.unknownSubject?.next(message);
  }

  /** @internal Ends the handle locally: rejects its pending requests, completes its streams. */
  closeLocally(info: JanusHandleDetached): void {
    if (this.detachedInfo) return;
    this.detachedInfo = info;
    this.session.forgetHandle(this, info.message);
    this.eventSubject?.complete();
    this.coreSubject?.complete();
    this.unknownSubject?.complete();
    this.detachedSubject?.next(info);
    this.detachedSubject?.complete();
  }

  private newSubject<T>(): EventStream<T> {
    const subject = new EventStream<T>();
    if (this.detachedInfo) subject.complete();
    return subject;
  }

  private stream<T>(key: string, make: () => Observable<T>): Observable<T> {
    this.streams ??= new Map();
    let stream = this.streams.get(key) as Observable<T> | undefined;
    if (!stream) {
      stream = make();
      this.streams.set(key, stream);
    }
    return stream;
  }

  private core$<M extends JanusHandleCoreMessage, R>(kind: M['janus'], project: (message: M) => R): Observable<R> {
    return this.stream(kind, () =>
      this.coreEvents$.pipe(
        filter((m): m is M => m.janus === kind),
        map(project),
      ),
    );
  }
}

/** The `request` field of a plugin message body, for error reports. */
function requestName(body: object): string {
  const request = (body as { request?: unknown }).request;
  return typeof request === 'string' ? request : 'message';
}

/** Janus says the handle or session does not exist (458/459), or it already ended here. */
function isGoneError(err: unknown): boolean {
  if (err instanceof JanusRequestError) {
    return err.targetNotFound;
  }
  return err instanceof JanusHandleDetachedError || err instanceof JanusSessionClosedError;
}

/** @internal Throws when a reply lacks the id Janus must send. */
export function requireId(reply: JanusSuccessMessage, request: string): JanusId {
  const id = reply.data?.id;
  if (typeof id !== 'number') throw new JanusProtocolError(`reply without data.id`, request);
  return id;
}
