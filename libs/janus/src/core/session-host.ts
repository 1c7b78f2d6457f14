import type { JanusError } from '../errors/janus.errors.js';
import type { JanusId } from '../interfaces/protocol.interface.js';
import type { LogSink } from './logger.js';
import type { JanusHandle } from './handle.js';
import type { JanusSession } from './session.js';
import type { RequestOwner } from './transactions.js';

/** @internal What a session needs from its connection. */
export interface SessionHost {
  readonly log: LogSink;
  request<T>(
    kind: string,
    payload: Record<string, unknown>,
    timeoutMs?: number,
    session?: RequestOwner,
    handle?: RequestOwner,
    ackResolves?: boolean,
  ): Promise<T>;
  rejectOwned(owner: RequestOwner, makeError: (request: string) => JanusError): void;
  forgetSession(session: JanusSession): void;
  /** A handle was attached: frames for it can be routed by its id alone. */
  trackHandle(handle: JanusHandle<unknown>): void;
  /** A handle ended. */
  forgetHandle(handle: JanusHandle<unknown>): void;
  /** Janus could not be told to destroy a session: do it once Janus answers again. False once the host is closing. */
  deferDestroy(sessionId: JanusId): boolean;
  /** Janus could not be told to detach a handle: do it once Janus answers again. False once the host is closing. */
  deferDetach(sessionId: JanusId, handleId: JanusId): boolean;
}

/**
 * Message kinds Janus may still send about a session or handle the library has already ended (its own destroy or
 * detach crossing them): ignored quietly wherever they find no owner.
 */
export const LATE_KINDS: ReadonlySet<string> = new Set(['detached', 'hangup', 'ice-failed', 'timeout']);
