import {
  AudioBridgeErrorCode,
  AudioBridgePlugin,
  JanusConnectError,
  JanusConnectionClosedError,
  JanusCoreErrorCode,
  JanusError,
  JanusHandleDetachedError,
  JanusInvalidRequestError,
  JanusPluginError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
  StreamingErrorCode,
  StreamingPlugin,
  TextRoomErrorCode,
  TextRoomPlugin,
  VideoRoomErrorCode,
  VideoRoomPlugin,
} from 'nestjs-janus';
import { AppError, type ErrorCode } from './app-error.js';

/** The messages Janode's example front-ends match on; the HTTP side answers with the same ones. */
export const BACKEND_FAILURE = 'backend-failure';
export const SESSION_NOT_AVAILABLE = 'session-not-available';
export const HANDLE_NOT_AVAILABLE = 'handle-not-available';

/** Plugin error codes with a closer meaning than `JANUS_ERROR`, by plugin (their numbers overlap across plugins). */
const PLUGIN_CODES: Readonly<Record<string, Readonly<Record<number, ErrorCode>>>> = {
  [VideoRoomPlugin.pluginName]: {
    [VideoRoomErrorCode.NO_SUCH_ROOM]: 'NOT_FOUND',
    [VideoRoomErrorCode.NO_SUCH_FEED]: 'NOT_FOUND',
    [VideoRoomErrorCode.ROOM_EXISTS]: 'CONFLICT',
    [VideoRoomErrorCode.PUBLISHERS_FULL]: 'CONFLICT',
    [VideoRoomErrorCode.ALREADY_PUBLISHED]: 'CONFLICT',
    [VideoRoomErrorCode.ID_EXISTS]: 'CONFLICT',
    [VideoRoomErrorCode.UNAUTHORIZED]: 'FORBIDDEN',
    [VideoRoomErrorCode.MISSING_ELEMENT]: 'BAD_REQUEST',
    [VideoRoomErrorCode.INVALID_ELEMENT]: 'BAD_REQUEST',
    [VideoRoomErrorCode.INVALID_SDP_TYPE]: 'BAD_REQUEST',
    [VideoRoomErrorCode.INVALID_SDP]: 'BAD_REQUEST',
  },
  [AudioBridgePlugin.pluginName]: {
    [AudioBridgeErrorCode.NO_SUCH_ROOM]: 'NOT_FOUND',
    [AudioBridgeErrorCode.NO_SUCH_USER]: 'NOT_FOUND',
    [AudioBridgeErrorCode.NO_SUCH_GROUP]: 'NOT_FOUND',
    [AudioBridgeErrorCode.ROOM_EXISTS]: 'CONFLICT',
    [AudioBridgeErrorCode.ID_EXISTS]: 'CONFLICT',
    [AudioBridgeErrorCode.ALREADY_JOINED]: 'CONFLICT',
    [AudioBridgeErrorCode.NOT_JOINED]: 'CONFLICT',
    [AudioBridgeErrorCode.UNAUTHORIZED]: 'FORBIDDEN',
    [AudioBridgeErrorCode.MISSING_ELEMENT]: 'BAD_REQUEST',
    [AudioBridgeErrorCode.INVALID_ELEMENT]: 'BAD_REQUEST',
    [AudioBridgeErrorCode.INVALID_SDP]: 'BAD_REQUEST',
  },
  [StreamingPlugin.pluginName]: {
    [StreamingErrorCode.NO_SUCH_MOUNTPOINT]: 'NOT_FOUND',
    [StreamingErrorCode.UNAUTHORIZED]: 'FORBIDDEN',
    [StreamingErrorCode.MISSING_ELEMENT]: 'BAD_REQUEST',
    [StreamingErrorCode.INVALID_ELEMENT]: 'BAD_REQUEST',
    [StreamingErrorCode.INVALID_STATE]: 'CONFLICT',
    [StreamingErrorCode.CANT_SWITCH]: 'CONFLICT',
  },
  [TextRoomPlugin.pluginName]: {
    [TextRoomErrorCode.NO_SUCH_ROOM]: 'NOT_FOUND',
    [TextRoomErrorCode.NO_SUCH_USER]: 'NOT_FOUND',
    [TextRoomErrorCode.ROOM_EXISTS]: 'CONFLICT',
    [TextRoomErrorCode.USERNAME_EXISTS]: 'CONFLICT',
    [TextRoomErrorCode.ALREADY_IN_ROOM]: 'CONFLICT',
    [TextRoomErrorCode.ALREADY_SETUP]: 'CONFLICT',
    [TextRoomErrorCode.NOT_IN_ROOM]: 'CONFLICT',
    [TextRoomErrorCode.UNAUTHORIZED]: 'FORBIDDEN',
    [TextRoomErrorCode.MISSING_ELEMENT]: 'BAD_REQUEST',
    [TextRoomErrorCode.INVALID_ELEMENT]: 'BAD_REQUEST',
  },
};

/** Janus core error codes with a closer meaning than `JANUS_ERROR`, and the message they are told with. */
const CORE_CODES: Readonly<Record<number, readonly [ErrorCode, string?]>> = {
  [JanusCoreErrorCode.SESSION_NOT_FOUND]: ['SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE],
  [JanusCoreErrorCode.HANDLE_NOT_FOUND]: ['NOT_FOUND', HANDLE_NOT_AVAILABLE],
  // The client's SDP or candidates: its input was bad.
  [JanusCoreErrorCode.JSEP_UNKNOWN_TYPE]: ['BAD_REQUEST'],
  [JanusCoreErrorCode.JSEP_INVALID_SDP]: ['BAD_REQUEST'],
  [JanusCoreErrorCode.TRICKE_INVALID_STREAM]: ['BAD_REQUEST'],
  [JanusCoreErrorCode.UNEXPECTED_ANSWER]: ['BAD_REQUEST'],
};

/**
 * Turns anything thrown while serving a request, on any transport, into the error the client is told: an
 * {@link AppError} as it is, Janus's errors by the tables above, anything else as `INTERNAL` (a bug: the transport
 * logs it, the client learns nothing of it).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof JanusPluginError) {
    const code = PLUGIN_CODES[err.plugin ?? '']?.[err.janusCode] ?? 'JANUS_ERROR';
    return new AppError(code, err.reason, { janusCode: err.janusCode });
  }
  if (err instanceof JanusRequestError) {
    const [code, message] = CORE_CODES[err.janusCode] ?? ['JANUS_ERROR'];
    return new AppError(code, message ?? err.reason, { janusCode: err.janusCode });
  }
  if (err instanceof JanusTimeoutError) return new AppError('TIMEOUT', `Janus did not answer in ${err.timeoutMs} ms`);
  if (err instanceof JanusConnectionClosedError || err instanceof JanusConnectError) {
    return new AppError('BACKEND_FAILURE', BACKEND_FAILURE);
  }
  if (err instanceof JanusSessionClosedError) return new AppError('SESSION_NOT_AVAILABLE', SESSION_NOT_AVAILABLE);
  if (err instanceof JanusHandleDetachedError) return new AppError('NOT_FOUND', HANDLE_NOT_AVAILABLE);
  // The library refused to send it (Janus could not have parsed it): the client's input was bad.
  if (err instanceof JanusInvalidRequestError) return new AppError('BAD_REQUEST', err.reason);
  if (err instanceof JanusError) return new AppError('JANUS_ERROR', err.message);
  return new AppError('INTERNAL', 'internal error');
}

/**
 * The HTTP status of each code, for the room administration API and WHIP/WHEP alike. WHIP/WHEP differ from the
 * REST API on purpose in two places only, neither of them a status of this table:
 * - RFC 9725's own answers (405 with `Allow`, 412, 415 with `Accept-Post`/`Accept-Patch`, 422, 404 for a resource
 *   that ended) are the HTTP-only codes below, which only WHIP/WHEP raise;
 * - a WHIP/WHEP path whose room or feed is not an id is a 404 (the URL names nothing), where the REST API answers
 *   400 naming the parameter (`JanusIdPipe` with `NOT_FOUND` in whip.controller.ts).
 */
export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // Janus refused for a reason with no closer meaning: the upstream said no.
  JANUS_ERROR: 502,
  TIMEOUT: 504,
  BACKEND_FAILURE: 503,
  SESSION_NOT_AVAILABLE: 503,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  METHOD_NOT_ALLOWED: 405,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
};
