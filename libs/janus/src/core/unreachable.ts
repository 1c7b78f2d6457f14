import { JanusConnectionClosedError, JanusTimeoutError } from '../errors/janus.errors.js';

/** @internal Errors after which it is unknown whether Janus carried a request out: the link dropped, or no reply came. */
export function isUnreachableError(err: unknown): boolean {
  return err instanceof JanusConnectionClosedError || err instanceof JanusTimeoutError;
}
