import { ErrorCode, HTTP_ONLY_ERROR_CODES } from '../errors/index.js';

/**
 * The codes a socket can get (`code` of `*-error` events and failed acks; docs/PROTOCOL.md's table): the app's
 * codes (src/errors) but those only the HTTP side answers with.
 */
export const SIGNALING_ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode).filter(
  (code) => !HTTP_ONLY_ERROR_CODES.has(code),
);
