/** Who is calling: taken from a verified JWT, or anonymous when auth is not required and no token was given. */
export interface Principal {
  /** The token's `sub`, or `anonymous:<id>`. */
  readonly sub: string;
  /** Roles from the configured claim (`JWT_ROLES_CLAIM`). */
  readonly roles: readonly string[];
  /** Holds the configured admin role (`JWT_ADMIN_ROLE`): may administer rooms. */
  readonly isAdmin: boolean;
  /** No token was presented (only possible with `AUTH_REQUIRED=false`). */
  readonly anonymous: boolean;
  /**
   * When the token expires (its `exp`, in ms since the epoch); `undefined` for anonymous callers and tokens without
   * `exp` (`JWT_REQUIRE_EXP=false`). Sockets are disconnected at this time.
   */
  readonly expiresAt?: number;
}
