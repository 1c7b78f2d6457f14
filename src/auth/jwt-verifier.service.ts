import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { createVerifier } from 'fast-jwt';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/index.js';
import { ForbiddenError, UnauthorizedError } from './auth.errors.js';
import type { Principal } from './principal.js';

/**
 * The longest token accepted, in characters. Node's HTTP server refuses headers this long anyway; the socket.io
 * handshake could carry far more, which would be parsed and hashed for nothing.
 */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * Verifies JWTs: HS256 with `JWT_SECRET` (fast-jwt, synchronously: Node's HMAC, about 8 us of CPU where jose's
 * WebCrypto verification took about 90 us and a thread-pool round trip, the largest single cost of a socket's
 * connect), or RS256/ES256 with keys from `JWT_JWKS_URL` (jose: fetched once, cached, refetched when an unknown
 * `kid` shows up). Maps the claims to a {@link Principal}.
 */
@Injectable()
export class JwtVerifier {
  /** HS256 with `JWT_SECRET`: the signature, `exp`, `nbf`, and `iss`/`aud` when configured. */
  private readonly hs256?: (token: string) => JWTPayload;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly config: AppConfig) {
    const { jwtSecret, jwksUrl, issuer, audience, requireExp } = config.auth;
    if (jwtSecret) {
      this.hs256 = createVerifier({
        key: jwtSecret,
        algorithms: ['HS256'],
        // fast-jwt checks `iss`/`aud` only when the token has them: configured, they are required.
        requiredClaims: [
          ...(requireExp ? ['exp'] : []),
          ...(issuer !== undefined ? ['iss'] : []),
          ...(audience !== undefined ? ['aud'] : []),
        ],
        ...(issuer !== undefined ? { allowedIss: issuer } : {}),
        ...(audience !== undefined ? { allowedAud: audience } : {}),
      }) as (token: string) => JWTPayload;
    }
    if (jwksUrl)
      this.jwks = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  }

  /**
   * The principal for a token. Without a token: anonymous when auth is optional, else `UnauthorizedError`.
   * A token that is present is always verified.
   */
  async authenticate(token: unknown): Promise<Principal> {
    if (token === undefined || token === null || token === '') {
      if (this.config.auth.required) throw new UnauthorizedError('a token is required');
      return { sub: `anonymous:${randomUUID()}`, roles: [], isAdmin: false, anonymous: true };
    }
    if (typeof token !== 'string') throw new UnauthorizedError('the token must be a string');
    return this.verify(token);
  }

  /**
   * Verifies a JWT and returns its principal; throws `UnauthorizedError` with the reason. The signature, `exp`
   * and `nbf` are checked, `iss` and `aud` when configured; a token without `exp` is refused unless
   * `JWT_REQUIRE_EXP=false`, and one longer than {@link MAX_TOKEN_LENGTH} without being parsed.
   */
  async verify(token: string): Promise<Principal> {
    const { issuer, audience, requireExp } = this.config.auth;
    const requiredClaims = requireExp ? ['exp'] : [];
    if (token.length > MAX_TOKEN_LENGTH) {
      throw new UnauthorizedError(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    }
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256' && this.hs256) {
        payload = this.hs256(token);
      } else if (this.jwks && (alg === 'RS256' || alg === 'ES256')) {
        const algorithms = ['RS256', 'ES256'];
        ({ payload } = await jwtVerify(token, this.jwks, { algorithms, issuer, audience, requiredClaims }));
      } else {
        throw new UnauthorizedError(`tokens signed with ${String(alg)} are not accepted`);
      }
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      throw new UnauthorizedError(`invalid token: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new UnauthorizedError('the token has no sub');
    const roles = readRoles(payload[this.config.auth.rolesClaim]);
    const isAdmin = roles.includes(this.config.auth.adminRole);
    // The verifier has checked that `exp`, when present, is a number in the future.
    const expiresAt = payload.exp === undefined ? undefined : payload.exp * 1000;
    return { sub: payload.sub, roles, isAdmin, anonymous: false, expiresAt };
  }

  /** Throws `ForbiddenError` unless the principal holds the admin role. */
  requireAdmin(principal: Principal | undefined, what: string): void {
    if (!principal?.isAdmin) throw new ForbiddenError(`${what} needs the ${this.config.auth.adminRole} role`);
  }
}

/** Roles as an array of strings, or a string separated by spaces or commas (as `scope` claims are). */
function readRoles(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((r): r is string => typeof r === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}
