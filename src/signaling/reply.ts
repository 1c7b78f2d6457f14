import { SetMetadata } from '@nestjs/common';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { Socket } from 'socket.io';
import { sendAck, sendReply, type Ack, type RequestId } from './envelope.js';

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
 * `{ _id, ok: true, data }` (by the signaling adapter, see {@link answer}). Return {@link afterReply} to run code
 * once it is sent.
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

/** The {@link Reply}/{@link AckOnly} of each event a gateway handles (`@SubscribeMessage`), by event. */
export type ReplyTable = ReadonlyMap<string, ReplyMetadata>;

/** The reply table of the gateway class whose prototype is `prototype` (its methods and its ancestors'). */
export function replyTableOf(prototype: object): ReplyTable {
  const table = new Map<string, ReplyMetadata>();
  for (
    let proto: object | null = prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
      if (typeof method !== 'function') continue;
      const event = Reflect.getMetadata(MESSAGE_METADATA, method) as unknown;
      const reply = replyMetadataOf(method);
      if (typeof event === 'string' && reply && !table.has(event)) table.set(event, reply);
    }
  }
  return table;
}

/**
 * Sends what a {@link Reply}/{@link AckOnly} handler resolved with: the reply event (the handler's, or the one
 * {@link replyAs} chose) and the ack, or with no event only the ack; then runs its after-reply code. For a handler
 * that succeeded only: the exception filter answers one that failed.
 */
export function answer(
  socket: Socket,
  metadata: ReplyMetadata,
  id: RequestId,
  result: unknown,
  ack: Ack | undefined,
): void {
  const { data, after, event } =
    result instanceof AfterReply ? result : { data: result, after: undefined, event: undefined };
  send(socket, event ?? metadata.event, id, data, ack);
  after?.();
}

/** The reply event `event` and the ack, or with no event, the ack alone. */
function send(socket: Socket, event: string | undefined, id: RequestId, data: unknown, ack: Ack | undefined): void {
  if (event === undefined) sendAck(id, ack);
  else sendReply(socket, event, id, data, ack);
}
