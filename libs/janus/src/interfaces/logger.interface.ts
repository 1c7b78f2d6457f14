/**
 * Anything with the shape of Nest's `LoggerService`: Nest's `Logger`, nestjs-pino's logger, or your own.
 * The core imports nothing from Nest; the Nest layer passes `new Logger('Janus')`.
 */
export interface JanusLogger {
  log(message: string, ...optionalParams: unknown[]): void;
  error(message: string, ...optionalParams: unknown[]): void;
  warn(message: string, ...optionalParams: unknown[]): void;
  debug?(message: string, ...optionalParams: unknown[]): void;
  verbose?(message: string, ...optionalParams: unknown[]): void;
}

/** The most detailed level the library emits: `debug`/`verbose` cost string building, so they are off by default. */
export type JanusLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
