import { AppError } from '../errors/index.js';

/** A token is missing, expired or invalid (`UNAUTHORIZED`). */
export class UnauthorizedError extends AppError {
  override readonly name: string = 'UnauthorizedError';
  constructor(reason: string) {
    super('UNAUTHORIZED', reason);
  }
}

/** The caller is known but lacks the role for this request (`FORBIDDEN`). */
export class ForbiddenError extends AppError {
  override readonly name: string = 'ForbiddenError';
  constructor(reason: string) {
    super('FORBIDDEN', reason);
  }
}
