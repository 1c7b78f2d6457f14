import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { UnauthorizedError } from '../auth.errors.js';
import { JwtVerifier } from '../jwt-verifier.service.js';
import type { Principal } from '../principal.js';
import { bearerTokenOf, type AuthenticatedRequest } from './bearer-token.js';

/**
 * Authenticates an HTTP request by its `Authorization: Bearer <JWT>` header and puts the {@link Principal} on the
 * request (`request.principal`, or `@CurrentPrincipal()` in a handler). A missing token is refused
 * (`UnauthorizedError`, 401) unless `AUTH_REQUIRED=false`, where the caller is anonymous; a token that is present
 * is always verified. Runs once per request: a principal already on the request is kept.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal ??= await this.verifier.authenticate(bearerTokenOf(request));
    return true;
  }
}

/** The principal {@link JwtAuthGuard} put on the request; `UnauthorizedError` when the guard did not run. */
export function principalOfRequest(context: ExecutionContext): Principal {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new UnauthorizedError('a token is required');
  return principal;
}
