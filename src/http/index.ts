export { toHttpError, type HttpErrorBody, type HttpErrorResponse } from './http-errors.js';
export { HttpExceptionFilter } from './http-exception.filter.js';
export { ApiValidationPipe, JanusIdPipe } from './validation.pipes.js';
export { ErrorBodyDto } from './error-body.dto.js';
export { OPENAPI_PATH, setupOpenApi } from './openapi.js';
