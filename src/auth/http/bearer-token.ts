import type { Request } from 'express';
import { UnauthorizedError } from '../auth.errors.js';
import type { Principal } from '../principal.js';

/** An HTTP request once {@link JwtAuthGuard} has run: `principal` is who is calling. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750), or `undefined` when the request has no
 * `Authorization` header. Any other scheme, or a Bearer header without a token, is refused (`UnauthorizedError`).
 */
export function bearerTokenOf(request: Pick<Request, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(header);
  if (!match) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
  return match[1];
}
