import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HttpErrorBody } from './http-errors.js';

/** The body of every error response (OpenAPI schema of {@link HttpErrorBody}). */
export class ErrorBodyDto implements HttpErrorBody {
  @ApiProperty({
    description:
      'Stable error code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, JANUS_ERROR, TIMEOUT, ' +
      'BACKEND_FAILURE, SESSION_NOT_AVAILABLE, RATE_LIMITED, INTERNAL, or the name of another HTTP status',
    example: 'NOT_FOUND',
  })
  code!: string;

  @ApiProperty({ example: 'No such room (987654)' })
  message!: string;

  @ApiPropertyOptional({ description: "Janus's error code, when Janus refused the request", example: 426 })
  janusCode?: number;
}
