import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
// The error body schema only (no runtime dependency on the rest of src/http, which imports this module).
import { ErrorBodyDto } from '../../http/error-body.dto.js';
import type { Principal } from '../principal.js';
import { JwtAuthGuard, principalOfRequest } from './jwt-auth.guard.js';
import { AdminGuard, REQUIRED_ROLES, RolesGuard } from './role.guards.js';

/** The name of the Bearer security scheme in the OpenAPI document (`DocumentBuilder.addBearerAuth`). */
export const BEARER_AUTH = 'bearer';

/** Any caller with a valid Bearer JWT (anonymous callers too when `AUTH_REQUIRED=false`). On a controller or a handler. */
export function Authenticated(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(JwtAuthGuard),
    ApiBearerAuth(BEARER_AUTH),
    ApiUnauthorizedResponse({ description: 'No valid Bearer token', type: ErrorBodyDto }),
  );
}

/** Callers whose Bearer JWT has the admin role (`JWT_ADMIN_ROLE`): 401 without a valid token, 403 without the role. */
export function RequireAdmin(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(JwtAuthGuard, AdminGuard),
    ApiBearerAuth(BEARER_AUTH),
    ApiUnauthorizedResponse({ description: 'No valid Bearer token', type: ErrorBodyDto }),
    ApiForbiddenResponse({ description: 'The token lacks the admin role', type: ErrorBodyDto }),
  );
}

/** Callers whose Bearer JWT has every one of `roles` (`JWT_ROLES_CLAIM`): 401 without a valid token, 403 without them. */
export function RequireRoles(...roles: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(BEARER_AUTH),
    ApiUnauthorizedResponse({ description: 'No valid Bearer token', type: ErrorBodyDto }),
    ApiForbiddenResponse({ description: `The token lacks a role of: ${roles.join(', ')}`, type: ErrorBodyDto }),
  );
}

/** The caller's {@link Principal} in a handler guarded by one of the decorators above. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOfRequest(context),
);
