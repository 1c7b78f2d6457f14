export { AuthModule } from './auth.module.js';
export { JwtVerifier } from './jwt-verifier.service.js';
export { ForbiddenError, UnauthorizedError } from './auth.errors.js';
export type { Principal } from './principal.js';
export * from './http/index.js';
