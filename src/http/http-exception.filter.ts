import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { toHttpError } from './http-errors.js';

/**
 * Answers every error thrown by an HTTP handler, guard or pipe with its status and a JSON body
 * `{ code, message, janusCode? }` (see `toHttpError`). A 401 carries `WWW-Authenticate: Bearer` (RFC 6750).
 * Bind it with `@UseFilters(HttpExceptionFilter)` on a controller.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const { status, body, internal } = toHttpError(exception);
    if (internal) {
      const request = http.getRequest<{ method?: string; url?: string }>();
      this.logger.error(
        `unexpected error on ${request.method} ${request.url}`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (response.headersSent) return;
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json(body);
  }
}
