import type { JanusError } from '../errors/janus.errors.js';
import type { LogSink } from './logger.js';
import type { JanusSession } from './session.js';

/** @internal What a session needs from its connection. */
export interface SessionHost {
  readonly log: LogSink;
  request<T>(
    kind: string,
    payload: Record<string, unknown>,
    timeoutMs?: number,
    sessionId?: number,
    handleId?: number,
    ackResolves?: boolean,
  ): Promise<T>;
  rejectOwned(owner: { sessionId: number } | { handleId: number }, makeError: (request: string) => JanusError): void;
  forgetSession(session: JanusSession): void;
}
