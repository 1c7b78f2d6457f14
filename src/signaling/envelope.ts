import type { Socket } from 'socket.io';
import type { AppError } from '../errors/index.js';

/** The client's request id, echoed back in replies and errors. */
export type RequestId = string | number | undefined;

/** What a client emits: `socket.emit(event, { _id, data }, ack?)`. */
export interface ClientEnvelope<T = unknown> {
  _id?: string | number;
  data?: T;
}

/** The ack callback a client may pass. */
export type Ack = (response: AckResponse) => void;

/** What the ack receives. */
export type AckResponse =
  | { _id: RequestId; ok: true; data: unknown }
  | { _id: RequestId; ok: false; error: { code: string; message: string; janusCode?: number } };

/** The client's ack among a handler's arguments (what Nest's `@Ack()` resolves to): their only function. */
export function ackOf(args: readonly unknown[]): Ack | undefined {
  return args.find((arg): arg is Ack => typeof arg === 'function');
}

/** The request id of a payload, when it is a valid one (a string or a finite number). */
export function requestIdOf(payload: unknown): RequestId {
  const id = (payload as ClientEnvelope | undefined)?._id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined;
}

/** Sends a reply: the named event `{ _id, data }`, and the ack `{ _id, ok: true, data }` if there is one. */
export function sendReply(socket: Socket, event: string, id: RequestId, data: unknown, ack?: Ack): void {
  socket.emit(event, id === undefined ? { data } : { _id: id, data });
  ack?.({ _id: id, ok: true, data });
}

/** Acknowledges a request that has no reply event (`trickle`): only the ack, if the client passed one. */
export function sendAck(id: RequestId, ack?: Ack): void {
  ack?.({ _id: id, ok: true, data: {} });
}

/** Sends an error: the `*-error` event `{ _id, error, code, janusCode?, request }`, and the failed ack. */
export function sendError(
  socket: Socket,
  errorEvent: string,
  id: RequestId,
  error: AppError,
  request: unknown,
  ack?: Ack,
): void {
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  if (id !== undefined) body._id = id;
  if (error.janusCode !== undefined) body.janusCode = error.janusCode;
  if (request !== undefined) body.request = request;
  socket.emit(errorEvent, body);
  ack?.({
    _id: id,
    ok: false,
    error: {
      code: error.code,
      message: error.message,
      ...(error.janusCode !== undefined ? { janusCode: error.janusCode } : {}),
    },
  });
}

/** Pushes an event that is not a reply: `{ data }`. */
export function push(socket: Socket, event: string, data: unknown): void {
  socket.emit(event, { data });
}
