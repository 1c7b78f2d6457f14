import { Controller, Get } from '@nestjs/common';
import { AppConfig } from '../config/index.js';

export interface AppInfo {
  name: 'nestjs-janus';
  /**
   * The Janus URLs the app is configured with (`JANUS_URL`, or the servers of `JANUS_POOL`), without credentials,
   * query or fragment.
   */
  janusUrls: string[];
  /** Whether the Janus Admin API is configured (with a pool: for every server; its URL and secret are not shown). */
  janusAdmin: boolean;
  authRequired: boolean;
}

/** Public facts about this deployment for the demo page at `/`. Never returns a secret. */
@Controller('info')
export class InfoController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  info(): AppInfo {
    const { pool } = this.config.janus;
    return {
      name: 'nestjs-janus',
      janusUrls: (pool ? pool.map((m) => m.url) : this.config.janus.urls).map(publicUrl),
      janusAdmin: pool ? pool.every((m) => m.admin !== undefined) : this.config.janus.admin !== undefined,
      authRequired: this.config.authRequired,
    };
  }
}

/** `scheme://host:port/path` of a URL: no user name, password, query or fragment. */
export function publicUrl(value: string): string {
  const url = new URL(value);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}
