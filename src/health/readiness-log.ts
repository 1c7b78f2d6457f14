import type { LoggerService } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';

/**
 * Logs changes of readiness, not probes: a warning with the reason when readiness goes down, a line when it is
 * back. A load balancer probing ten times a second through an outage leaves two lines, not one per probe.
 */
export class ReadinessLog {
  /** The last outcome; `undefined` before the first probe (a first success is not news). */
  private ready?: boolean;

  constructor(private readonly logger: LoggerService) {}

  /** A probe succeeded. */
  up(): void {
    if (this.ready === false) this.logger.log('readiness up again');
    this.ready = true;
  }

  /** A probe failed with `result` (terminus's body of the 503). */
  down(result: HealthCheckResult): void {
    if (this.ready !== false) this.logger.warn(`readiness down: ${reasonOf(result)}`);
    this.ready = false;
  }
}

/** The failed checks, e.g. `janus: not connected to Janus (state: reconnecting)`. */
function reasonOf(result: HealthCheckResult): string {
  const failed = Object.entries(result.error ?? {}).map(([key, details]) => {
    const { status, message, ...rest } = details as Record<string, unknown>;
    const extra = Object.entries(rest).map(([name, value]) => `${name}: ${String(value)}`);
    const text = typeof message === 'string' ? message : String(status);
    return `${key}: ${text}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
  });
  return failed.length > 0 ? failed.join('; ') : `status ${result.status}`;
}
