import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusError,
  JanusHandleDetachedError,
  JanusInvalidRequestError,
  JanusPluginError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
} from 'nestjs-janus';
import { ForbiddenError, UnauthorizedError } from '../auth/index.js';

/** The stable error codes of the signaling protocol (`code` in `*-error` events and acks). */
export const SignalingErrorCode = {
  /** The request is malformed: a field is missing, of the wrong type, or too large. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No valid token. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The token lacks the role for this request (room administration needs the admin role). */
  FORBIDDEN: 'FORBIDDEN',
  /** No such room, feed or handle (`handle-not-available`). */
  NOT_FOUND: 'NOT_FOUND',
  /** The room (or other resource) already exists. */
  CONFLICT: 'CONFLICT',
  /** Janus or a plugin refused the request (`janusCode` carries Janus's code). */
  JANUS_ERROR: 'JANUS_ERROR',
  /** Janus did not answer in time. */
  TIMEOUT: 'TIMEOUT',
  /** Janus is unreachable (`backend-failure`). */
  BACKEND_FAILURE: 'BACKEND_FAILURE',
  /** The socket's Janus session is gone (Janus restarted): rejoin (`session-not-available`). */
  SESSION_NOT_AVAILABLE: 'SESSION_NOT_AVAILABLE',
  /** Too many expensive requests from this socket or address. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A bug on the server side; details are in the server log only. */
  INTERNAL: 'INTERNAL',
} as const;
export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode];

/** The `error` strings that Janode's example front-ends already understand. */
export const BACKEND_FAILURE = 'backend-failure';
export const SESSION_NOT_AVAILABLE = 'session-not-available';
export const HANDLE_NOT_AVAILABLE = 'handle-not-available';

/** An error the gateway reports to the client as `{ error, code, janusCode? }`. */
export class SignalingError extends Error {
  override readonly name = 'SignalingError';
  constructor(
    readonly code: SignalingErrorCode,
    message: string,
    readonly janusCode?: number,
  ) {
    super(message);
  }
}

/** VideoRoom / EchoTest plugin error codes that map to a more specific protocol code. */
const PLUGIN_CODES: Readonly<Record<number, SignalingErrorCode>> = {
  426: 'NOT_FOUND', // no such room
  428: 'NOT_FOUND', // no such feed
  427: 'CONFLICT', // room exists
  433: 'FORBIDDEN', // unauthorized (wrong pin/secret, or not in the allowed list)
  429: 'BAD_REQUEST', // missing element
  430: 'BAD_REQUEST', // invalid element
  431: 'BAD_REQUEST', // invalid SDP type
};

/** Turns anything thrown while serving a request into the error the client sees. */
export function toSignalingError(err: unknown): SignalingError {
  if (err instanceof SignalingError) return err;
  if (err instanceof UnauthorizedError) return new SignalingError('UNAUTHORIZED', err.message);
  if (err instanceof ForbiddenError) return new SignalingError('FORBIDDEN', err.message);
  if (err instanceof JanusPluginError) {
    return new SignalingError(PLUGIN_CODES[err.janusCode] ?? 'JANUS_ERROR', err.reason, err.janusCode);
  }
  if (err instanceof JanusTimeoutError)
    return new SignalingError('TIMEOUT', `Janus did not answer in ${err.timeoutMs} ms`);
  if (err instanceof JanusConnectionClosedError || err instanceof JanusConnectError) {
    return new SignalingError('BACKEND_FAILURE', BACKEND_FAILURE);
  }
  if (err instanceof JanusSessionClosedError) return new SignalingError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
  if (err instanceof JanusHandleDetachedError) return new SignalingError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
  if (err instanceof JanusRequestError) {
    if (err.janusCode === 458) return new SignalingError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE, 458);
    if (err.janusCode === 459) return new SignalingError('NOT_FOUND', HANDLE_NOT_AVAILABLE, 459);
    return new SignalingError('JANUS_ERROR', err.reason, err.janusCode);
  }
  // The library refused to send it (Janus could not have parsed it): the client's input was bad.
  if (err instanceof JanusInvalidRequestError) return new SignalingError('BAD_REQUEST', err.reason);
  if (err instanceof JanusError) return new SignalingError('JANUS_ERROR', err.message);
  return new SignalingError('INTERNAL', 'internal error');
}
