import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's own startup chatter: one line per module, gateway and route. Useful when debugging the wiring, noise
 * otherwise (about ninety lines that bury the line saying where the app listens).
 */
const STARTUP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
  'NestApplication',
]);

/** Nest's console logger, with Nest's startup lines at `debug` instead of `log` (`LOG_LEVEL=debug` shows them). */
export class AppLogger extends ConsoleLogger {
  constructor(logLevels: LogLevel[]) {
    super({ logLevels });
  }

  override log(message: unknown, context?: string): void;
  override log(message: unknown, ...optionalParams: unknown[]): void;
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }
}
