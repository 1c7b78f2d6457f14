import type { JanusLogger } from 'nestjs-janus';

/** A logger that records every line by level, for asserting what the library logs. */
export class CaptureLogger implements JanusLogger {
  readonly lines: Array<{ level: string; message: string }> = [];
  log(message: string): void {
    this.lines.push({ level: 'log', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  verbose(message: string): void {
    this.lines.push({ level: 'verbose', message });
  }
  at(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}
