import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, JwtVerifier, UnauthorizedError, type Principal } from '../auth/index.js';
import { AppConfig } from '../config/index.js';

/** What a WHIP/WHEP request wants to do. */
export type WhipAction = 'publish' | 'play' | 'echo';

/** Who made a WHIP/WHEP request, as far as the resource needs to remember. */
export interface WhipCaller {
  /** The JWT's `sub`, `whip-token:<room>` for a room's static token, or `anonymous:<id>`. */
  readonly sub: string;
  readonly via: 'jwt' | 'room-token' | 'anonymous';
  /** SHA-256 of the Bearer token that created the resource (absent without one). */
  readonly tokenHash?: Buffer;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * RFC 9725 authentication: `Authorization: Bearer <token>` where the token is a JWT (the app's `JwtVerifier`) or,
 * for encoders and players that can only hold a static token, the room's token from `WHIP_TOKENS`. Without a
 * header the request is anonymous when `AUTH_REQUIRED=false`, else refused.
 */
@Injectable()
export class WhipAuth {
  private readonly roomTokens: ReadonlyMap<number, Buffer>;

  constructor(
    private readonly config: AppConfig,
    private readonly verifier: JwtVerifier,
  ) {
    this.roomTokens = new Map([...config.whip.roomTokens].map(([room, token]) => [room, sha256(token)]));
  }

  /** The caller if it may do `action` (in `room`); throws `UnauthorizedError` (401) or `ForbiddenError` (403) otherwise. */
  async authorize(authorization: string | undefined, action: WhipAction, room?: number): Promise<WhipCaller> {
    const token = bearerToken(authorization);
    if (token !== undefined) {
      const hash = sha256(token);
      const tokenRoom = this.roomOfToken(hash);
      if (tokenRoom !== undefined) {
        if (action === 'echo' || tokenRoom !== room) {
          throw new ForbiddenError(`this token is for room ${tokenRoom} only`);
        }
        return { sub: `whip-token:${tokenRoom}`, via: 'room-token', tokenHash: hash };
      }
      const principal = await this.verifier.verify(token);
      this.requireRole(principal, action);
      return { sub: principal.sub, via: 'jwt', tokenHash: hash };
    }
    const principal = await this.verifier.authenticate(undefined);
    if (action === 'publish' && this.config.whip.publishRole) {
      throw new UnauthorizedError(`publishing needs a token with the ${this.config.whip.publishRole} role`);
    }
    return { sub: principal.sub, via: 'anonymous' };
  }

  /**
   * Checks a request on an existing resource: it must carry the token that created the resource, or (for a JWT)
   * another valid JWT of the same subject. A resource created without a token needs none.
   */
  async authorizeResource(authorization: string | undefined, owner: WhipCaller): Promise<void> {
    if (!owner.tokenHash) return;
    const token = bearerToken(authorization);
    if (token === undefined) throw new UnauthorizedError('a token is required');
    const hash = sha256(token);
    if (timingSafeEqual(hash, owner.tokenHash)) return;
    if (this.roomOfToken(hash) !== undefined) {
      throw new ForbiddenError('this token is not the one of this resource');
    }
    // Another JWT: it must be valid (else 401), and of the subject that created the resource (else 403).
    const principal = await this.verifier.verify(token);
    if (owner.via !== 'jwt' || principal.sub !== owner.sub) {
      throw new ForbiddenError('this resource belongs to someone else');
    }
  }

  private roomOfToken(hash: Buffer): number | undefined {
    for (const [room, expected] of this.roomTokens) if (timingSafeEqual(hash, expected)) return room;
    return undefined;
  }

  private requireRole(principal: Principal, action: WhipAction): void {
    const role = this.config.whip.publishRole;
    if (action !== 'publish' || !role || principal.isAdmin || principal.roles.includes(role)) return;
    throw new ForbiddenError(`publishing needs the ${role} role`);
  }
}

/** The token of `Authorization: Bearer <token>`; a header of another form is refused (401). */
function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization.trim());
  if (!m) throw new UnauthorizedError('expected "Authorization: Bearer <token>"');
  return m[1];
}
