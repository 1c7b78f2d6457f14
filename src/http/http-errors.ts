import { HttpException, HttpStatus } from '@nestjs/common';
import { HTTP_STATUS_OF, toAppError } from '../errors/index.js';

/** The JSON body of every error response of the HTTP API (room administration, WHIP/WHEP, ...). */
export interface HttpErrorBody {
  /** A stable code: one of the app's (`NOT_FOUND`, `CONFLICT`, ...; src/errors) or an HTTP status name. */
  code: string;
  message: string;
  /** Janus's error code, when Janus refused the request. */
  janusCode?: number;
}

/** An error as the HTTP side answers it: a status, headers and a `{ code, message, janusCode? }` body. */
export interface HttpErrorResponse {
  status: number;
  body: HttpErrorBody;
  /** Headers the error asks for (`Allow` with a 405, ...). */
  headers: Readonly<Record<string, string>>;
  /** The error is a bug (logged with its stack by the filter). */
  internal: boolean;
}

/**
 * Turns anything thrown while serving an HTTP request into its response. Nest's `HttpException`s keep their status
 * (code: the status name, e.g. `UNSUPPORTED_MEDIA_TYPE`); everything else goes through the app's one error table
 * (`toAppError`, `HTTP_STATUS_OF`), as for the sockets.
 */
export function toHttpError(err: unknown): HttpErrorResponse {
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message =
      typeof response === 'string' ? response : messageOf((response as { message?: unknown }).message) || err.message;
    const code = (HttpStatus as unknown as Record<number, string | undefined>)[status] ?? `HTTP_${status}`;
    return { status, body: { code, message }, headers: {}, internal: false };
  }
  const error = toAppError(err);
  return {
    status: HTTP_STATUS_OF[error.code],
    body: {
      code: error.code,
      message: error.message,
      ...(error.janusCode !== undefined ? { janusCode: error.janusCode } : {}),
    },
    headers: error.headers,
    internal: error.code === 'INTERNAL',
  };
}

function messageOf(message: unknown): string {
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : '';
}
