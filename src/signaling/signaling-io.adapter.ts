import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import type { SignalingConfig } from '../config/index.js';
import { requestIdOf, type Ack, type AckResponse } from './envelope.js';
import { signalingNamespaceOf } from './namespace-registry.js';
import { answer, type ReplyMetadata } from './reply.js';
import type { TokenExpiry } from './token-expiry.js';

/**
 * socket.io on the app's HTTP server, with the message size capped (`WS_MAX_PAYLOAD_BYTES`), the heartbeat the app
 * configures (`WS_PING_INTERVAL_MS`, `WS_PING_TIMEOUT_MS`), and one listener per
 * socket for every handler of its gateway; with several instances, on the Redis adapter.
 *
 * Nest's own `IoAdapter` builds an RxJS pipeline (`fromEvent` + `mergeMap` + `takeUntil`) per handler per socket: with
 * the VideoRoom gateway's two dozen handlers that was ~100 KiB of heap per connected client and most of the CPU of a
 * connect. Here a socket gets one `onAny` listener that first refuses every request of a socket whose token has
 * expired (the namespace's {@link TokenExpiry}: socket.io runs `onAny` listeners before a socket's middlewares, so
 * the check cannot be one), then finds the handler by event name and runs it with Nest's semantics: the payload
 * split into data and ack, a result (value, promise or observable) that is not empty passed to the ack, errors the
 * exception filter did not turn into a reply logged. A handler with `@Reply`/`@AckOnly` (the signaling gateways'
 * handlers, see reply.ts) is answered here too, in the envelope of src/signaling/envelope.ts: its reply event and
 * ack once it resolves, nothing when it failed (the exception filter answered). This takes the place
 * of a Nest interceptor, which would build an RxJS chain and an async resource for every message.
 */
export class SignalingIoAdapter extends IoAdapter {
  private readonly indexes = new WeakMap<Namespace, HandlerIndex>();

  constructor(
    app: INestApplicationContext,
    private readonly limits: SocketLimits,
    /**
     * socket.io's adapter, with several instances (`REDIS_URL`): `@socket.io/redis-adapter`, so a broadcast
     * (`namespace.emit`, `to(room)`, `fetchSockets()`, `disconnectSockets()`) reaches the sockets of every instance.
     * Unset: socket.io's in-memory adapter, this process's sockets only.
     */
    private readonly adapter?: ServerOptions['adapter'],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: this.limits.maxPayloadBytes,
      ...(this.limits.heartbeat
        ? { pingInterval: this.limits.heartbeat.intervalMs, pingTimeout: this.limits.heartbeat.timeoutMs }
        : {}),
    } as ServerOptions);
    // Set on the server before the gateways' namespaces are made: each namespace builds its adapter from it.
    if (this.adapter) server.adapter(this.adapter);
    return server;
  }

  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    // Nest's wrapping of a result into an observable (rxjs `from` + `mergeAll` per message): not used, see `respond`.
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    // Nest hands every socket its own copy of the gateway's handlers ({ message, callback, isAckHandledManually },
    // the callback bound to the socket). A socket keeps only its callbacks; which event is which is shared.
    const index = this.indexOf(socket.nsp, handlers);
    const callbacks = handlers.map((h) => h.callback);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const mapped = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: unknown };
      const { data } = mapped;
      const ack = typeof mapped.ack === 'function' ? (mapped.ack as (response: unknown) => void) : undefined;
      // Before anything else: a socket whose token has expired has every request refused, then is disconnected.
      if (index.expiry?.refuses(socket, data, ack)) return;
      const i = typeof event === 'string' ? index.events.get(event) : undefined;
      if (i === undefined) return;
      const replies = index.replies[i];
      if (replies) {
        this.answerRequest(socket, replies, callbacks[i], data, ack);
        return;
      }
      const reply = index.manualAck[i] ? undefined : ack;
      let result: unknown;
      try {
        result = callbacks[i](data, ack);
      } catch (err) {
        this.logger.error(err);
        return;
      }
      this.respond(result, reply);
    });
  }

  /**
   * Runs a `@Reply`/`@AckOnly` handler and answers the request: its reply event and the ack once it resolves. The
   * handler's ack argument is always a function: when the request fails, the exception filter answers through it
   * (the `*-error` event and, if the client asked for one, the failed ack), which tells that nothing more is to be
   * sent.
   */
  private answerRequest(
    socket: Socket,
    metadata: ReplyMetadata,
    callback: (...args: unknown[]) => unknown,
    payload: unknown,
    ack: Ack | undefined,
  ): void {
    let failed = false;
    const answered = (response: AckResponse): void => {
      if (!response.ok) failed = true;
      ack?.(response);
    };
    const succeeded = (value: unknown): void => {
      if (failed) return;
      try {
        answer(socket, metadata, requestIdOf(payload), value, ack);
      } catch (err) {
        this.logger.error(err);
      }
    };
    const fail = (err: unknown): void => this.logger.error(err);
    try {
      const result = callback(payload, answered);
      if (result instanceof Promise) result.then(succeeded, fail);
      else succeeded(result);
    } catch (err) {
      fail(err);
    }
  }

  /**
   * The event index of a gateway's handlers, built once per namespace (checked against the events Nest hands over,
   * without building anything, should a namespace ever serve more than one gateway).
   */
  private indexOf(namespace: Namespace, handlers: MessageMappingProperties[]): HandlerIndex {
    let index = this.indexes.get(namespace);
    if (!index || !servesSame(index, handlers)) {
      const events = new Map<string, number>();
      // Two handlers of one event (the app has none): the first one serves it.
      handlers.forEach((h, i) => events.has(String(h.message)) || events.set(String(h.message), i));
      const gateway = signalingNamespaceOf(namespace);
      index = {
        messages: handlers.map((h) => h.message),
        events,
        manualAck: handlers.map((h) => h.isAckHandledManually === true),
        replies: handlers.map((h) => gateway?.replies.get(String(h.message))),
        expiry: gateway?.expiry,
      };
      this.indexes.set(namespace, index);
    }
    return index;
  }

  /**
   * What Nest does with a handler's result (its `pickResult` + `mergeAll`), without building observables for it: a
   * promise is awaited; an observable is subscribed; every value that is not empty goes to the ack (when the client
   * asked for one and the handler does not ack itself). Errors the exception filter did not turn into a reply are
   * logged.
   */
  private respond(result: unknown, ack: ((response: unknown) => void) | undefined): void {
    const send = (response: unknown): void => {
      if (response !== undefined && response !== null) ack?.(response);
    };
    const fail = (err: unknown): void => this.logger.error(err);
    const settle = (value: unknown): void => {
      if (isObservable(value)) value.subscribe({ next: send, error: fail });
      else if (value instanceof Promise) value.then(settle, fail);
      else send(value);
    };
    settle(result);
  }
}

/**
 * What the adapter sets on socket.io, from the app's `SignalingConfig`: `maxHttpBufferSize`, and `pingInterval` /
 * `pingTimeout` (socket.io's own without `heartbeat`).
 */
export type SocketLimits = Pick<SignalingConfig, 'maxPayloadBytes'> & Partial<Pick<SignalingConfig, 'heartbeat'>>;

/** Which handler of a gateway serves which event, and which handlers ack by themselves. */
interface HandlerIndex {
  /** The handlers' events, in Nest's order. */
  messages: unknown[];
  events: Map<string, number>;
  manualAck: boolean[];
  /** How each handler answers, for a `@Reply`/`@AckOnly` one. */
  replies: Array<ReplyMetadata | undefined>;
  /** What holds the namespace's sockets to their tokens' `exp` (its gateway's). */
  expiry: TokenExpiry | undefined;
}

/** True when `handlers` are the handlers `index` was built from (the same events in the same order). */
function servesSame(index: HandlerIndex, handlers: MessageMappingProperties[]): boolean {
  if (index.messages.length !== handlers.length) return false;
  for (let i = 0; i < handlers.length; i++) if (index.messages[i] !== handlers[i].message) return false;
  return true;
}
