import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '../auth.errors.js';
import { JwtVerifier } from '../jwt-verifier.service.js';
import { principalOfRequest } from './jwt-auth.guard.js';

/** Metadata key of {@link RequireRoles}: the roles a handler or controller needs (all of them). */
export const REQUIRED_ROLES = 'nestjs-janus-app:required-roles';

/** A short name of the guarded route for error messages: `GET /api/rooms`. */
function routeOf(context: ExecutionContext): string {
  const request = context.switchToHttp().getRequest<{ method?: string; route?: { path?: string }; url?: string }>();
  return `${request.method ?? ''} ${request.route?.path ?? request.url ?? ''}`.trim();
}

/**
 * Lets only callers with the configured admin role (`JWT_ADMIN_ROLE`) through: 401 when anonymous, 403 when the
 * token lacks the role. Runs after {@link JwtAuthGuard} (use `@RequireAdmin()`, which puts both in order).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly verifier: JwtVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = principalOfRequest(context);
    if (principal.anonymous) throw new UnauthorizedError('a token is required');
    this.verifier.requireAdmin(principal, routeOf(context));
    return true;
  }
}

/**
 * Lets only callers holding every role given with `@RequireRoles(...)` (on the handler, else the controller)
 * through: 401 when anonymous, 403 when a role is missing. Runs after {@link JwtAuthGuard}.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles =
      this.reflector.getAllAndOverride<readonly string[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const principal = principalOfRequest(context);
    if (roles.length === 0) return true;
    if (principal.anonymous) throw new UnauthorizedError('a token is required');
    const missing = roles.filter((role) => !principal.roles.includes(role));
    if (missing.length > 0) throw new ForbiddenError(`${routeOf(context)} needs the ${missing.join(', ')} role`);
    return true;
  }
}
