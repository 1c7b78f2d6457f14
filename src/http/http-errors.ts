import { HttpException, HttpStatus } from '@nestjs/common';
import { SignalingError, toSignalingError, type SignalingErrorCode } from '../signaling/index.js';

/** The JSON body of every error response of the HTTP API. */
export interface HttpErrorBody {
  /** A stable code: one of the signaling protocol's (`NOT_FOUND`, `CONFLICT`, ...) or an HTTP status name. */
  code: string;
  message: string;
  /** Janus's error code, when Janus refused the request. */
  janusCode?: number;
}

/**
 * The HTTP status of each of the app's error codes. The Janus error codes are mapped to these codes once, in
 * `toSignalingError` (426/428 -> NOT_FOUND, 427 -> CONFLICT, 433 -> FORBIDDEN, 429/430 -> BAD_REQUEST, ...).
 */
export const HTTP_STATUS_OF: Readonly<Record<SignalingErrorCode, number>> = {
  BAD_REQUEST: HttpStatus.BAD_REQUEST,
  UNAUTHORIZED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  // Janus refused for a reason with no closer meaning (e.g. its own core errors): the upstream said no.
  JANUS_ERROR: HttpStatus.BAD_GATEWAY,
  TIMEOUT: HttpStatus.GATEWAY_TIMEOUT,
  BACKEND_FAILURE: HttpStatus.SERVICE_UNAVAILABLE,
  SESSION_NOT_AVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** An error as the HTTP API answers it: a status and a `{ code, message, janusCode? }` body. */
export interface HttpErrorResponse {
  status: number;
  body: HttpErrorBody;
  /** The error is a bug (logged with its stack by the filter). */
  internal: boolean;
}

/**
 * Turns anything thrown while serving an HTTP request into its response. Nest's `HttpException`s keep their status
 * (code: the status name, e.g. `UNSUPPORTED_MEDIA_TYPE`); everything else goes through `toSignalingError`.
 */
export function toHttpError(err: unknown): HttpErrorResponse {
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message =
      typeof response === 'string' ? response : messageOf((response as { message?: unknown }).message) || err.message;
    const code = (HttpStatus as unknown as Record<number, string | undefined>)[status] ?? `HTTP_${status}`;
    return { status, body: { code, message }, internal: false };
  }
  const error: SignalingError = toSignalingError(err);
  return {
    status: HTTP_STATUS_OF[error.code],
    body: {
      code: error.code,
      message: error.message,
      ...(error.janusCode !== undefined ? { janusCode: error.janusCode } : {}),
    },
    internal: error.code === 'INTERNAL',
  };
}

function messageOf(message: unknown): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : '';
}
