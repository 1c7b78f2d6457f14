export { AppError, ErrorCode, HTTP_ONLY_ERROR_CODES, type AppErrorOptions } from './app-error.js';
export {
  BACKEND_FAILURE,
  HANDLE_NOT_AVAILABLE,
  HTTP_STATUS_OF,
  SESSION_NOT_AVAILABLE,
  toAppError,
} from './error-table.js';
