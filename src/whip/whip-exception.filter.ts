import { Catch, Logger } from '@nestjs/common';
import { HttpExceptionFilter } from '../http/index.js';

/**
 * Answers every error of the WHIP/WHEP controller as the rest of the HTTP side does (the app's error table:
 * `{ code, message, janusCode? }` and the status of the code, with the headers the error asks for, such as `Allow`
 * with a 405), with the WHIP realm in the 401's challenge. The statuses RFC 9725 asks for are codes of the table.
 */
@Catch()
export class WhipExceptionFilter extends HttpExceptionFilter {
  protected override readonly challenge = 'Bearer realm="whip"';
  protected override readonly logger = new Logger('WHIP');
}
