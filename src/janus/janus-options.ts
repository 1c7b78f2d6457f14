import type { JanusModuleOptions } from 'nestjs-janus';
import { redactUrl, type AppConfig } from '../config/index.js';

/** The connection name of the pool's servers after the first (`pool-1`, `pool-2`...); the first is the default one. */
export const POOL_CONNECTION_PREFIX = 'pool-';

/** One Janus server the app connects to: its Nest connection name and the options of its `JanusModule.forRoot`. */
export interface JanusServerSetup {
  /** The server's id in placements, the same on every instance: its (first) API URL as configured. */
  readonly id: string;
  /** The id without credentials, for logs, metrics and `/api/info`. */
  readonly label: string;
  /** `undefined` for the default connection (the first server), `pool-<n>` for the others. */
  readonly name: string | undefined;
  readonly options: JanusModuleOptions;
}

/**
 * The app's Janus connections from the validated env config. Without `JANUS_POOL`: one connection, every
 * `JANUS_URL` in order (failover), the API secret on each, the Admin API when configured. With `JANUS_POOL`: one
 * connection per server of the pool. `lazy`: the app starts (and `/health` answers) while Janus is still down;
 * `/health/ready` reports Janus until it connects.
 */
export function janusServersFrom(config: AppConfig): JanusServerSetup[] {
  const { urls, pool, apiSecret, admin } = config.janus;
  if (!pool) {
    return [
      {
        id: urls[0] ?? '',
        label: redactUrl(urls[0] ?? ''),
        name: undefined,
        options: { servers: urls.map((url) => ({ url, apiSecret })), admin, lazy: true },
      },
    ];
  }
  return pool.map((member, i) => ({
    id: member.url,
    label: redactUrl(member.url),
    name: i === 0 ? undefined : `${POOL_CONNECTION_PREFIX}${i}`,
    options: { servers: [{ url: member.url, apiSecret }], admin: member.admin, lazy: true },
  }));
}
