/**
 * The app's error codes. One list for every transport: the `code` of a socket's `*-error` event and failed ack
 * (docs/PROTOCOL.md), and of the `{ code, message, janusCode? }` body of an HTTP error (room administration API,
 * WHIP/WHEP). Each code has one HTTP status (`HTTP_STATUS_OF` in error-table.ts).
 */
export const ErrorCode = {
  /** The request is malformed: a field is missing, of the wrong type, out of range or too large. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** No valid token. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The caller lacks the role for this request, or Janus refused its credentials (433). */
  FORBIDDEN: 'FORBIDDEN',
  /** No such room, feed, handle (`handle-not-available`) or resource. */
  NOT_FOUND: 'NOT_FOUND',
  /** The request clashes with the state of the room: it exists, it is full, the feed already publishes. */
  CONFLICT: 'CONFLICT',
  /** Janus or a plugin refused the request for another reason (`janusCode` carries Janus's code). */
  JANUS_ERROR: 'JANUS_ERROR',
  /** Janus did not answer in time. */
  TIMEOUT: 'TIMEOUT',
  /** Janus is unreachable (`backend-failure`). */
  BACKEND_FAILURE: 'BACKEND_FAILURE',
  /** The Janus session serving the request is gone (Janus restarted): start over (`session-not-available`). */
  SESSION_NOT_AVAILABLE: 'SESSION_NOT_AVAILABLE',
  /** Too many expensive requests from this socket or address. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A bug on the server side; details are in the server log only. */
  INTERNAL: 'INTERNAL',
  // The codes below are HTTP's only: WHIP/WHEP answers with them where RFC 9725 asks for these statuses.
  /** The method is not served on this URL (`Allow` lists the ones that are). */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /** `If-Match` does not match the resource's entity tag. */
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  /** The body is larger than the server takes. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The body is not of a media type the route takes (`Accept-Post` / `Accept-Patch` name it). */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The offer is well-formed but nothing in it can be negotiated. */
  UNPROCESSABLE: 'UNPROCESSABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes only the HTTP side answers with; a socket request never ends in one of them. */
export const HTTP_ONLY_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.METHOD_NOT_ALLOWED,
  ErrorCode.PRECONDITION_FAILED,
  ErrorCode.PAYLOAD_TOO_LARGE,
  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  ErrorCode.UNPROCESSABLE,
]);

/** What an {@link AppError} may carry besides its code and message. */
export interface AppErrorOptions {
  /** The number Janus or its plugin answered with, when Janus refused the request. */
  readonly janusCode?: number;
  /** HTTP only: headers the error response carries (`Allow` with a 405, ...); the socket ignores them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An error the app answers with, on whatever transport the request came: `code` says what went wrong for programs,
 * the message for people. Throw it from any handler, guard, pipe or service; `toAppError` (error-table.ts) turns
 * everything else (Janus's errors, bugs) into one.
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly janusCode?: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.janusCode = options.janusCode;
    this.headers = options.headers ?? {};
  }
}
