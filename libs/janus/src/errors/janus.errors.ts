/** Stable string codes carried by every nestjs-janus error (`err.code`). */
export const JanusErrorCode = {
  /** Janus answered a request with `{"janus":"error"}` (see `janusCode`). */
  REQUEST_FAILED: 'JANUS_REQUEST_FAILED',
  /** A plugin answered with `error_code`/`error` (see `janusCode`). */
  PLUGIN_ERROR: 'JANUS_PLUGIN_ERROR',
  /** No reply within the request timeout. */
  TIMEOUT: 'JANUS_TIMEOUT',
  /** The WebSocket to Janus closed (or was never open) while the request was pending. */
  CONNECTION_CLOSED: 'JANUS_CONNECTION_CLOSED',
  /** No configured server could be reached at connect. */
  CONNECT_FAILED: 'JANUS_CONNECT_FAILED',
  /** The session was destroyed, timed out or lost. */
  SESSION_CLOSED: 'JANUS_SESSION_CLOSED',
  /** The handle was detached. */
  HANDLE_DETACHED: 'JANUS_HANDLE_DETACHED',
  /** Options given to the library are invalid. */
  INVALID_OPTIONS: 'JANUS_INVALID_OPTIONS',
  /** Janus sent something that breaks the protocol (e.g. a reply of the wrong kind). */
  PROTOCOL_ERROR: 'JANUS_PROTOCOL_ERROR',
  /** Janus refused the credentials (`apiSecret` or `token`) at connect. */
  UNAUTHORIZED: 'JANUS_UNAUTHORIZED',
  /** The request cannot be sent: Janus could not parse it (e.g. a string with a NUL character). Nothing was sent. */
  INVALID_REQUEST: 'JANUS_INVALID_REQUEST',
} as const;
export type JanusErrorCode = (typeof JanusErrorCode)[keyof typeof JanusErrorCode];

/** Numeric error codes of the Janus core API (`error.code` of a `{"janus":"error"}` reply). */
export const JanusCoreErrorCode = {
  UNAUTHORIZED_REQUEST: 403,
  UNAUTHORIZED_PLUGIN: 405,
  UNKNOWN: 490,
  TRANSPORT_SPECIFIC: 450,
  MISSING_REQUEST: 452,
  UNKNOWN_REQUEST: 453,
  INVALID_JSON: 454,
  INVALID_JSON_OBJECT: 455,
  MISSING_MANDATORY_ELEMENT: 456,
  INVALID_REQUEST_PATH: 457,
  SESSION_NOT_FOUND: 458,
  HANDLE_NOT_FOUND: 459,
  PLUGIN_NOT_FOUND: 460,
  PLUGIN_ATTACH: 461,
  PLUGIN_MESSAGE: 462,
  PLUGIN_DETACH: 463,
  JSEP_UNKNOWN_TYPE: 464,
  JSEP_INVALID_SDP: 465,
  TRICKE_INVALID_STREAM: 466,
  INVALID_ELEMENT_TYPE: 467,
  SESSION_CONFLICT: 468,
  UNEXPECTED_ANSWER: 469,
  TOKEN_NOT_FOUND: 470,
  WEBRTC_STATE: 471,
  NOT_ACCEPTING_SESSIONS: 472,
} as const;

/** Base class of every error this library throws. */
export class JanusError extends Error {
  override readonly name: string = 'JanusError';
  /** Stable code, one of {@link JanusErrorCode}. */
  readonly code: JanusErrorCode;
  /** Human-readable reason (Janus's own `reason` where there is one). */
  readonly reason: string;
  /** The Janus request kind that failed (`create`, `attach`, `message`, `keepalive`, ...), if any. */
  readonly request?: string;

  constructor(code: JanusErrorCode, reason: string, request?: string, options?: { cause?: unknown }) {
    super(request ? `${request}: ${reason}` : reason, options);
    this.code = code;
    this.reason = reason;
    this.request = request;
  }
}

/** Janus answered `{"janus":"error","error":{"code","reason"}}`, e.g. 458 No such session. */
export class JanusRequestError extends JanusError {
  override readonly name = 'JanusRequestError';
  constructor(
    /** Janus's numeric error code ({@link JanusCoreErrorCode}). */
    readonly janusCode: number,
    reason: string,
    request?: string,
  ) {
    super(JanusErrorCode.REQUEST_FAILED, reason, request);
  }

  /** Janus does not know the session (458): it timed out, was destroyed, or Janus restarted. */
  get sessionNotFound(): boolean {
    return this.janusCode === JanusCoreErrorCode.SESSION_NOT_FOUND;
  }

  /** Janus does not know the session (458) or the handle (459): the request's target is gone. */
  get targetNotFound(): boolean {
    return this.sessionNotFound || this.janusCode === JanusCoreErrorCode.HANDLE_NOT_FOUND;
  }
}

/** A plugin answered with `error_code` and `error` in its data (e.g. VideoRoom 426 No such room). */
export class JanusPluginError extends JanusError {
  override readonly name = 'JanusPluginError';
  constructor(
    /** The plugin's numeric `error_code`. */
    readonly janusCode: number,
    reason: string,
    /** The plugin package name, e.g. `janus.plugin.videoroom`. */
    readonly plugin?: string,
    request?: string,
  ) {
    super(JanusErrorCode.PLUGIN_ERROR, reason, request);
  }
}

/** No reply from Janus within the request timeout; the pending request is forgotten. */
export class JanusTimeoutError extends JanusError {
  override readonly name = 'JanusTimeoutError';
  constructor(
    request: string,
    /** The timeout that expired, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(JanusErrorCode.TIMEOUT, `no reply from Janus within ${timeoutMs} ms`, request);
  }
}

/** The connection to Janus closed (or is reconnecting) while a request was pending or being sent. */
export class JanusConnectionClosedError extends JanusError {
  override readonly name = 'JanusConnectionClosedError';
  constructor(reason = 'connection to Janus closed', request?: string) {
    super(JanusErrorCode.CONNECTION_CLOSED, reason, request);
  }
}

/** No configured Janus server answered at connect, or every one refused the credentials. */
export class JanusConnectError extends JanusError {
  override readonly name = 'JanusConnectError';
  constructor(
    reason: string,
    /** The last error seen for each server URL. */
    readonly attempts: ReadonlyArray<{ url: string; error: string }> = [],
    /** True when the servers answered but refused the credentials (wrong or missing `apiSecret`/`token`). */
    readonly unauthorized = false,
  ) {
    super(JanusErrorCode.CONNECT_FAILED, reason, 'connect');
  }
}

/**
 * Janus answered but refused the credentials: the probe at connect (a session created and destroyed) got
 * 403 Unauthorized. `info` needs no credentials, so without the probe a wrong secret would surface only at the
 * application's first request.
 */
export class JanusUnauthorizedError extends JanusError {
  override readonly name = 'JanusUnauthorizedError';
  constructor(
    /** The server that refused them. */
    readonly url: string,
    reason: string,
  ) {
    super(JanusErrorCode.UNAUTHORIZED, reason, 'connect');
  }
}

/** The session is closed (destroyed, timed out on Janus, or lost when Janus restarted). */
export class JanusSessionClosedError extends JanusError {
  override readonly name = 'JanusSessionClosedError';
  constructor(
    readonly sessionId: number,
    reason: string,
    request?: string,
  ) {
    super(JanusErrorCode.SESSION_CLOSED, reason, request);
  }
}

/** The handle is detached (by the app, by the plugin, or because its session closed). */
export class JanusHandleDetachedError extends JanusError {
  override readonly name = 'JanusHandleDetachedError';
  constructor(
    readonly handleId: number,
    reason: string,
    request?: string,
  ) {
    super(JanusErrorCode.HANDLE_DETACHED, reason, request);
  }
}

/** Invalid options; `field` names the offending option (e.g. `servers[0].url`). */
export class JanusInvalidOptionsError extends JanusError {
  override readonly name = 'JanusInvalidOptionsError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(JanusErrorCode.INVALID_OPTIONS, `invalid option ${field}: ${reason}`);
  }
}

/** Janus sent a reply that breaks the protocol (e.g. `create` without `data.id`). */
export class JanusProtocolError extends JanusError {
  override readonly name = 'JanusProtocolError';
  constructor(reason: string, request?: string) {
    super(JanusErrorCode.PROTOCOL_ERROR, reason, request);
  }
}

/**
 * A request the library refused to send because Janus could not parse it: a string holding a NUL character or a lone
 * UTF-16 surrogate. Janus drops such a frame without answering, so sending it would only end in a timeout.
 */
export class JanusInvalidRequestError extends JanusError {
  override readonly name = 'JanusInvalidRequestError';
  constructor(reason: string, request?: string) {
    super(JanusErrorCode.INVALID_REQUEST, reason, request);
  }
}
