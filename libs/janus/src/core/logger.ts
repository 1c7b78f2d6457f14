import type { JanusLogger, JanusLogLevel } from '../interfaces/logger.interface.js';

const LEVELS: Record<JanusLogLevel, number> = { error: 0, warn: 1, log: 2, debug: 3, verbose: 4 };

/** Default logger when none is given: one line per message on stdout/stderr, prefixed with `[Janus]`. */
export class ConsoleJanusLogger implements JanusLogger {
  constructor(private readonly context = 'Janus') {}
  log(message: string, ...params: unknown[]): void {
    console.log(`[${this.context}] ${message}`, ...params);
  }
  error(message: string, ...params: unknown[]): void {
    console.error(`[${this.context}] ${message}`, ...params);
  }
  warn(message: string, ...params: unknown[]): void {
    console.warn(`[${this.context}] ${message}`, ...params);
  }
  debug(message: string, ...params: unknown[]): void {
    console.debug(`[${this.context}] ${message}`, ...params);
  }
  verbose(message: string, ...params: unknown[]): void {
    console.debug(`[${this.context}] ${message}`, ...params);
  }
}

/**
 * The library's internal view of a logger: level checks are plain booleans so that callers can skip building
 * debug strings on the hot path (`if (log.debugEnabled) log.debug(...)`).
 */
export class LogSink {
  readonly errorEnabled: boolean;
  readonly warnEnabled: boolean;
  readonly logEnabled: boolean;
  readonly debugEnabled: boolean;
  readonly verboseEnabled: boolean;
  private readonly limited = new Map<string, { windowStart: number; count: number; suppressed: number }>();

  constructor(
    private readonly logger: JanusLogger | null,
    level: JanusLogLevel = 'log',
  ) {
    const max = logger ? LEVELS[level] : -1;
    this.errorEnabled = max >= 0;
    this.warnEnabled = max >= 1;
    this.logEnabled = max >= 2;
    this.debugEnabled = max >= 3 && typeof logger?.debug === 'function';
    this.verboseEnabled = max >= 4 && typeof logger?.verbose === 'function';
  }

  error(message: string, ...params: unknown[]): void {
    if (this.errorEnabled) this.logger!.error(message, ...params);
  }
  warn(message: string): void {
    if (this.warnEnabled) this.logger!.warn(message);
  }
  log(message: string): void {
    if (this.logEnabled) this.logger!.log(message);
  }
  debug(message: string): void {
    if (this.debugEnabled) this.logger!.debug!(message);
  }
  verbose(message: string): void {
    if (this.verboseEnabled) this.logger!.verbose!(message);
  }

  /**
   * Warns at most `max` times per `windowMs` for one `key`; the next warning after a quiet window says how many
   * were suppressed. For input from Janus that should never come (a flood must not flood the logs).
   */
  warnLimited(key: string, message: string, max = 5, windowMs = 10_000): void {
    if (!this.warnEnabled) return;
    const now = Date.now();
    let state = this.limited.get(key);
    if (!state || now - state.windowStart >= windowMs) {
      const suppressed = state?.suppressed ?? 0;
      state = { windowStart: now, count: 0, suppressed: 0 };
      this.limited.set(key, state);
      if (suppressed > 0) this.logger!.warn(`${suppressed} similar warnings suppressed (${key})`);
    }
    if (state.count < max) {
      state.count++;
      this.logger!.warn(message);
    } else {
      state.suppressed++;
    }
  }
}

/** Builds the sink from the `logger`/`logLevel` options: `false` silences, `undefined` uses the console. */
export function createLogSink(logger: JanusLogger | false | undefined, level?: JanusLogLevel): LogSink {
  if (logger === false) return new LogSink(null);
  return new LogSink(logger ?? new ConsoleJanusLogger(), level);
}
