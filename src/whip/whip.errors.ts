import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import {
  JanusConnectError,
  JanusConnectionClosedError,
  JanusHandleDetachedError,
  JanusInvalidRequestError,
  JanusPluginError,
  JanusRequestError,
  JanusSessionClosedError,
  JanusTimeoutError,
} from 'nestjs-janus';
import { ForbiddenError, UnauthorizedError } from '../auth/index.js';
import { SdpError } from './sdp.js';
import { WhepNoMatchError } from './whep-bridge.js';

/** The `code` of a WHIP/WHEP error body. */
export type WhipErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'INTERNAL'
  | 'NOT_IMPLEMENTED'
  | 'BACKEND_FAILURE'
  | 'TIMEOUT';

/** An error a WHIP/WHEP endpoint answers with: `status` and a JSON body `{ code, message, janusCode? }`. */
export class WhipError extends Error {
  override readonly name = 'WhipError';
  constructor(
    readonly status: number,
    readonly code: WhipErrorCode,
    message: string,
    readonly janusCode?: number,
    /** Extra response headers (`Allow` for 405, ...). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** VideoRoom / EchoTest plugin error codes -> HTTP status and code. */
const PLUGIN_ERRORS: Readonly<Record<number, readonly [number, WhipErrorCode]>> = {
  426: [404, 'NOT_FOUND'], // no such room
  428: [404, 'NOT_FOUND'], // no such feed
  432: [409, 'CONFLICT'], // the room's publishers limit is reached
  433: [403, 'FORBIDDEN'], // unauthorized (pin, token ACL)
  434: [409, 'CONFLICT'], // already publishing
  436: [409, 'CONFLICT'], // id exists
  437: [400, 'BAD_REQUEST'], // invalid SDP
  431: [400, 'BAD_REQUEST'], // invalid SDP type
  429: [400, 'BAD_REQUEST'],
  430: [400, 'BAD_REQUEST'],
};

/** Janus core error codes about the JSEP -> 400. */
const JSEP_ERRORS = new Set([464, 465, 466, 469]);

/** Turns anything thrown while serving a WHIP/WHEP request into the HTTP error the client gets. */
export function toWhipError(err: unknown): WhipError {
  if (err instanceof WhipError) return err;
  if (err instanceof SdpError) return new WhipError(400, 'BAD_REQUEST', `invalid SDP: ${err.message}`);
  if (err instanceof WhepNoMatchError) return new WhipError(422, 'UNPROCESSABLE', err.message);
  if (err instanceof UnauthorizedError) return new WhipError(401, 'UNAUTHORIZED', err.message);
  if (err instanceof ForbiddenError) return new WhipError(403, 'FORBIDDEN', err.message);
  if (err instanceof JanusPluginError) {
    const [status, code] = PLUGIN_ERRORS[err.janusCode] ?? [502, 'BACKEND_FAILURE'];
    return new WhipError(status, code, err.reason, err.janusCode);
  }
  if (err instanceof JanusRequestError) {
    if (JSEP_ERRORS.has(err.janusCode)) return new WhipError(400, 'BAD_REQUEST', err.reason, err.janusCode);
    return new WhipError(502, 'BACKEND_FAILURE', err.reason, err.janusCode);
  }
  if (err instanceof JanusInvalidRequestError) return new WhipError(400, 'BAD_REQUEST', err.reason);
  if (err instanceof JanusTimeoutError)
    return new WhipError(504, 'TIMEOUT', `Janus did not answer in ${err.timeoutMs} ms`);
  if (
    err instanceof JanusConnectionClosedError ||
    err instanceof JanusConnectError ||
    err instanceof JanusSessionClosedError ||
    err instanceof JanusHandleDetachedError
  ) {
    return new WhipError(503, 'BACKEND_FAILURE', 'the media server is not available');
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code: WhipErrorCode =
      status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    return new WhipError(status, code, err.message);
  }
  return new WhipError(500, 'INTERNAL', 'internal error');
}

/** Answers every error of the WHIP/WHEP controllers as `{ code, message, janusCode? }` with the RFC's statuses. */
@Catch()
export class WhipExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WHIP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toWhipError(exception);
    if (error.status >= 500 && error.code === 'INTERNAL') {
      this.logger.error('unexpected error', exception instanceof Error ? exception.stack : String(exception));
    }
    if (res.headersSent) return;
    if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="whip"');
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json({
      code: error.code,
      message: error.message,
      ...(error.janusCode !== undefined ? { janusCode: error.janusCode } : {}),
    });
  }
}
