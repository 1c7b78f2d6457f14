import { JanusCoreErrorCode, JanusRequestError } from 'nestjs-janus';
import { describe, expect, it } from 'vitest';

/** What callers test before treating a failed request as "its session or handle is already gone". */
describe('JanusRequestError: is the target gone', () => {
  it('458 means the session is gone, and so is the target', () => {
    const err = new JanusRequestError(JanusCoreErrorCode.SESSION_NOT_FOUND, 'No such session 1', 'message');
    expect([err.sessionNotFound, err.targetNotFound]).toEqual([true, true]);
  });

  it('459 means the handle is gone, not the session', () => {
    const err = new JanusRequestError(JanusCoreErrorCode.HANDLE_NOT_FOUND, 'No such handle 2 in session 1', 'message');
    expect([err.sessionNotFound, err.targetNotFound]).toEqual([false, true]);
  });

  it('any other code leaves both false', () => {
    const err = new JanusRequestError(JanusCoreErrorCode.UNAUTHORIZED_REQUEST, 'Unauthorized request', 'attach');
    expect([err.sessionNotFound, err.targetNotFound]).toEqual([false, false]);
  });
});
