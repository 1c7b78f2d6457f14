export { bearerTokenOf, type AuthenticatedRequest } from './bearer-token.js';
export { JwtAuthGuard, principalOfRequest } from './jwt-auth.guard.js';
export { AdminGuard, RolesGuard, REQUIRED_ROLES } from './role.guards.js';
export { Authenticated, BEARER_AUTH, CurrentPrincipal, RequireAdmin, RequireRoles } from './auth.decorators.js';
