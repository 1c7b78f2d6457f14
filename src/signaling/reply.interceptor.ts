import { SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ignoreElements, tap, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { ackOf, requestIdOf, sendAck, sendReply, type Ack, type RequestId } from './envelope.js';

/** The metadata key of {@link Reply} and {@link AckOnly}. */
export const REPLY_METADATA = 'signaling:reply';

/** How a handler's result goes back: as the reply event `event` (and the ack), or with no event, as the ack alone. */
export interface ReplyMetadata {
  event: string | undefined;
}

/** A handler whose resolved value is the reply's `data`. */
type ReplyingHandler = (...args: never[]) => Promise<unknown>;

/**
 * The handler's resolved value is sent back as `event` `{ _id, data }` and, when the client passed an ack, as
 * `{ _id, ok: true, data }` (by {@link ReplyInterceptor}). Return {@link afterReply} to run code once it is sent.
 */
export function Reply(
  event: string,
): <H extends ReplyingHandler>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>) => void {
  return SetMetadata<string, ReplyMetadata>(REPLY_METADATA, { event });
}

/** The request has no reply event (`trickle`): once the handler resolves, only the ack `{ _id, ok: true, data: {} }`. */
export function AckOnly(): <H extends (...args: never[]) => Promise<void>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<H>,
) => void {
  return SetMetadata<string, ReplyMetadata>(REPLY_METADATA, { event: undefined });
}

/** The {@link Reply} or {@link AckOnly} of a handler, if it has one. */
export function replyMetadataOf(handler: object): ReplyMetadata | undefined {
  return Reflect.getMetadata(REPLY_METADATA, handler) as ReplyMetadata | undefined;
}

/** A reply's data and what to run right after it went out (see {@link afterReply}, {@link replyAs}). */
export class AfterReply<T = unknown> {
  constructor(
    readonly data: T,
    readonly after: () => void,
    /** The reply event, when Janus's answer decides it (instead of the handler's {@link Reply}). */
    readonly event?: string,
  ) {}
}

/**
 * What a {@link Reply} handler returns when something must follow its reply, e.g. the ICE candidates held back
 * until the reply carrying the SDP is out: `return afterReply(data, () => relay.releaseCandidates())`.
 */
export function afterReply<T>(data: T, after: () => void): AfterReply<T> {
  return new AfterReply(data, after);
}

/**
 * A reply sent as `event` rather than the handler's {@link Reply} event, for requests whose reply event depends on
 * Janus's answer (Streaming's `start` replies `starting` or `started`, as Janus says).
 */
export function replyAs<T>(event: string, data: T, after: () => void = () => undefined): AfterReply<T> {
  return new AfterReply(data, after, event);
}

/**
 * Sends what a {@link Reply}/{@link AckOnly} handler resolves with (handlers without either pass through). Nothing
 * goes back to Nest: its own ack and `WsResponse` handling never fire. A handler that throws sends nothing here;
 * its error goes on to the gateway's exception filter.
 */
export class ReplyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = replyMetadataOf(context.getHandler());
    if (!metadata) return next.handle();
    return next.handle().pipe(
      tap((result: unknown) => answer(context, metadata.event, result)),
      ignoreElements(),
    );
  }
}

/** Sends the reply `event` (or with none, only the ack) of a request, then runs its after-reply code. */
function answer(context: ExecutionContext, event: string | undefined, result: unknown): void {
  const ws = context.switchToWs();
  const id = requestIdOf(ws.getData<unknown>());
  const ack = ackOf(context.getArgs());
  const { data, after, event: chosen } = result instanceof AfterReply ? result : { data: result, after: undefined };
  send(ws.getClient<Socket>(), chosen ?? event, id, data, ack);
  after?.();
}

/** The reply event `event` and the ack, or with no event, the ack alone. */
function send(socket: Socket, event: string | undefined, id: RequestId, data: unknown, ack: Ack | undefined): void {
  if (event === undefined) sendAck(id, ack);
  else sendReply(socket, event, id, data, ack);
}
