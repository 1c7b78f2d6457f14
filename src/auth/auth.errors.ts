/** A token is missing, expired or invalid. `code` is the protocol's `UNAUTHORIZED`. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  readonly code = 'UNAUTHORIZED';
  constructor(reason: string) {
    super(reason);
  }
}

/** The caller is known but lacks the role for this request. `code` is the protocol's `FORBIDDEN`. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  readonly code = 'FORBIDDEN';
  constructor(reason: string) {
    super(reason);
  }
}
