import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { JanusTarget } from './clients.js';
import { root, startServer, type RunningServer, type ServerOptions } from './server-process.js';

const JWT_SECRET = 'bench-secret-that-is-at-least-32-characters-long';

export type RunningApp = RunningServer;

/** A token the bench's app accepts (HS256, no roles). */
export function appToken(): Promise<string> {
  return new SignJWT({ roles: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/**
 * Starts the built app (`node dist/apps/app/main.js`, its production entry point) against `janus` on a free
 * loopback port, and waits until `/health/ready` says Janus is connected. `nodeFlags` go to node; with
 * `heapProbe` the app also gets `--expose-gc`, the heap probe preload and an IPC channel (see server-process.ts).
 * `env` is added to (and overrides) the bench's settings: `REDIS_URL`, `JANUS_POOL`...
 */
export function startApp(
  janus: JanusTarget,
  nodeFlags: readonly string[] = [],
  options: Omit<ServerOptions, 'nodeFlags'> = {},
  env: Record<string, string> = {},
): Promise<RunningApp> {
  return startServer(
    'the app',
    join(root, 'dist', 'apps', 'app', 'main.js'),
    {
      NODE_ENV: 'production',
      JANUS_URL: janus.url,
      JANUS_API_SECRET: janus.apiSecret ?? '',
      JWT_SECRET,
      LOG_LEVEL: 'error',
      // Every socket comes from 127.0.0.1: the per-address limit (default 100 joins per 10 s) would refuse them.
      RATE_LIMIT_POINTS: '1000000',
      RATE_LIMIT_IP_POINTS: '1000000',
      ...env,
    },
    '/health/ready',
    { ...options, nodeFlags },
  );
}
