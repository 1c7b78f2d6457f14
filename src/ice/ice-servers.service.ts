import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/index.js';

/** One entry of `RTCConfiguration.iceServers`. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** What `GET /api/ice-servers` returns. */
export interface IceServersResponse {
  iceServers: IceServer[];
  /** Seconds the TURN credentials stay valid (absent when there is no TURN server). */
  ttl?: number;
}

/**
 * STUN/TURN servers for browsers. TURN credentials follow the TURN REST API scheme that coturn implements with
 * `use-auth-secret`: username `<unix expiry>:<user>`, credential `base64(HMAC-SHA1(secret, username))`, so no
 * long-lived TURN password ever reaches a browser.
 */
@Injectable()
export class IceServersService {
  constructor(private readonly config: AppConfig) {}

  /** The servers for `user` (the JWT's `sub`), with TURN credentials that expire in `TURN_CREDENTIAL_TTL_S`. */
  forUser(user: string, now = Date.now()): IceServersResponse {
    const { stunUrls, turnUrls, turnSecret, turnTtlSeconds } = this.config.ice;
    const iceServers: IceServer[] = [];
    if (stunUrls.length) iceServers.push({ urls: [...stunUrls] });
    if (turnUrls.length && turnSecret) {
      const expiry = Math.floor(now / 1000) + turnTtlSeconds;
      // `:` separates expiry and user in the scheme: keep it out of the user part.
      const username = `${expiry}:${user.replaceAll(':', '_')}`;
      iceServers.push({ urls: [...turnUrls], username, credential: turnCredential(turnSecret, username) });
      return { iceServers, ttl: turnTtlSeconds };
    }
    return { iceServers };
  }
}

/** `base64(HMAC-SHA1(secret, username))`: the TURN REST API password for `username`. */
export function turnCredential(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}
