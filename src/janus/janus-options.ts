import type { JanusModuleOptions } from 'nestjs-janus';
import type { AppConfig } from '../config/index.js';

/**
 * The app's Janus connection from the validated env config: every `JANUS_URL` in order (failover), the API
 * secret on each, the Admin API when configured. `lazy`: the app starts (and `/health` answers) while Janus is
 * still down; `/health/ready` reports Janus until it connects.
 */
export function janusOptionsFrom(config: AppConfig): JanusModuleOptions {
  const { urls, apiSecret, admin } = config.janus;
  return {
    servers: urls.map((url) => ({ url, apiSecret })),
    admin: admin ? { url: admin.url, secret: admin.secret } : undefined,
    lazy: true,
  };
}
