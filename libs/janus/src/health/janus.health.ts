import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DEFAULT_JANUS_CONNECTION } from '../nest/janus.constants.js';
import { JanusService } from '../nest/janus.service.js';
import { getJanusServiceToken } from '../nest/janus.utils.js';

/** Options of {@link JanusHealthIndicator.isHealthy}. */
export interface JanusHealthCheckOptions {
  /** Which connection to check (default: the default connection). */
  connection?: string | undefined;
  /** How long `info` may take before the check is down (default 3000 ms). */
  timeoutMs?: number | undefined;
}

/** Data of an `up` Janus check. */
export interface JanusHealthUp extends Record<string, unknown> {
  /** Round trip of the `info` request, in milliseconds. */
  latencyMs: number;
  /** Janus's `version_string`, e.g. `1.1.2`. */
  version: string;
}

/** Data of a `down` Janus check. */
export interface JanusHealthDown extends Record<string, unknown> {
  /** Why the check failed (not connected, timeout, error reply). */
  message: string;
  /** The connection state at the time of the check. */
  state: string;
  /** Why the last connect attempt failed, while not connected (e.g. `ws://...: Janus refused the credentials ...`). */
  lastError?: string;
}

/**
 * A `@nestjs/terminus` health indicator: up when the Janus connection answers `info` within a timeout (with
 * its latency and the server version), down with the reason otherwise.
 *
 * ```ts
 * @Get('ready') @HealthCheck()
 * ready() { return this.health.check([() => this.janus.isHealthy('janus')]); }
 * ```
 */
@Injectable()
export class JanusHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Checks one connection with an `info` round trip; the result is keyed by `key`. */
  async isHealthy<const Key extends string = 'janus'>(
    key: Key = 'janus' as Key,
    options: JanusHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const name = options.connection ?? DEFAULT_JANUS_CONNECTION;
    const janus = this.find(name);
    if (!janus)
      return indicator.down<JanusHealthDown>({ message: `no Janus connection named "${name}"`, state: 'none' });
    const started = performance.now();
    try {
      const info = await janus.info({ timeoutMs: options.timeoutMs ?? 3000 });
      return indicator.up<JanusHealthUp>({
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        version: info.version_string,
      });
    } catch (err) {
      // Not connected: why the last connect attempt failed says more than "not connected" (e.g. refused credentials).
      const cause = janus.connection.lastError;
      return indicator.down<JanusHealthDown>({
        message: err instanceof Error ? err.message : String(err),
        state: janus.state,
        ...(cause !== undefined ? { lastError: cause } : {}),
      });
    }
  }

  private find(name: string): JanusService | undefined {
    try {
      return this.moduleRef.get<JanusService>(getJanusServiceToken(name), { strict: false });
    } catch {
      return undefined;
    }
  }
}
