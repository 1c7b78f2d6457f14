import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { toHttpError } from './http-errors.js';

/**
 * Answers every error thrown by an HTTP handler, guard or pipe with its status, the headers it asks for, and a JSON
 * body `{ code, message, janusCode? }` (see `toHttpError`). A 401 carries a `WWW-Authenticate` Bearer challenge
 * (RFC 6750). Bind it with `@UseFilters(HttpExceptionFilter)` on a controller.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  /** The `WWW-Authenticate` header of a 401. */
  protected readonly challenge: string = 'Bearer';
  protected readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const { status, body, headers, internal } = toHttpError(exception);
    if (internal) {
      const request = http.getRequest<{ method?: string; url?: string }>();
      this.logger.error(
        `unexpected error on ${request.method} ${request.url}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (response.headersSent) return;
    if (status === 401) response.setHeader('WWW-Authenticate', this.challenge);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }
}
